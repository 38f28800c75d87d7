/**
 * The import direction of ARCHITECTURE.md §1, enforced: proxy/ is pure Node (never Electron, main/ or renderer/),
 * renderer/ takes only types from proxy/ and nothing from Node or Electron, and nothing imports main/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;

const walk = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === 'node_modules' ? [] : walk(path.join(dir, e.name))) : [path.join(dir, e.name)],
      )
    : [];

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** Static imports, re-exports, dynamic import() and require() with a literal specifier. */
function importsOf(file: string): ImportRef[] {
  const src = readFileSync(file, 'utf8');
  const refs: ImportRef[] = [];
  for (const m of src.matchAll(/^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)) {
    // `import type {…}` / `export type {…}`, or `import { type A, type B }` where every name is type-only.
    const names = m[3] ?? '';
    const allInlineTypes = /^\{[^}]*\}$/.test(names.trim()) &&
      names.replace(/[{}]/g, '').split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    refs.push({ specifier: m[4]!, typeOnly: Boolean(m[2]) || allInlineTypes });
  }
  for (const m of src.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) refs.push({ specifier: m[1]!, typeOnly: false });
  for (const m of src.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) refs.push({ specifier: m[1]!, typeOnly: false });
  return refs;
}

/** Where a relative specifier points, as a repo-relative path ('' for bare package specifiers). */
function target(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.relative('.', path.resolve(path.dirname(file), specifier)) : '';
}

const inDir = (p: string, dir: string) => p === dir || p.startsWith(`${dir}${path.sep}`);

/** The only proxy/ files the renderer may import values from: they import nothing at run time but each other. */
const RENDERER_SAFE = ['proxy/src/contract.ts', 'proxy/src/contract/errors.ts', 'proxy/src/contract/http-routes.ts'].map((f) => path.normalize(f));
const withTs = (p: string): string => (SOURCE.test(p) ? p.replace(/\.js$/, '.ts') : `${p}.ts`);

describe('module boundaries', () => {
  it('the import scanner sees what it should', () => {
    // Guards the guard: a scanner that finds nothing would pass every test below.
    const refs = importsOf('main/index.ts').map((r) => r.specifier);
    expect(refs).toContain('electron');
    expect(refs).toContain('../proxy/src/contract.js');
    expect(importsOf('renderer/src/App.tsx')).toContainEqual({ specifier: '../../proxy/src/contract', typeOnly: true });
    expect(walk('proxy').filter((f) => SOURCE.test(f)).length).toBeGreaterThan(0);
  });

  it('proxy/ never imports electron, menubar, electron-store, main/ or renderer/', () => {
    for (const file of walk('proxy').filter((f) => SOURCE.test(f))) {
      for (const { specifier } of importsOf(file)) {
        expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^(?:electron|menubar|electron-store)(?:$|\/)/);
        const to = target(file, specifier);
        expect(inDir(to, 'main') || inDir(to, 'renderer'), `${file} imports ${specifier}`).toBe(false);
      }
    }
  });

  it('renderer/ imports only types from proxy/ (values only from the dependency-free contract modules), nothing from main/, node: or electron', () => {
    const files = walk('renderer').filter((f) => SOURCE.test(f) && !f.endsWith('vite.config.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      for (const { specifier, typeOnly } of importsOf(file)) {
        expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^(?:node:|electron(?:$|\/)|menubar$|electron-store$)/);
        const to = target(file, specifier);
        expect(inDir(to, 'main'), `${file} imports ${specifier}`).toBe(false);
        if (inDir(to, 'proxy') && !typeOnly) expect(RENDERER_SAFE, `${file}: value import from ${specifier}`).toContain(withTs(to));
      }
    }
  });

  it('the contract modules the renderer takes values from import nothing at run time but each other', () => {
    for (const file of RENDERER_SAFE) {
      for (const { specifier, typeOnly } of importsOf(file)) {
        if (!typeOnly) expect(RENDERER_SAFE, `${file} imports ${specifier}`).toContain(withTs(target(file, specifier)));
      }
    }
  });

  it('nothing outside main/ (and its tests) imports main/', () => {
    const files = [...walk('proxy'), ...walk('renderer'), ...walk('scripts')].filter((f) => SOURCE.test(f));
    for (const file of files) {
      for (const { specifier } of importsOf(file)) {
        expect(inDir(target(file, specifier), 'main'), `${file} imports ${specifier}`).toBe(false);
      }
    }
  });

  it('the preload imports only electron and the contract', () => {
    const refs = importsOf('main/preload.ts').map((r) => r.specifier).sort();
    expect(refs).toEqual(['../proxy/src/contract.js', 'electron']);
  });
});
