/** `accounts add [--no-browser | --device]`: the three ChatGPT sign-in flows on a terminal. */
import { createInterface } from 'node:readline';
import { resolveCallbackPort } from '../config.js';
import { LoginFlow, saveLogin, type SavedLogin } from '../accounts/oauth/login.js';
import { pollDeviceCode, requestDeviceCode } from '../accounts/oauth/device-code.js';
import { defaultBrowserOpener, type BrowserOpener } from '../accounts/oauth/open-browser.js';
import { LoginError } from '../accounts/token-client.js';
import { CliFailure } from './failure.js';
import { openAccountsContext } from './accounts-context.js';

export interface AddOptions {
  browser?: boolean; // commander: --no-browser sets browser=false
  device?: boolean;
  dataDir?: string;
}

export interface LoginIo {
  out: (s: string) => void;
  input: NodeJS.ReadableStream;
  opener: BrowserOpener;
}

const defaultIo = (): LoginIo => ({
  out: (s) => void process.stdout.write(s),
  input: process.stdin,
  opener: defaultBrowserOpener(process.env),
});

function describe(saved: SavedLogin): string {
  const a = saved.account;
  return `${saved.created ? 'added' : 'updated'} ${a.email ?? a.accountId} (${a.plan ?? 'unknown plan'}) as ${a.id}\n`;
}

/** Cancels the sign-in on Ctrl-C instead of leaving a listener behind. */
function onInterrupt(cancel: () => void): () => void {
  const handler = () => cancel();
  process.once('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

async function browserLogin(o: AddOptions, io: LoginIo): Promise<SavedLogin> {
  const ctx = await openAccountsContext(o.dataDir);
  const flow = await LoginFlow.start({ store: ctx.store, issuer: ctx.upstreams.authIssuer, port: resolveCallbackPort(ctx.env), listen: 'required' });
  const release = onInterrupt(() => void flow.cancel());
  try {
    io.out(`Sign in to ChatGPT in your browser. If it does not open, visit:\n\n  ${flow.url}\n\nWaiting for the sign-in (Ctrl-C to cancel)…\n`);
    await io.opener(flow.url).catch(() => false);
    return await flow.result;
  } finally {
    release();
  }
}

async function pasteLogin(o: AddOptions, io: LoginIo): Promise<SavedLogin> {
  const ctx = await openAccountsContext(o.dataDir);
  const flow = await LoginFlow.start({ store: ctx.store, issuer: ctx.upstreams.authIssuer, port: resolveCallbackPort(ctx.env), listen: 'optional' });
  io.out(
    `Open this URL in a browser on any machine and sign in:\n\n  ${flow.url}\n\n` +
      `The browser then goes to ${flow.redirectUri}?code=… — that page may fail to load, which is expected.\n` +
      `Paste its full URL here (or code#state) and press Enter:\n`,
  );
  const rl = createInterface({ input: io.input, terminal: false });
  const release = onInterrupt(() => void flow.cancel());
  try {
    const fromPaste = new Promise<SavedLogin>((resolve, reject) => {
      rl.on('line', (line) => {
        if (!line.trim()) return;
        flow.completeWithPaste(line).then(resolve, (e: Error) => {
          if (e instanceof LoginError && (e.code === 'state_mismatch' || e.code === 'no_code')) {
            io.out(`${e.message}; paste the callback URL again:\n`);
            return;
          }
          reject(e);
        });
      });
      rl.on('close', () => setTimeout(() => reject(new LoginError('No callback URL was pasted')), 50));
    });
    return await Promise.race([fromPaste, flow.result]);
  } finally {
    release();
    rl.close();
    if ('pause' in io.input) (io.input as NodeJS.ReadStream).pause();
    await flow.cancel().catch(() => undefined);
  }
}

async function deviceLogin(o: AddOptions, io: LoginIo): Promise<SavedLogin> {
  const ctx = await openAccountsContext(o.dataDir);
  const ac = new AbortController();
  const release = onInterrupt(() => ac.abort());
  try {
    const dc = await requestDeviceCode({ issuer: ctx.upstreams.authIssuer, signal: ac.signal });
    io.out(`On any device, open:\n\n  ${dc.verificationUrl}\n\nand enter the code:  ${dc.userCode}\n\n(it expires in 15 minutes; "Device code login" must be enabled in your ChatGPT security settings)\nWaiting for approval…\n`);
    const tokens = await pollDeviceCode({ issuer: ctx.upstreams.authIssuer, signal: ac.signal }, dc);
    return await saveLogin(ctx.store, tokens);
  } finally {
    release();
  }
}

export async function accountsAdd(o: AddOptions, io: LoginIo = defaultIo()): Promise<void> {
  if (o.device && o.browser === false) throw new CliFailure('choose either --device or --no-browser');
  try {
    const saved = o.device ? await deviceLogin(o, io) : o.browser === false ? await pasteLogin(o, io) : await browserLogin(o, io);
    io.out(describe(saved));
  } catch (e) {
    if (e instanceof LoginError) throw new CliFailure(e.message);
    throw e;
  }
}
