/**
 * The package as users install it: `npm pack` (runs `prepack`: a production build of the CLI and the dashboard)
 * → the tarball's file list is exactly what the CLI and dashboard need → the tarball unpacked into an empty
 * folder's node_modules, its runtime dependencies linked from this checkout (a plain `npm install --offline` cannot
 * work here: npm's cache holds the tarballs `npm ci` fetched but not the registry metadata it asks for first) →
 * `npx codex-claude-proxy start --port 0` answers /health and serves the production dashboard.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../packaging/build-app.js';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let tmp: string;
let packed: PackResult;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'ccp-tarball-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  packed = (JSON.parse(out) as PackResult[])[0]!;
}, 150_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships exactly the CLI, its chunks, the dashboard, package.json and the README — no Electron bundle, no sourcemaps', () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toContain('dist/proxy/cli.js');
    expect(files).toContain('dist/proxy/count-worker.js'); // the count_tokens worker, loaded at run time
    expect(files).toContain('dist/renderer/index.html');
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    const unexpected = files.filter(
      (f) => !['package.json', 'README.md', 'LICENSE', 'dist/proxy/cli.js', 'dist/proxy/count-worker.js', 'dist/renderer/index.html'].includes(f) && !/^dist\/proxy\/chunks\/[\w-]+\.js$/.test(f) && !/^dist\/renderer\/assets\/[\w-]+\.(js|css)$/.test(f),
    );
    expect(unexpected).toEqual([]);
  });

  it('keeps Electron and the build tools out of the runtime dependencies', () => {
    expect(Object.keys(pkg.dependencies)).not.toContain('electron');
    expect(Object.keys(pkg.devDependencies)).toContain('electron');
  });
});

describe('the unpacked tarball', () => {
  it('`npx codex-claude-proxy start --port 0` answers /health and serves the production dashboard', async () => {
    const project = path.join(tmp, 'project');
    const installed = path.join(project, 'node_modules', pkg.name);
    mkdirSync(installed, { recursive: true });
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'empty', private: true, dependencies: { [pkg.name]: `file:${path.join(tmp, packed.filename)}` } }));
    execFileSync('tar', ['-xzf', path.join(tmp, packed.filename), '-C', installed, '--strip-components=1']);
    for (const dep of Object.keys(pkg.dependencies)) {
      const link = path.join(project, 'node_modules', dep);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules', dep), link);
    }
    chmodSync(path.join(installed, 'dist', 'proxy', 'cli.js'), 0o755); // what npm install does to a bin
    mkdirSync(path.join(project, 'node_modules', '.bin'));
    symlinkSync(path.join('..', pkg.name, 'dist', 'proxy', 'cli.js'), path.join(project, 'node_modules', '.bin', pkg.name));

    const home = path.join(tmp, 'home');
    mkdirSync(home);
    const child = spawn('npx', ['--offline', pkg.name, 'start', '--port', '0'], {
      cwd: project,
      env: { ...process.env, HOME: home, CODEX_CLAUDE_PROXY_HOME: path.join(home, 'data'), LOG_LEVEL: 'warn', DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 30_000);
        const onData = (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-security-policy')).toBeTruthy();
      const html = await page.text();
      const script = /<script[^>]+src="\.\/(assets\/[\w-]+\.js)"/.exec(html)?.[1];
      expect(script, html).toBeDefined();
      const js = await (await fetch(`${url}/${script}`)).text();
      expect(js.length).toBeGreaterThan(10_000);
      expect(js).not.toContain('jsxDEV'); // a development React build carries jsxDEV calls
      expect(readdirSync(path.join(installed, 'dist'))).toEqual(['proxy', 'renderer']);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
