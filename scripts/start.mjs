#!/usr/bin/env node
// `npm start`: (re)build the CLI and the dashboard in dist/ when missing or older than their sources (always a
// production build, never the tests' .test-build/), then run the headless proxy + dashboard on port 8081.
// `npm run cli -- <command…>` (`--cli`) runs any CLI command from a checkout the same way.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, ROOT } from './build-output.mjs';

const dist = path.join(ROOT, 'dist');
try {
  ensureBuilt('proxy', dist);
  ensureBuilt('renderer', dist);
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
const args = process.argv.slice(2);
const cliArgs = args[0] === '--cli' ? args.slice(1) : ['start', ...(args.length ? args : ['--port', '8081'])];
const child = spawn(process.execPath, [path.join(dist, 'proxy/cli.js'), ...cliArgs], { cwd: process.env.INIT_CWD ?? process.cwd(), stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
