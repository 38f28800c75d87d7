import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Builds the headless CLI, the dashboard and the Electron main/preload bundles once, so tests exercise exactly
 * what `npm start`, `npx` and the packaged app run (and no test rebuilds an output while another reads it).
 * CCP_SKIP_BUILD=1 skips it (for quick unit-test loops that never spawn the CLI).
 */
export default function setup(): void {
  if (process.env.CCP_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  for (const config of ['proxy/vite.config.ts', 'renderer/vite.config.ts', 'main/vite.config.ts']) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', config, '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
  }
}
