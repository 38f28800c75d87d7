/** Which command the statusLine and the doctor's hints name: the bin on PATH when it is this CLI, else node + path. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN_NAME, resolveCliCommand, shellQuote, type CliLocation } from '../../../proxy/src/claude-code/cli-command.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'ccp-cli-command-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function layout(root: string): string {
  const cli = path.join(root, 'dist', 'proxy', 'cli.js');
  mkdirSync(path.dirname(cli), { recursive: true });
  writeFileSync(cli, '#!/usr/bin/env node\n');
  chmodSync(cli, 0o755);
  return cli;
}

function binDir(dir: string, target: string): string {
  mkdirSync(dir, { recursive: true });
  symlinkSync(target, path.join(dir, BIN_NAME));
  return dir;
}

const checkout = layout(path.join(tmp, 'checkout'));
const globalPkg = layout(path.join(tmp, 'prefix', 'lib', 'node_modules', 'codex-claude-proxy'));
const globalBin = binDir(path.join(tmp, 'prefix', 'bin'), globalPkg);
const localPkg = layout(path.join(tmp, 'project', 'node_modules', 'codex-claude-proxy'));
const localBin = binDir(path.join(tmp, 'project', 'node_modules', '.bin'), localPkg);
const loc = (o: Partial<CliLocation>): CliLocation => ({ entry: undefined, pathEnv: '/usr/bin', npmCommand: undefined, platform: 'linux', ...o });

describe('resolveCliCommand', () => {
  it('a checkout: node and the absolute path of dist/proxy/cli.js', () => {
    expect(resolveCliCommand(loc({ entry: checkout, npmCommand: 'run-script' }))).toBe(`node ${checkout}`);
  });

  it('a global install whose bin is on PATH: the bin name (also when started through the bin symlink)', () => {
    expect(resolveCliCommand(loc({ entry: globalPkg, pathEnv: `/usr/bin${path.delimiter}${globalBin}` }))).toBe(BIN_NAME);
    expect(resolveCliCommand(loc({ entry: path.join(globalBin, BIN_NAME), pathEnv: globalBin }))).toBe(BIN_NAME);
  });

  it('a bin on PATH that is another copy of the CLI: the absolute path of this one', () => {
    expect(resolveCliCommand(loc({ entry: checkout, pathEnv: globalBin }))).toBe(`node ${checkout}`);
  });

  it('a local install run through npx / npm run (node_modules/.bin only on that run’s PATH): absolute', () => {
    expect(resolveCliCommand(loc({ entry: localPkg, pathEnv: localBin, npmCommand: 'exec' }))).toBe(`node ${localPkg}`);
  });

  it('a local install whose node_modules/.bin is on the user’s own PATH: the bin name', () => {
    expect(resolveCliCommand(loc({ entry: localPkg, pathEnv: localBin }))).toBe(BIN_NAME);
  });

  it('not running as the CLI (the app, in-process callers): the bin name', () => {
    expect(resolveCliCommand(loc({ entry: undefined }))).toBe(BIN_NAME);
    expect(resolveCliCommand(loc({ entry: path.join(tmp, 'elsewhere', 'index.js') }))).toBe(BIN_NAME);
  });

  it('quotes a path with spaces or quotes for the shell', () => {
    const spaced = layout(path.join(tmp, "John's Mac", 'code proxy'));
    expect(resolveCliCommand(loc({ entry: spaced }))).toBe(`node '${spaced.replace(/'/g, `'\\''`)}'`);
    expect(shellQuote('/a/b-c_d.js')).toBe('/a/b-c_d.js');
  });
});
