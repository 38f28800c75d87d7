#!/usr/bin/env node
// `npm start`: build what is missing, then run the headless proxy + dashboard on port 8081.
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const build = (config) => {
  const r = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync(path.join(root, 'dist/proxy/cli.js'))) build('proxy/vite.config.ts');
if (!existsSync(path.join(root, 'dist/renderer/index.html')) && existsSync(path.join(root, 'renderer/vite.config.ts'))) {
  build('renderer/vite.config.ts');
}
// `npm run cli -- <command…>` runs any CLI command from a checkout (where `npx codex-claude-proxy` would look on npm).
const args = process.argv.slice(2);
const cliArgs = args[0] === '--cli' ? args.slice(1) : ['start', ...(args.length ? args : ['--port', '8081'])];
const child = spawn(process.execPath, [path.join(root, 'dist/proxy/cli.js'), ...cliArgs], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
