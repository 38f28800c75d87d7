/**
 * Builds what the app package is made of into the tests' build folder (.test-build/), when missing or older than
 * its sources:
 *   main     → main/index.js + preload/preload.cjs   (vite build --config main/vite.config.ts)
 *   renderer → renderer/index.html                    (vite build --config renderer/vite.config.ts)
 * Shared by the main-bundle smoke, the dashboard e2e and the packaging check (each runs in its own module scope).
 */
import { ensureBuilt as ensureBuiltIn, isFresh as isFreshIn, ROOT, TEST_BUILD_DIR } from '../../scripts/build-output.mjs';

export { ROOT, TEST_BUILD_DIR };

export type BuildTarget = 'main' | 'renderer';

/** Whether the target's outputs exist and are newer than every source file. */
export function isFresh(target: BuildTarget): boolean {
  return isFreshIn(target, TEST_BUILD_DIR);
}

/** Builds the target unless it is fresh; returns whether it built. */
export function ensureBuilt(target: BuildTarget): boolean {
  return ensureBuiltIn(target, TEST_BUILD_DIR);
}
