/**
 * The argument schemas of the dashboard contract: one zod tuple per DashboardApi method, used by BOTH transports
 * (main/ipc.ts validates `invoke` arguments with it, proxy/src/http/routes/api.ts the tuple a route built from the
 * request). The table is typed against DashboardApi in both directions, so a method cannot exist in one and not
 * the other, and a schema whose output is not exactly the method's parameters does not compile.
 * Tuples reject extra arguments; option objects are strict (an unknown option is refused, not ignored).
 */
import { z } from 'zod';
import type { DashboardApi, DashboardMethod } from '../contract.js';
import { CHANGE_ID_RE } from '../claude-code/change-journal.js';
import { ContractError } from './errors.js';

export const MAX_ACCOUNT_ID_LENGTH = 128;
export const MAX_PASTE_LENGTH = 8192;
export const MAX_PATH_LENGTH = 4096;
const CONTROL = /[\u0000-\u001f\u007f]/;
const TOKEN_ID = /^[\w.:-]{1,200}$/;

/** An account id, e-mail or ChatGPT account id, as the dashboard and the seed routes name accounts. */
export const accountRef = z
  .string({ error: 'account id must be a string' })
  .min(1, 'account id must not be empty')
  .max(MAX_ACCOUNT_ID_LENGTH, `account id must be at most ${MAX_ACCOUNT_ID_LENGTH} characters`)
  .refine((s) => !CONTROL.test(s), 'account id must not contain control characters');

export const pastedCallback = z
  .string({ error: 'paste the callback URL' })
  .max(MAX_PASTE_LENGTH, `paste the callback URL (at most ${MAX_PASTE_LENGTH} characters)`)
  .refine((s) => s.trim().length > 0, 'paste the callback URL');

export const codexAuthFile = z
  .string({ error: 'file must be a path' })
  .min(1, 'file must be a path')
  .max(MAX_PATH_LENGTH, `file must be at most ${MAX_PATH_LENGTH} characters`)
  .refine((s) => !CONTROL.test(s) && /(?:^|[\\/])auth\.json$/.test(s), 'Only a Codex auth.json can be imported');

const loginMode = z.enum(['browser', 'paste'], { error: 'mode must be "browser" or "paste"' });
const tokenId = (what: string) => z.string({ error: `${what} must be a string` }).regex(TOKEN_ID, `${what} is malformed`);
const flag = z.boolean({ error: 'must be a boolean' });
const requestLimit = z.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1).max(500);
const opts = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, { error: 'options must be an object of known flags' });

const none = z.tuple([]);

/** Exactly `A`, both ways: a schema that accepts more or less than the method's parameters is a compile error. */
type Exact<S, A> = [z.output<S>] extends [A] ? ([A] extends [z.output<S>] ? S : never) : never;
type SchemaTable = { readonly [K in DashboardMethod]: z.ZodType<Parameters<DashboardApi[K]>> };

function table<T extends SchemaTable>(t: T & { [K in DashboardMethod]: Exact<T[K], Parameters<DashboardApi[K]>> }): T {
  return t;
}

export const argSchemas = table({
  getStatus: none,
  listAccounts: none,
  switchAccount: z.tuple([accountRef]),
  setEnabled: z.tuple([flag]),
  getLaneStats: none,
  listRequests: z.tuple([requestLimit.optional()]),
  getModels: none,
  startLogin: z.tuple([loginMode]),
  startDeviceLogin: none,
  loginStatus: z.tuple([tokenId('login id')]),
  completeLogin: z.tuple([pastedCallback]),
  importCodexAccount: z.tuple([codexAuthFile.optional()]),
  removeAccount: z.tuple([accountRef]),
  setAccountDisabled: z.tuple([accountRef, flag]),
  refreshAccount: z.tuple([accountRef]),
  refreshAllAccounts: none,
  refreshQuota: z.tuple([accountRef.optional()]),
  getClaudeConfig: none,
  configureClaude: z.tuple([opts({ dryRun: flag.optional(), statusLine: flag.optional() })]),
  useClaudeDirect: z.tuple([opts({ dryRun: flag.optional() })]),
  revertClaudeConfig: z.tuple([opts({ force: flag.optional() })]),
  runDoctor: none,
  applyDoctorFix: z.tuple([tokenId('finding id')]),
  undoDoctorFix: z.tuple([z.string({ error: 'change id must be a string' }).regex(CHANGE_ID_RE, 'change id is malformed'), opts({ force: flag.optional() })]),
  getCompat: none,
  getStatusline: none,
});

function describe(method: string, issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return `${method}: invalid arguments`;
  if (issue.path.length === 0 && issue.code === 'too_big') return `${method}: too many arguments`;
  if (issue.path.length === 0 && issue.code === 'too_small') return `${method}: missing arguments`;
  const [index, ...inner] = issue.path;
  const where = typeof index === 'number' ? `argument ${index + 1}` : 'arguments';
  return `${method}: ${where}${inner.length ? ` (${inner.join('.')})` : ''}: ${issue.message}`;
}

/** The method's arguments, validated: a fresh tuple of exactly its parameter types, or `invalid_argument`. */
export function parseArgs<K extends DashboardMethod>(method: K, args: readonly unknown[]): Parameters<DashboardApi[K]> {
  // TS cannot correlate the table entry with K through the union of method names; `table` checked it exactly.
  const schema = argSchemas[method] as unknown as z.ZodType<Parameters<DashboardApi[K]>>;
  const r = schema.safeParse(args);
  if (r.success) return r.data;
  throw new ContractError('invalid_argument', describe(method, r.error.issues[0]));
}
