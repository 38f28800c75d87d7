/** Finds and disables `ANTHROPIC_*` exports in shell start-up files (sh/bash/zsh `export X=`, fish `set -x X`). */

export const DISABLED_MARK = '# [disabled by codex-claude-proxy doctor] ';

export interface RcHit {
  variable: string;
  /** 1-based. */
  line: number;
}

function lineRe(variable: string): RegExp {
  const v = variable.replace(/[^A-Z0-9_]/g, '');
  // sh: `export X=…`, `X=…`, `declare -x X=…`; fish: `set -gx X …`, `set -x X …`
  return new RegExp(`^\\s*(?:(?:export|declare\\s+-x|typeset\\s+-x)\\s+${v}=|${v}=|set\\s+(?:-[a-zA-Z]+\\s+)*${v}(?:\\s|$))`);
}

export function findRcAssignments(text: string, variables: readonly string[]): RcHit[] {
  const hits: RcHit[] = [];
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    for (const v of variables) {
      if (l.startsWith(DISABLED_MARK)) continue;
      if (lineRe(v).test(l)) hits.push({ variable: v, line: i + 1 });
    }
  });
  return hits;
}

/** Comments out every assignment of `variable`; other bytes (line endings included) unchanged. */
export function disableRcAssignments(text: string, variable: string): string {
  const re = lineRe(variable);
  return text
    .split('\n')
    .map((l) => (!l.startsWith(DISABLED_MARK) && re.test(l) ? `${DISABLED_MARK}${l}` : l))
    .join('\n');
}
