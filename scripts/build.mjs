#!/usr/bin/env node
// `node scripts/build.mjs [--only] [proxy] [renderer] [main]`: production builds into dist/ (or CCP_BUILD_DIR), e.g.
// `prepack` builds the CLI and the dashboard so `npm pack` never ships a missing, stale or development build.
// `--only` also removes the outputs of the targets not named: npm always packs package.json's `main` file
// (the Electron bundle) when it exists, and the CLI never uses it (`npm run build` makes it again).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { build, buildDir, TARGETS } from './build-output.mjs';

const args = process.argv.slice(2);
const only = args.includes('--only');
const targets = args.filter((a) => a !== '--only');
for (const t of targets.length ? targets : Object.keys(TARGETS)) {
  if (!(t in TARGETS)) {
    process.stderr.write(`unknown build target ${t} (one of ${Object.keys(TARGETS).join(', ')})\n`);
    process.exit(2);
  }
  build(t);
}
if (only) {
  const dir = buildDir();
  for (const [name, t] of Object.entries(TARGETS)) {
    if (targets.includes(name)) continue;
    for (const out of t.outputs) rmSync(path.join(dir, path.dirname(out)), { recursive: true, force: true });
    rmSync(path.join(dir, `.ccp-build-${name}.json`), { force: true });
  }
}
