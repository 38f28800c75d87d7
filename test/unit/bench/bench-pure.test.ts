import { describe, expect, it } from 'vitest';
import { percentile, spread } from '../../../bench/lib/stats.js';
import { evaluate, TARGETS, verdictTable } from '../../../bench/lib/targets.js';
import { topSelfTime } from '../../../bench/lib/profile-summary.js';
import { splitAfterFirstDelta, textTurnSse, toolTurnSse } from '../../../bench/lib/responses-sse.js';

describe('bench percentiles', () => {
  it('uses nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile(xs, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(spread([3, 1, 2])).toEqual({ n: 3, p50: 2, p99: 3 });
  });
});

describe('bench targets', () => {
  const byId = (id: string) => TARGETS.find((t) => t.id === id)!;
  it('passes at the limit and fails beyond it, in both directions', () => {
    expect(evaluate(byId('rps64'), 0.9).pass).toBe(true);
    expect(evaluate(byId('rps64'), 0.89).pass).toBe(false);
    expect(evaluate(byId('cpu64'), 1.2).pass).toBe(true);
    expect(evaluate(byId('cpu64'), 1.21).pass).toBe(false);
    expect(evaluate(byId('rss64'), 271).pass).toBe(false);
  });
  it('fails a figure that could not be measured', () => {
    expect(evaluate(byId('firstDelta1'), undefined).pass).toBe(false);
    expect(evaluate(byId('firstDelta1'), Number.NaN).pass).toBe(false);
  });
  it('renders a markdown row per target with its verdict', () => {
    const table = verdictTable([evaluate(byId('rps64'), 0.33), evaluate(byId('firstDelta1'), 0.4)]);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| 0.33× | ≥ 0.9× | **missed** |');
    expect(table).toContain('| +0.40 ms | ≤ +1 ms | met |');
  });
});

describe('bench profile summariser', () => {
  it('attributes each sample the time delta that follows it and ranks by self time', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'formatSse', url: 'file:///x/dist/proxy/chunks/a.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: '', url: 'file:///x/node_modules/zod/v4/core.js', lineNumber: 0 } },
      ],
      samples: [2, 3, 2, 2],
      timeDeltas: [0, 1000, 3000, 1000, 500],
    };
    const s = topSelfTime(profile, 5);
    expect(s.totalMs).toBeCloseTo(5.5);
    expect(s.rows[0]).toMatchObject({ name: '(anonymous)', where: 'node_modules/zod/v4/core.js:1', selfMs: 3 });
    expect(s.rows[1]).toMatchObject({ name: 'formatSse', where: 'dist/proxy/chunks/a.js:10', selfMs: 2.5 });
    expect(s.rows.reduce((a, r) => a + r.percent, 0)).toBeCloseTo(100);
  });
});

describe('bench fake answers', () => {
  it('streams 200 eight-character text deltas ending in response.completed', () => {
    const sse = textTurnSse();
    expect(sse.match(/event: response\.output_text\.delta\n/g)).toHaveLength(200);
    expect(sse.trimEnd().split('\n\n').at(-1)).toContain('"type":"response.completed"');
    const [head, rest] = splitAfterFirstDelta(sse);
    expect(head.match(/output_text\.delta\n/g)).toHaveLength(1);
    expect(head + rest).toBe(sse);
  });
  it('has a function call in the tool turn', () => {
    expect(toolTurnSse()).toContain('response.function_call_arguments.delta');
  });
});
