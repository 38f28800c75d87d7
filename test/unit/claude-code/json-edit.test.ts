import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectIndent, rawMembers, removeJsonProperty, setJsonProperty } from '../../../proxy/src/claude-code/json-edit.js';

describe('format-preserving JSON edits', () => {
  it('adds a nested property without touching other bytes', () => {
    const text = '{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls:*)"]},\n    "n": 1.50\n}\n';
    const out = setJsonProperty(text, ['env', 'ANTHROPIC_BASE_URL'], 'http://127.0.0.1:8081');
    expect(out).toBe('{\n    "model": "opus",\n    "permissions": {"allow": ["Bash(ls:*)"]},\n    "n": 1.50,\n    "env": {\n        "ANTHROPIC_BASE_URL": "http://127.0.0.1:8081"\n    }\n}\n');
    expect(JSON.parse(out).n).toBe(1.5);
  });

  it('replaces an existing value in place and keeps key order', () => {
    const text = '{\n\t"env": {\n\t\t"A": "1",\n\t\t"B": "2"\n\t},\n\t"z": true\n}';
    expect(setJsonProperty(text, ['env', 'A'], 'x')).toBe('{\n\t"env": {\n\t\t"A": "x",\n\t\t"B": "2"\n\t},\n\t"z": true\n}');
    expect(detectIndent(text)).toBe('\t');
  });

  it('fills an empty object and an empty document', () => {
    expect(setJsonProperty('{}', ['a'], 1)).toBe('{\n  "a": 1\n}');
    expect(setJsonProperty('', ['env', 'X'], 'y')).toBe('{\n  "env": {\n    "X": "y"\n  }\n}\n');
  });

  it('keeps a one-line document on one line', () => {
    expect(setJsonProperty('{"theme": "dark"}\n', ['env', 'A'], 'b')).toBe('{"theme": "dark", "env": {"A":"b"}}\n');
    expect(setJsonProperty('{"theme": "dark", "env": {"A":"b"}}\n', ['env', 'C'], 'd')).toBe('{"theme": "dark", "env": {"A":"b", "C": "d"}}\n');
  });

  it('removes first, middle, last and only members', () => {
    const text = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}\n';
    expect(removeJsonProperty(text, ['a'])).toBe('{\n  "b": 2,\n  "c": 3\n}\n');
    expect(removeJsonProperty(text, ['b'])).toBe('{\n  "a": 1,\n  "c": 3\n}\n');
    expect(removeJsonProperty(text, ['c'])).toBe('{\n  "a": 1,\n  "b": 2\n}\n');
    expect(removeJsonProperty('{"env": {"X": "1"}}', ['env', 'X'])).toBe('{"env": {}}');
    expect(removeJsonProperty(text, ['nope'])).toBe(text);
  });

  it('handles strings with escapes, braces and unicode', () => {
    const text = '{"s": "a \\"}\\" {[", "u": "é😀", "env": {}}';
    const out = setJsonProperty(text, ['env', 'K'], 'v');
    expect(JSON.parse(out)).toEqual({ s: 'a "}" {[', u: 'é😀', env: { K: 'v' } });
    expect(out.startsWith('{"s": "a \\"}\\" {[", "u": "é😀", ')).toBe(true);
  });

  it('refuses invalid JSON', () => {
    expect(() => setJsonProperty('{"a": }', ['b'], 1)).toThrow(SyntaxError);
  });

  it('property: any object, any indentation — edited key set, every other member byte-identical', () => {
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'env');
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), fc.constantFrom(0, 2, 4, '\t'), fc.string({ maxLength: 20 }), (obj, indent, v) => {
        const text = JSON.stringify(obj, null, indent) + '\n';
        const out = setJsonProperty(text, ['env', 'ANTHROPIC_BASE_URL'], v);
        const parsed = JSON.parse(out) as Record<string, unknown>;
        expect(parsed).toEqual({ ...JSON.parse(text), env: { ANTHROPIC_BASE_URL: v } });
        const before = rawMembers(text);
        const after = rawMembers(out);
        for (const [k, raw] of before) expect(after.get(k)).toBe(raw);
        expect(removeJsonProperty(out, ['env'])).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
