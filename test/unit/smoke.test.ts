import { describe, expect, it } from 'vitest';
import { shortenName, buildToolNameMap } from '../../proxy/src/translate/tool-names.js';

describe('tool names', () => {
  it('keeps short names and shortens long ones reversibly', () => {
    const long = `mcp__${'server'.repeat(10)}__${'tool'.repeat(10)}`;
    const map = buildToolNameMap(['Bash', long]);
    expect(map.toUpstream('Bash')).toBe('Bash');
    expect(map.toUpstream(long).length).toBeLessThanOrEqual(64);
    expect(map.fromUpstream(shortenName(long))).toBe(long);
  });
});
