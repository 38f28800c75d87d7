/**
 * Runtime validation of everything that crosses the IPC boundary into main: one validator per DashboardApi method.
 * The mapped type makes coverage compile-checked (a method without a validator does not build). Each validator
 * returns a fresh, exactly-typed argument tuple, so nothing the renderer sent is passed on unchecked.
 */
import type { DashboardApi } from '../proxy/src/contract.js';
import { CHANGE_ID_RE } from '../proxy/src/claude-code/change-journal.js';

export type Validators = { [K in keyof DashboardApi]: (args: readonly unknown[]) => Parameters<DashboardApi[K]> };

export const MAX_ACCOUNT_ID_LENGTH = 128;
export const MAX_PASTE_LENGTH = 8192;
export const MAX_PATH_LENGTH = 4096;
const CONTROL = /[\u0000-\u001f\u007f]/;
const FINDING_ID = /^[\w.:-]{1,200}$/;
const LOGIN_ID = /^[\w.:-]{1,200}$/;

function arity(name: string, args: readonly unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : `${min}–${max}`;
    throw new TypeError(`${name} takes ${want} argument${max === 1 ? '' : 's'}, got ${args.length}`);
  }
}

function accountRef(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ACCOUNT_ID_LENGTH || CONTROL.test(value)) {
    throw new TypeError(`${name}: account id must be a non-empty string of at most ${MAX_ACCOUNT_ID_LENGTH} characters`);
  }
  return value;
}

function bool(name: string, what: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name}: ${what} must be a boolean`);
  return value;
}

function matching(name: string, what: string, value: unknown, re: RegExp): string {
  if (typeof value !== 'string' || !re.test(value)) throw new TypeError(`${name}: ${what} is malformed`);
  return value;
}

/** A plain object whose keys are all in `keys`, each boolean or absent. Returns a copy with just those keys. */
function flags<K extends string>(name: string, value: unknown, keys: readonly K[]): { [P in K]?: boolean } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) {
    throw new TypeError(`${name}: options must be an object`);
  }
  const out: { [P in K]?: boolean } = {};
  for (const [k, v] of Object.entries(value)) {
    if (!(keys as readonly string[]).includes(k)) throw new TypeError(`${name}: unknown option ${JSON.stringify(k.slice(0, 40))}`);
    if (v === undefined) continue;
    out[k as K] = bool(name, k, v);
  }
  return out;
}

const none =
  (name: string) =>
  (args: readonly unknown[]): [] => {
    arity(name, args, 0);
    return [];
  };

export const validators: Validators = {
  getStatus: none('getStatus'),
  listAccounts: none('listAccounts'),
  getLaneStats: none('getLaneStats'),
  getModels: none('getModels'),
  startDeviceLogin: none('startDeviceLogin'),
  refreshAllAccounts: none('refreshAllAccounts'),
  getClaudeConfig: none('getClaudeConfig'),
  runDoctor: none('runDoctor'),
  getCompat: none('getCompat'),
  getStatusline: none('getStatusline'),
  switchAccount: (args) => {
    arity('switchAccount', args, 1);
    return [accountRef('switchAccount', args[0])];
  },
  setEnabled: (args) => {
    arity('setEnabled', args, 1);
    return [bool('setEnabled', 'enabled', args[0])];
  },
  listRequests: (args) => {
    arity('listRequests', args, 0, 1);
    const [limit] = args;
    if (limit === undefined) return [];
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new TypeError('listRequests: limit must be an integer between 1 and 500');
    }
    return [limit];
  },
  startLogin: (args) => {
    arity('startLogin', args, 1);
    const [mode] = args;
    if (mode !== 'browser' && mode !== 'paste') throw new TypeError('startLogin: mode must be "browser" or "paste"');
    return [mode];
  },
  loginStatus: (args) => {
    arity('loginStatus', args, 1);
    return [matching('loginStatus', 'login id', args[0], LOGIN_ID)];
  },
  completeLogin: (args) => {
    arity('completeLogin', args, 1);
    const [pasted] = args;
    if (typeof pasted !== 'string' || pasted.trim().length === 0 || pasted.length > MAX_PASTE_LENGTH) {
      throw new TypeError(`completeLogin: paste the callback URL (at most ${MAX_PASTE_LENGTH} characters)`);
    }
    return [pasted];
  },
  importCodexAccount: (args) => {
    arity('importCodexAccount', args, 0, 1);
    const [file] = args;
    if (file === undefined) return [];
    if (typeof file !== 'string' || file.length === 0 || file.length > MAX_PATH_LENGTH || CONTROL.test(file) || !/(?:^|[\\/])auth\.json$/.test(file)) {
      throw new TypeError('importCodexAccount: file must be the path of a Codex auth.json');
    }
    return [file];
  },
  removeAccount: (args) => {
    arity('removeAccount', args, 1);
    return [accountRef('removeAccount', args[0])];
  },
  setAccountDisabled: (args) => {
    arity('setAccountDisabled', args, 2);
    return [accountRef('setAccountDisabled', args[0]), bool('setAccountDisabled', 'disabled', args[1])];
  },
  refreshAccount: (args) => {
    arity('refreshAccount', args, 1);
    return [accountRef('refreshAccount', args[0])];
  },
  refreshQuota: (args) => {
    arity('refreshQuota', args, 0, 1);
    return args[0] === undefined ? [] : [accountRef('refreshQuota', args[0])];
  },
  configureClaude: (args) => {
    arity('configureClaude', args, 1);
    return [flags('configureClaude', args[0], ['dryRun', 'statusLine'] as const)];
  },
  useClaudeDirect: (args) => {
    arity('useClaudeDirect', args, 1);
    return [flags('useClaudeDirect', args[0], ['dryRun'] as const)];
  },
  revertClaudeConfig: (args) => {
    arity('revertClaudeConfig', args, 1);
    return [flags('revertClaudeConfig', args[0], ['force'] as const)];
  },
  applyDoctorFix: (args) => {
    arity('applyDoctorFix', args, 1);
    return [matching('applyDoctorFix', 'finding id', args[0], FINDING_ID)];
  },
  undoDoctorFix: (args) => {
    arity('undoDoctorFix', args, 2);
    return [matching('undoDoctorFix', 'change id', args[0], CHANGE_ID_RE), flags('undoDoctorFix', args[1], ['force'] as const)];
  },
};
