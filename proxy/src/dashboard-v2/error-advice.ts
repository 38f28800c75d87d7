/** Pure: what to do about a failed request, in words (the Overview's "last errors"). */
import type { RequestRecord } from '../logs/request-log.js';
import { isRejected } from '../requests/record.js';

export function errorAdvice(r: Pick<RequestRecord, 'status' | 'errorType' | 'attempts' | 'outcome'>): string {
  const rejected = isRejected(r as RequestRecord);
  if (rejected && (r.status === 401 || r.status === 403)) return 'The client sent no or a wrong API key: use the key from Settings → Client API key, or run “Configure” on the Claude Code tab.';
  if (rejected && r.status === 413) return 'The request is larger than the proxy accepts; start a new conversation or compact it (/compact).';
  if (rejected && r.status === 415) return 'The client did not send JSON (content-type application/json).';
  if (rejected) return 'The client sent a request the proxy could not read; the error names the field. Update the client if it is new.';
  if (r.status === 401 || r.errorType === 'authentication_error') return 'An account needs a new sign-in: use “Sign in again” on the Accounts tab.';
  if (r.status === 429 || r.errorType === 'rate_limit_error') return 'Every usable account hit its limit: add or import another account, or wait for the reset shown on the Accounts tab.';
  if (r.status === 529 || r.status >= 500 || r.errorType === 'overloaded_error') return 'Codex was overloaded or cut the stream; Claude Code retries by itself. If it persists, check the upstream transport in Settings.';
  if (r.errorType === 'invalid_request_error' || r.status === 400) return 'Codex refused the request (e.g. prompt too long or a model the plan lacks); open its detail for the mapped error.';
  if (r.status === 503) return 'The proxy is switched off: turn it on on the Overview tab.';
  return 'Open the request’s detail for the upstream error.';
}
