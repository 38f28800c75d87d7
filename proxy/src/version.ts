/** The package version, injected at build time by vite (falls back for tests that run the sources). */
declare const __CCP_VERSION__: string | undefined;
export const VERSION: string = typeof __CCP_VERSION__ === 'string' ? __CCP_VERSION__ : '0.0.0-dev';
