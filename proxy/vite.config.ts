import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildDir } from '../scripts/build-output.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** SSR build of the headless CLI: dist/proxy/cli.js (<CCP_BUILD_DIR>/proxy for tests) (+ chunks/), npm dependencies stay external. */
export default defineConfig({
  define: { __CCP_VERSION__: JSON.stringify(pkg.version) },
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    ssr: 'src/cli.ts',
    outDir: path.join(buildDir(), 'proxy'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    // commands load lazily: their modules become chunks next to cli.js (dist/proxy/chunks), shipped with it
    rollupOptions: { output: { entryFileNames: 'cli.js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' } },
  },
});
