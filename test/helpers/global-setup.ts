import { build, TEST_BUILD_DIR } from '../../scripts/build-output.mjs';

/**
 * Builds the headless CLI, the dashboard and the Electron main/preload bundles once, in production mode, into
 * `.test-build/` (never dist/, which `npm start` and `npm pack` use), so tests exercise exactly what `npm start`,
 * `npx` and the packaged app run (and no test rebuilds an output while another reads it).
 * CCP_SKIP_BUILD=1 skips it (for quick unit-test loops that never spawn the CLI).
 */
export default function setup(): void {
  if (process.env.CCP_SKIP_BUILD === '1') return;
  for (const target of ['proxy', 'renderer', 'main'] as const) build(target, TEST_BUILD_DIR);
}
