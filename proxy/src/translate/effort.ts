/**
 * Claude's thinking controls → a Codex `reasoning.effort` (docs/codex-backend.md §5.2 rule 9, §10).
 *
 * Precedence: `output_config.effort` (low/medium/high/xhigh/max pass through; `ultra` is read as `max`)
 * > `thinking.budget_tokens` (0 → the lowest "no reasoning" level the model has, ≤4096 low, ≤16384 medium,
 * ≤32768 high, above that xhigh) > the fallback (adaptive thinking, thinking absent or disabled).
 * The result is always clamped to the model's supported levels. `ultra` is never produced.
 */
import type { MessagesRequest } from '../anthropic/request.js';
import type { ReasoningEffort } from '../codex/types.js';

/** Every effort the proxy may send, from least to most reasoning. */
export const EFFORT_ORDER: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

const rank = (level: ReasoningEffort): number => EFFORT_ORDER.indexOf(level);

export function isReasoningEffort(value: unknown): value is ReasoningEffort {
  return typeof value === 'string' && (EFFORT_ORDER as readonly string[]).includes(value);
}

/**
 * The supported level nearest to `wanted`. Above the model's maximum → the maximum (next lower);
 * below its minimum → the minimum (next higher); inside a gap → the nearest, ties going up
 * (the client asked for at least that much reasoning). An empty `levels` list returns `wanted` unchanged.
 */
export function clampEffort(wanted: ReasoningEffort, levels: ReasoningEffort[]): ReasoningEffort {
  const supported = levels.filter(isReasoningEffort).sort((a, b) => rank(a) - rank(b));
  const lowest = supported[0];
  const highest = supported[supported.length - 1];
  if (lowest === undefined || highest === undefined) return wanted;
  if (supported.includes(wanted)) return wanted;
  const target = rank(wanted);
  if (target > rank(highest)) return highest;
  if (target < rank(lowest)) return lowest;
  let best = highest;
  for (const level of supported) {
    const distance = Math.abs(rank(level) - target);
    const bestDistance = Math.abs(rank(best) - target);
    if (distance < bestDistance || (distance === bestDistance && rank(level) > rank(best))) best = level;
  }
  return best;
}

/** `output_config.effort` as a Codex effort, or undefined when absent/unknown. `ultra` (never sent) reads as `max`. */
export function effortFromOutputConfig(effort: string | undefined): ReasoningEffort | undefined {
  if (effort === undefined) return undefined;
  const normalized = effort.trim().toLowerCase();
  if (normalized === 'ultra') return 'max';
  return isReasoningEffort(normalized) ? normalized : undefined;
}

/** Claude `thinking.budget_tokens` → effort. 0 means "no thinking": the lowest such level the model offers. */
export function effortFromBudget(budgetTokens: number, levels: ReasoningEffort[]): ReasoningEffort {
  if (budgetTokens <= 0) {
    if (levels.includes('none')) return 'none';
    if (levels.includes('minimal')) return 'minimal';
    return 'low';
  }
  if (budgetTokens <= 4096) return 'low';
  if (budgetTokens <= 16384) return 'medium';
  if (budgetTokens <= 32768) return 'high';
  return 'xhigh';
}

export function resolveReasoningEffort(
  req: Pick<MessagesRequest, 'thinking' | 'output_config'>,
  levels: ReasoningEffort[],
  fallback: ReasoningEffort,
): ReasoningEffort {
  const explicit = effortFromOutputConfig(req.output_config?.effort);
  if (explicit !== undefined) return clampEffort(explicit, levels);
  const thinking = req.thinking;
  if (thinking?.type === 'enabled' && typeof thinking.budget_tokens === 'number') {
    return clampEffort(effortFromBudget(thinking.budget_tokens, levels), levels);
  }
  return clampEffort(fallback, levels);
}
