/**
 * Offline packaging check (design §9.3): electron-builder `--mac dir --x64` with the real electron-builder.yml
 * (minus electronFuses) and a stub Electron.app, into a temp dir. Proves the `files` globs, the asar layout main/
 * expects (dist/main ↔ ../preload, ../renderer), extraResources and Info.plist (LSUIElement) without a Mac or the
 * Electron binary. DMG/zip/signing/fuses need a Mac.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { ensureBuilt, ROOT, TEST_BUILD_DIR } from '../packaging/build-app.js';

const PRODUCT = 'Codex Claude Proxy';
let tmp: string;
let contents: string;
let asar: string;
let files: string[];

beforeAll(() => {
  ensureBuilt('main');
  ensureBuilt('renderer');
  tmp = mkdtempSync(path.join(tmpdir(), 'ccp-package-'));
  const stub = path.join(tmp, 'stub-electron');
  const out = path.join(tmp, 'out');
  const electronVersion = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  execFileSync('bash', [path.join(ROOT, 'test/packaging/make-stub-electron.sh'), stub, electronVersion], { stdio: 'pipe' });
  try {
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--mac',
        'dir',
        '--x64',
        '--config',
        'test/packaging/electron-builder.offline.cjs',
        '-c.mac.identity=null',
        '--publish',
        'never',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, FAKE_ELECTRON_DIST: stub, CCP_PACKAGE_OUT: out, CCP_BUILD_DIR: TEST_BUILD_DIR, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
        stdio: 'pipe',
        timeout: 60_000,
      },
    );
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`electron-builder failed: ${e.message}\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`);
  }
  contents = path.join(out, 'mac', `${PRODUCT}.app`, 'Contents');
  asar = path.join(contents, 'Resources', 'app.asar');
  files = listPackage(asar, { isPack: false }).map((f) => f.split(path.sep).join('/'));
}, 90_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('offline electron-builder --mac dir', () => {
  it('writes an agent app (LSUIElement) with the configured id, name and category', () => {
    const plist = readFileSync(path.join(contents, 'Info.plist'), 'utf8');
    expect(plist).toMatch(/<key>LSUIElement<\/key>\s*<true\/>/);
    expect(plist).toMatch(/<key>CFBundleIdentifier<\/key>\s*<string>com\.codexclaudeproxy\.app<\/string>/);
    expect(plist).toMatch(new RegExp(`<key>CFBundleExecutable</key>\\s*<string>${PRODUCT}</string>`));
    expect(plist).toMatch(/<key>LSApplicationCategoryType<\/key>\s*<string>public\.app-category\.developer-tools<\/string>/);
    expect(plist).toContain('<key>ElectronAsarIntegrity</key>');
    expect(existsSync(path.join(contents, 'MacOS', PRODUCT))).toBe(true);
    expect(readdirSync(path.join(contents, 'Frameworks'))).toContain(`${PRODUCT} Helper.app`);
  });

  it('packs the bundled main, the preload and the renderer into the asar, and nothing else of ours', () => {
    for (const f of ['/dist/main/index.js', '/dist/preload/preload.cjs', '/dist/renderer/index.html', '/package.json']) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith('/dist/renderer/assets/') && f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/dist/proxy'))).toEqual([]);
  });

  it('the packed files are the built ones, and package.json points Electron at the bundled main', () => {
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string; type: string };
    expect(pkg.main).toBe('dist/main/index.js');
    expect(pkg.type).toBe('module');
    expect(extractFile(asar, 'dist/main/index.js').equals(readFileSync(path.join(TEST_BUILD_DIR, 'main/index.js')))).toBe(true);
    expect(extractFile(asar, 'dist/preload/preload.cjs').equals(readFileSync(path.join(TEST_BUILD_DIR, 'preload/preload.cjs')))).toBe(true);
  });

  it('puts the tray template images and the app icon in Resources, outside the asar', () => {
    expect(readdirSync(path.join(contents, 'Resources', 'tray')).sort()).toEqual([
      'trayErrorTemplate.png',
      'trayErrorTemplate@2x.png',
      'trayLowTemplate.png',
      'trayLowTemplate@2x.png',
      'trayOffTemplate.png',
      'trayOffTemplate@2x.png',
      'trayTemplate.png',
      'trayTemplate@2x.png',
    ]);
    expect(existsSync(path.join(contents, 'Resources', 'icon.icns'))).toBe(true);
  });
});

describe('signing configuration (applied on a Mac; the offline build skips signing)', () => {
  // The exact config the offline build used: electron-builder.yml minus the fuses.
  const load = () => {
    process.env.FAKE_ELECTRON_DIST ??= '/unused';
    process.env.CCP_PACKAGE_OUT ??= '/unused';
    return createRequire(import.meta.url)(path.join(ROOT, 'test/packaging/electron-builder.offline.cjs')) as {
      mac: { hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; notarize: boolean; extendInfo: Record<string, unknown> };
    };
  };

  it('hardened runtime with the JIT-only entitlements file for the app and its helpers, LSUIElement, notarisation on', () => {
    const { mac } = load();
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.entitlements).toBe('resources/entitlements.mac.plist');
    expect(mac.entitlementsInherit).toBe('resources/entitlements.mac.plist');
    expect(mac.extendInfo.LSUIElement).toBe(true);
    expect(mac.notarize).toBe(true);
    const plist = readFileSync(path.join(ROOT, mac.entitlements), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
  });
});

