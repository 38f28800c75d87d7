import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds the headless CLI once, so tests exercise exactly what `npm start` and `npx` run.
 * CCP_SKIP_BUILD=1 skips it (for quick unit-test loops that never spawn the CLI).
 */
export default function setup(): void {
  if (process.env.CCP_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'proxy/vite.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
}
