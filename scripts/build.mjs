#!/usr/bin/env node
// `node scripts/build.mjs [proxy] [renderer] [main]`: production builds into dist/ (or CCP_BUILD_DIR), e.g.
// `prepack` builds the CLI and the dashboard so `npm pack` never ships a missing, stale or development build.
import { build, TARGETS } from './build-output.mjs';

const targets = process.argv.slice(2);
for (const t of targets.length ? targets : Object.keys(TARGETS)) {
  if (!(t in TARGETS)) {
    process.stderr.write(`unknown build target ${t} (one of ${Object.keys(TARGETS).join(', ')})\n`);
    process.exit(2);
  }
  build(t);
}
