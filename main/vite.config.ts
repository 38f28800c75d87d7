/**
 * Builds the Electron main process and the preload in one `vite build --config main/vite.config.ts`:
 *   - main/index.ts   → dist/main/index.js       ESM, everything bundled (proxy/, express, electron-store, menubar…),
 *                                                 only `electron` and node:* builtins external;
 *   - main/preload.ts → dist/preload/preload.cjs  one CJS file (a sandboxed preload cannot import or require
 *                                                 local files), only `electron` external.
 * Two Vite environments, built in sequence by `builder.buildApp`. The renderer has its own config.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import { buildDir } from '../scripts/build-output.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
/** dist/ (or <CCP_BUILD_DIR> for tests): main/ and preload/ stay siblings of renderer/, as main/index.ts expects. */
const out = buildDir();
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };


/**
 * Rolldown gives bundled CommonJS a real `require` (createRequire(import.meta.url)) on its own, but not the CJS
 * module globals: write-file-atomic hashes `__filename` into its temp-file names and pino/menubar build paths
 * from `__dirname`, which throw ReferenceError in an ES module. Define both for the bundle.
 */
const CJS_GLOBALS_BANNER = [
  "import { fileURLToPath as __ccpFileURLToPath } from 'node:url';",
  "import { dirname as __ccpDirname } from 'node:path';",
  'const __filename = __ccpFileURLToPath(import.meta.url);',
  'const __dirname = __ccpDirname(__filename);',
].join('\n');

export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  define: { __CCP_VERSION__: JSON.stringify(pkg.version) },
  environments: {
    main: {
      consumer: 'server',
      resolve: { noExternal: true, external: ['electron'] },
      build: {
        outDir: path.join(out, 'main'),
        emptyOutDir: true,
        target: 'node22',
        sourcemap: true,
        minify: false,
        copyPublicDir: false,
        rolldownOptions: {
          input: { index: 'main/index.ts' },
          output: { format: 'es', entryFileNames: '[name].js', banner: CJS_GLOBALS_BANNER, codeSplitting: false },
        },
      },
    },
    preload: {
      consumer: 'server',
      resolve: { noExternal: true, external: ['electron'] },
      build: {
        outDir: path.join(out, 'preload'),
        emptyOutDir: true,
        target: 'node22',
        sourcemap: false,
        minify: false,
        copyPublicDir: false,
        rolldownOptions: {
          input: { preload: 'main/preload.ts' },
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.main!);
      await builder.build(builder.environments.preload!);
    },
  },
});
