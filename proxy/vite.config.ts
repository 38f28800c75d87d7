import { defineConfig } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildDir } from '../scripts/build-output.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * SSR build of the headless CLI: dist/proxy/cli.js (+ chunks/), npm dependencies stay external. The token-counting
 * worker is a second entry, dist/proxy/count-worker.js, found at run time by tokens/count-pool.ts.
 */
export default defineConfig({
  define: { __CCP_VERSION__: JSON.stringify(pkg.version) },
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    ssr: true,
    outDir: path.join(buildDir(), 'proxy'),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    // commands load lazily: their modules become chunks next to cli.js (dist/proxy/chunks), shipped with it
    rollupOptions: {
      input: { cli: 'src/cli.ts', 'count-worker': 'src/tokens/count-worker.ts' },
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'es' },
    },
  },
});
