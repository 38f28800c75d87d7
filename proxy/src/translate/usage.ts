/**
 * Responses API usage → Anthropic usage (docs/codex-backend.md §7).
 * `input_tokens` upstream includes the cached tokens; Anthropic reports them separately, so
 * input = input − cached, cache_read = cached, cache_creation = 0, output = output (reasoning included).
 */
import type { AnthropicUsage } from '../anthropic/stream-types.js';
import type { ResponsesUsage } from '../codex/types.js';

/** A finite, non-negative integer from anything (missing / wrong type / NaN → 0). */
export function tokenCount(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

export function toAnthropicUsage(u: ResponsesUsage | null | undefined): AnthropicUsage {
  const usage: Partial<ResponsesUsage> = u && typeof u === 'object' ? u : {};
  const details = usage.input_tokens_details && typeof usage.input_tokens_details === 'object' ? usage.input_tokens_details : {};
  const input = tokenCount(usage.input_tokens);
  const cached = Math.min(tokenCount(details.cached_tokens), input);
  return {
    input_tokens: input - cached,
    output_tokens: tokenCount(usage.output_tokens),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}
