/** The targets as data, and their evaluation against measured figures (pure). */

export interface Target {
  id: string;
  label: string;
  /** 'atLeast': the figure must be >= limit; 'atMost': <= limit. */
  direction: 'atLeast' | 'atMost';
  limit: number;
  unit: '×' | 'ms' | 'MB';
}

export const TARGETS: readonly Target[] = [
  { id: 'rps64', label: 'streamed req/s at c=64 vs minimal translator', direction: 'atLeast', limit: 0.9, unit: '×' },
  { id: 'rpsBig', label: 'streamed req/s, 57 KB body, c=16, vs translator', direction: 'atLeast', limit: 0.9, unit: '×' },
  { id: 'cpu64', label: 'CPU ms per streamed request at c=64 vs translator', direction: 'atMost', limit: 1.2, unit: '×' },
  { id: 'firstDelta1', label: 'first text delta p50 added at c=1 over byte pass-through', direction: 'atMost', limit: 1, unit: 'ms' },
  { id: 'rss64', label: 'RSS at 64 concurrent streams', direction: 'atMost', limit: 150, unit: 'MB' },
];

export interface Verdict {
  target: Target;
  value: number | undefined;
  pass: boolean;
}

/** A missing or non-finite figure fails: a target that could not be measured is not met. */
export function evaluate(target: Target, value: number | undefined): Verdict {
  if (value === undefined || !Number.isFinite(value)) return { target, value, pass: false };
  const pass = target.direction === 'atLeast' ? value >= target.limit : value <= target.limit;
  return { target, value, pass };
}

export function formatFigure(value: number | undefined, unit: Target['unit']): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'ms') return `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms`;
  return `${value.toFixed(0)} MB`;
}

export function verdictTable(verdicts: readonly Verdict[], notes: Readonly<Record<string, string>> = {}): string {
  const rows = verdicts.map((v) => {
    const op = v.target.direction === 'atLeast' ? '≥' : '≤';
    const limit = v.target.unit === 'ms' ? `+${v.target.limit} ms` : v.target.unit === 'MB' ? `${v.target.limit} MB` : `${v.target.limit}×`;
    const note = notes[v.target.id] ? ` (${notes[v.target.id]})` : '';
    return `| ${v.target.label} | ${formatFigure(v.value, v.target.unit)}${note} | ${op} ${limit} | ${v.pass ? 'met' : '**missed**'} |`;
  });
  return ['| figure | product | target | |', '|---|---|---|---|', ...rows].join('\n');
}
