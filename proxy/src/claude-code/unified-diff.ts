/** A small, pure unified-style line diff for previews (`--- a`, `+++ b`, `@@ -l,n +l,n @@` hunks). */

type Op = { t: ' ' | '-' | '+'; line: string; a: number; b: number };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Longest-common-subsequence edit script; common prefix/suffix are trimmed first, so typical edits are cheap. */
function editScript(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ t: ' ', line: a[i] as string, a: i, b: i });
  if (am.length * bm.length > 4_000_000) {
    am.forEach((l, i) => ops.push({ t: '-', line: l, a: pre + i, b: pre }));
    bm.forEach((l, j) => ops.push({ t: '+', line: l, a: pre + am.length, b: pre + j }));
  } else {
    const n = am.length;
    const m = bm.length;
    const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      const row = dp[i] as Uint32Array;
      const next = dp[i + 1] as Uint32Array;
      for (let j = m - 1; j >= 0; j--) row[j] = am[i] === bm[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ t: ' ', line: am[i] as string, a: pre + i, b: pre + j });
        i++;
        j++;
      } else if (i < n && (j >= m || ((dp[i + 1] as Uint32Array)[j] as number) >= ((dp[i] as Uint32Array)[j + 1] as number))) {
        ops.push({ t: '-', line: am[i] as string, a: pre + i, b: pre + j });
        i++;
      } else {
        ops.push({ t: '+', line: bm[j] as string, a: pre + i, b: pre + j });
        j++;
      }
    }
  }
  for (let k = 0; k < suf; k++) {
    const ai = a.length - suf + k;
    const bi = b.length - suf + k;
    ops.push({ t: ' ', line: a[ai] as string, a: ai, b: bi });
  }
  return ops;
}

/** '' when the texts are equal. */
export function unifiedDiff(before: string, after: string, opts: { fromLabel?: string; toLabel?: string; context?: number } = {}): string {
  if (before === after) return '';
  const ctx = opts.context ?? 3;
  const ops = editScript(splitLines(before), splitLines(after));
  const out = [`--- ${opts.fromLabel ?? 'before'}`, `+++ ${opts.toLabel ?? 'after'}`];
  const changed = ops.map((o, i) => (o.t !== ' ' ? i : -1)).filter((i) => i >= 0);
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] as number) - ctx);
    let end = Math.min(ops.length, (changed[k] as number) + ctx + 1);
    while (k + 1 < changed.length && (changed[k + 1] as number) - ctx <= end) {
      k++;
      end = Math.min(ops.length, (changed[k] as number) + ctx + 1);
    }
    k++;
    const hunk = ops.slice(start, end);
    const first = hunk[0] as Op;
    const aCount = hunk.filter((o) => o.t !== '+').length;
    const bCount = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${aCount === 0 ? first.a : first.a + 1},${aCount} +${bCount === 0 ? first.b : first.b + 1},${bCount} @@`);
    for (const o of hunk) out.push(`${o.t}${o.line}`);
  }
  if (before !== '' && !before.endsWith('\n') && after.endsWith('\n')) out.push('\\ No newline at end of file (before)');
  return `${out.join('\n')}\n`;
}
