/** Summarises a V8 .cpuprofile (the JSON `node --cpu-prof` writes): self time per function, top N (pure). */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTimeRow {
  name: string;
  where: string;
  selfMs: number;
  percent: number;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const i = url.lastIndexOf('/node_modules/');
  if (i >= 0) return url.slice(i + 1);
  const d = url.indexOf('/dist/');
  if (d >= 0) return url.slice(d + 1);
  return url.replace(/^file:\/\//, '');
}

/** Self time per (function, url:line), from the sample timeline (timeDeltas[i] is the time before sample i). */
export function topSelfTime(profile: CpuProfile, limit = 25): { totalMs: number; rows: SelfTimeRow[] } {
  const byId = new Map<number, CallFrame>();
  for (const n of profile.nodes) byId.set(n.id, n.callFrame);
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]!);
    const dt = profile.timeDeltas[i + 1] ?? 0; // the delta that follows a sample is the time spent in it
    if (!frame || dt <= 0) continue;
    totalUs += dt;
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name}\u0000${where}`;
    const row = selfUs.get(key) ?? { name, where, us: 0 };
    row.us += dt;
    selfUs.set(key, row);
  }
  const rows = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((r) => ({ name: r.name, where: r.where, selfMs: r.us / 1000, percent: totalUs > 0 ? (100 * r.us) / totalUs : 0 }));
  return { totalMs: totalUs / 1000, rows };
}

export function formatTopSelfTime(summary: { totalMs: number; rows: SelfTimeRow[] }): string {
  const lines = summary.rows.map((r) => `${r.percent.toFixed(1).padStart(5)} % ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}  ${r.where}`);
  return [`total sampled: ${summary.totalMs.toFixed(0)} ms`, ...lines].join('\n');
}
