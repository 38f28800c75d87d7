/**
 * The real electron-builder.yml, minus what needs the real Electron binary, for the offline packaging check
 * (design §9.3): `electronFuses` (they patch a sentinel inside the binary) is dropped, `electronDist` points at the
 * stub Electron.app from make-stub-electron.sh, and the output goes to a temp dir, never the repo.
 *   FAKE_ELECTRON_DIST=<stub dir> CCP_PACKAGE_OUT=<out dir> \
 *     electron-builder --mac dir --x64 --config test/packaging/electron-builder.offline.cjs -c.mac.identity=null
 * With CCP_BUILD_DIR (the tests' .test-build/), the `dist/<x>/**` globs take their files from <CCP_BUILD_DIR>/<x>
 * and still land at dist/<x> in the asar, so the check packs the tests' build, never a stale dist/.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const base = yaml.load(fs.readFileSync(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8'));
const electronDist = process.env.FAKE_ELECTRON_DIST;
const output = process.env.CCP_PACKAGE_OUT;
if (!electronDist || !output) throw new Error('set FAKE_ELECTRON_DIST and CCP_PACKAGE_OUT');

const { electronFuses: _needsRealBinary, ...config } = base;
const buildDir = process.env.CCP_BUILD_DIR;
const files = config.files.map((f) => {
  const m = typeof f === 'string' && buildDir ? /^dist\/([^/]+)\/\*\*$/.exec(f) : null;
  return m ? { from: path.join(buildDir, m[1]), to: `dist/${m[1]}`, filter: ['**/*', '!**/*.map'] } : f;
});
module.exports = {
  ...config,
  files,
  electronDist,
  npmRebuild: false,
  directories: { ...config.directories, output },
};
