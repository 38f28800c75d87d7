/**
 * The typed error of the dashboard contract: every failure of a DashboardApi call carries one `code` from a
 * closed set, whatever the transport. HTTP maps the code to a status (`HTTP_STATUS`) and answers
 * `{ error: { code, message } }`; IPC carries it in the error's string form, which is what Electron forwards to
 * the renderer (`String(error)`), and the renderer's clients turn both back into a ContractError.
 *
 * Dependency-free on purpose: the renderer's HTTP client and the preload-side clients import it as a value.
 */

export const CONTRACT_ERROR_CODES = ['invalid_argument', 'forbidden', 'not_found', 'conflict', 'unavailable', 'internal'] as const;

/**
 * - `invalid_argument`: the arguments fail the method's schema, or the domain refused them (a bad paste, a file
 *   that is not a Codex auth.json, a sign-in the login server refused);
 * - `forbidden`: the caller may not call the API (untrusted IPC sender, cross-origin page);
 * - `not_found`: the named account (or route) does not exist;
 * - `conflict`: the current state forbids it and the user must act (settings.json unparseable, nothing to revert,
 *   the callback port is taken, a file is locked);
 * - `unavailable`: a transient upstream failure (the token endpoint did not answer); retrying may help;
 * - `internal`: a bug or an unexpected failure; the message is generic and the details are only logged.
 */
export type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

export const HTTP_STATUS: { readonly [C in ContractErrorCode]: number } = {
  invalid_argument: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 502,
  internal: 500,
};

export const INTERNAL_MESSAGE = 'Internal proxy error';

export function isContractErrorCode(value: unknown): value is ContractErrorCode {
  return typeof value === 'string' && (CONTRACT_ERROR_CODES as readonly string[]).includes(value);
}

export class ContractError extends Error {
  override name = 'ContractError';

  constructor(
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
  }

  /** The IPC wire form: Electron rejects the renderer's `invoke` with `String(error)` of what a handler threw. */
  override toString(): string {
    return `ContractError[${this.code}]: ${this.message}`;
  }
}

/** The code for an HTTP error answer that names none (guards, body parser, a proxy in between). */
export function codeForStatus(status: number): ContractErrorCode {
  const exact = CONTRACT_ERROR_CODES.find((c) => HTTP_STATUS[c] === status);
  if (exact) return exact;
  if (status === 401) return 'forbidden';
  if (status >= 500) return status === 503 || status === 504 ? 'unavailable' : 'internal';
  return 'invalid_argument';
}

const WIRE = /ContractError\[(\w+)\]: ([\s\S]*)$/;
export const ELECTRON_PREFIX = /^Error invoking remote method '[^']*': (?:\w*Error(?:\[\w+\])?: )?/;

/**
 * Back from the IPC wire: Electron's rejection ("Error invoking remote method 'dashboard:x': ContractError[code]:
 * message") becomes the ContractError main threw. Anything else (no handler, a crash in between) is `internal`
 * with its message minus Electron's prefix.
 */
export function fromRemoteError(err: unknown): ContractError {
  if (err instanceof ContractError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const m = WIRE.exec(raw);
  if (m && isContractErrorCode(m[1])) return new ContractError(m[1], m[2]!);
  return new ContractError('internal', raw.replace(ELECTRON_PREFIX, '') || INTERNAL_MESSAGE);
}
