import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/** The dashboard's Content Security Policy (design §7.4). React's style={{…}} goes through CSSOM, so no 'unsafe-inline'. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

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
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
