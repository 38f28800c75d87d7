/**
 * The dashboard's Content Security Policy (electron-stack design §7.4). One source of truth: the renderer build
 * injects it as a <meta> tag, the HTTP server sends it as a header, the app:// protocol handler serves the meta.
 * React's style={{…}} goes through CSSOM, so no 'unsafe-inline'.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
