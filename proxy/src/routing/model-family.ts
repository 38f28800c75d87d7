/**
 * Claude model id → Claude model family (opus / sonnet / haiku / unknown).
 *
 * Claude Code sends ids such as `claude-opus-5-5`, `claude-sonnet-4-5-20250929`, `claude-haiku-5-5[1m]`,
 * bare aliases (`opus`, `sonnet`, `haiku`, `opusplan`), legacy ids (`claude-3-5-haiku-latest`,
 * `claude-3-opus-20240229`) and provider-prefixed ids (`anthropic/claude-opus-4`,
 * `us.anthropic.claude-sonnet-4-20250514-v1:0`, `claude-opus-4@20250514`). Anything else (e.g. `my-local-model`,
 * `gpt-5.6-sol`) is `unknown`. Pure, no I/O.
 */

export type ModelFamily = 'opus' | 'sonnet' | 'haiku' | 'unknown';

export const MODEL_FAMILIES: readonly Exclude<ModelFamily, 'unknown'>[] = ['opus', 'sonnet', 'haiku'];

/**
 * Lower-cases and trims an id and removes the decorations that do not change the model:
 * a trailing `[...]` tag (`[1m]`), a trailing `@date` / `-YYYYMMDD` date, a Bedrock `-v1:0` suffix.
 * Provider prefixes are kept (they are harmless for family detection and meaningful for aliases).
 */
export function normalizeModelId(id: string): string {
  let s = id.trim().toLowerCase();
  s = s.replace(/(\s*\[[^\]]*\])+$/, ''); // `[1m]`, `[1M]`, stacked tags
  s = s.replace(/-v\d+(:\d+)?$/, ''); // bedrock `-v1:0`
  s = s.replace(/@[0-9-]+$/, ''); // vertex `@20250514`
  s = s.replace(/-\d{8}$/, ''); // `-20250929`
  return s.trim();
}

/** The family keyword at the start of an id segment: `claude-opus-4`, `opusplan`, `claude-3-5-haiku-latest`. */
const FAMILY_RE = /(?:^|[^a-z])(opus|sonnet|haiku)/;

export function modelFamily(claudeModelId: string): ModelFamily {
  const m = FAMILY_RE.exec(normalizeModelId(claudeModelId));
  return m ? (m[1] as Exclude<ModelFamily, 'unknown'>) : 'unknown';
}
