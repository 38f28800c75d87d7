/**
 * Builds what the app package is made of, when missing or older than its sources:
 *   main     → dist/main/index.js + dist/preload/preload.cjs   (vite build --config main/vite.config.ts)
 *   renderer → dist/renderer/index.html                          (vite build --config renderer/vite.config.ts)
 * Shared by the main-bundle smoke, the dashboard e2e and the packaging check (each runs in its own module scope).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const TARGETS = {
  main: {
    config: 'main/vite.config.ts',
    outputs: ['dist/main/index.js', 'dist/preload/preload.cjs'],
    sources: ['main', 'proxy/src', 'package.json'],
  },
  renderer: {
    config: 'renderer/vite.config.ts',
    outputs: ['dist/renderer/index.html'],
    sources: ['renderer', 'proxy/src/contract.ts', 'package.json'],
  },
} as const;

export type BuildTarget = keyof typeof TARGETS;

function newestMtime(p: string): number {
  const abs = path.join(ROOT, p);
  if (!existsSync(abs)) return 0;
  const st = statSync(abs);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(abs, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e.name)));
  }
  return newest;
}

/** Whether the target's outputs exist and are newer than every source file. */
export function isFresh(target: BuildTarget): boolean {
  const t = TARGETS[target];
  const outputs = t.outputs.map((o) => path.join(ROOT, o));
  if (!outputs.every((o) => existsSync(o))) return false;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return t.sources.every((s) => newestMtime(s) <= oldestOutput);
}

/** Builds the target unless it is fresh; returns whether it built. */
export function ensureBuilt(target: BuildTarget): boolean {
  if (isFresh(target)) return false;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', TARGETS[target].config, '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return true;
}
