/**
 * The one place a failure of a DashboardApi call gets its contract code: by the error's class (and the typed
 * fields some classes carry), never by its message. Both transports call it (main/ipc.ts, http/routes/api.ts).
 * An error no rule knows is `internal` (status 500), and the caller logs it.
 */
import { LoginError, RefreshError } from '../accounts/token-client.js';
import { CodexAuthFileError } from '../accounts/codex-auth-file.js';
import { AccountStoreError } from '../accounts/store.js';
import { ChangeError } from '../claude-code/change-journal.js';
import { ClaudeSettingsError } from '../claude-code/settings-file.js';
import { ConfigError } from '../config.js';
import { LockTimeoutError } from '../file-lock.js';
import { ContractError, INTERNAL_MESSAGE, type ContractErrorCode } from './errors.js';

function codeOf(e: Error): ContractErrorCode | null {
  if (e instanceof LoginError) return e.code === 'port_in_use' ? 'conflict' : 'invalid_argument';
  if (e instanceof RefreshError) return e.permanent ? 'invalid_argument' : 'unavailable';
  if (e instanceof CodexAuthFileError || e instanceof ConfigError) return 'invalid_argument';
  if (e instanceof ClaudeSettingsError || e instanceof ChangeError || e instanceof LockTimeoutError) return 'conflict';
  if (e instanceof AccountStoreError) return 'conflict';
  return null;
}

/**
 * The ContractError for any thrown value; `internal` when no rule knows it. The message is kept (the dashboard
 * showed it before there were codes, and domain errors never carry a token); a value that is not an Error gets
 * the generic one.
 */
export function toContractError(e: unknown): ContractError {
  if (e instanceof ContractError) return e;
  if (!(e instanceof Error)) return new ContractError('internal', INTERNAL_MESSAGE);
  return new ContractError(codeOf(e) ?? 'internal', e.message || INTERNAL_MESSAGE);
}
