import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

/** SSR build of the headless CLI: dist/proxy/cli.js, npm dependencies stay external. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: {
    ssr: 'src/cli.ts',
    outDir: '../dist/proxy',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'cli.js', format: 'es' } },
  },
});
