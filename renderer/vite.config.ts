import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildDir } from '../scripts/build-output.mjs';
import { DASHBOARD_CSP } from '../proxy/src/http/csp.js';

/** The dashboard's Content Security Policy (single source: proxy/src/http/csp.ts). */
export { DASHBOARD_CSP };

/**
 * Injects the CSP as a <meta> tag into the BUILT index.html only: in dev, @vitejs/plugin-react adds an inline
 * react-refresh preamble that `script-src 'self'` would block. The CLI's server should also send it as a header.
 */
export function cspMeta(): Plugin {
  return {
    name: 'dashboard-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: DASHBOARD_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build works from app://dashboard/, file:// and http://localhost:8081/.
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: path.join(buildDir(), 'renderer'), // dist/renderer (<CCP_BUILD_DIR>/renderer for tests)
    emptyOutDir: true,
  },
});
