/**
 * Where the builds go and whether they are fresh — one place for the vite configs, `npm start`, `prepack` and the
 * tests. `dist/` is what `npm start`, `npm pack` and electron-builder use; the tests build into `.test-build/`
 * (CCP_BUILD_DIR), so `npm test` never leaves its build where users' commands would pick it up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folder the tests build into (gitignored, never packed). */
export const TEST_BUILD_DIR = path.join(ROOT, '.test-build');

/** The build folder: `CCP_BUILD_DIR` (relative to the repo or absolute), else `dist/`. */
export function buildDir(env = process.env) {
  return env.CCP_BUILD_DIR ? path.resolve(ROOT, env.CCP_BUILD_DIR) : path.join(ROOT, 'dist');
}

/** Each build: its vite config, its outputs (relative to the build folder) and the sources it is made from. */
export const TARGETS = {
  proxy: { config: 'proxy/vite.config.ts', outputs: ['proxy/cli.js'], sources: ['proxy', 'package.json'] },
  renderer: { config: 'renderer/vite.config.ts', outputs: ['renderer/index.html'], sources: ['renderer', 'proxy/src/contract.ts', 'proxy/src/http/csp.ts', 'package.json'] },
  main: { config: 'main/vite.config.ts', outputs: ['main/index.js', 'preload/preload.cjs'], sources: ['main', 'proxy/src', 'package.json'] },
};

function newestMtime(abs) {
  if (!existsSync(abs)) return 0;
  const st = statSync(abs);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(abs, e.name)));
  }
  return newest;
}

/** Written after each production build by `build()`: a build without it (an older dev build) is never fresh. */
function markerFile(target, dir) {
  return path.join(dir, `.ccp-build-${target}.json`);
}

/** Whether the target's outputs exist in `dir`, come from `build()` and are newer than every source file. */
export function isFresh(target, dir = buildDir()) {
  const t = TARGETS[target];
  const outputs = [...t.outputs.map((o) => path.join(dir, o)), markerFile(target, dir)];
  if (!outputs.every((o) => existsSync(o))) return false;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return t.sources.every((s) => newestMtime(path.join(ROOT, s)) <= oldestOutput);
}

/** A production build of the target into `dir` (NODE_ENV is forced: vitest's NODE_ENV=test gave a dev React). */
export function build(target, dir = buildDir()) {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', TARGETS[target].config, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', CCP_BUILD_DIR: dir },
  });
  if (r.status !== 0) throw new Error(`vite build --config ${TARGETS[target].config} failed (${r.status ?? r.signal})`);
  writeFileSync(markerFile(target, dir), `${JSON.stringify({ target, mode: 'production' })}\n`);
}

/** Builds the target into `dir` unless it is fresh; returns whether it built. */
export function ensureBuilt(target, dir = buildDir()) {
  if (isFresh(target, dir)) return false;
  build(target, dir);
  return true;
}
