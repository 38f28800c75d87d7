/**
 * Model catalog served by the fake at GET /backend-api/codex/models (spec §10.1, §10.4).
 */

export interface ReasoningLevelInfo {
  effort: string;
  description: string;
}

export interface ModelInfo {
  slug: string;
  display_name: string;
  description?: string;
  default_reasoning_level: string;
  supported_reasoning_levels: ReasoningLevelInfo[];
  visibility: string; // 'list' | 'hide'
  supported_in_api: boolean;
  priority: number;
  context_window: number;
  max_context_window?: number;
  minimal_client_version?: string;
  input_modalities?: string[];
  supports_parallel_tool_calls?: boolean;
  use_responses_lite?: boolean;
  supports_reasoning_summaries?: boolean;
  default_reasoning_summary?: string;
  default_verbosity?: string;
  support_verbosity?: boolean;
  shell_type?: string;
  service_tiers?: { id: string; name: string }[];
  available_in_plans?: string[];
}

const LEVEL_TEXT: Record<string, string> = {
  none: 'No reasoning',
  minimal: 'Fastest responses with minimal reasoning',
  low: 'Fast responses with lighter reasoning',
  medium: 'Balances speed and reasoning depth for everyday tasks',
  high: 'Greater reasoning depth for complex problems',
  xhigh: 'Extra high reasoning depth for complex problems',
  max: 'Maximum reasoning depth for the hardest problems',
  ultra: 'Maximum reasoning with automatic task delegation',
};

const levels = (...efforts: string[]): ReasoningLevelInfo[] =>
  efforts.map((effort) => ({ effort, description: LEVEL_TEXT[effort] ?? effort }));

const PLANS = ['free', 'go', 'plus', 'pro', 'prolite', 'promax', 'team', 'business', 'enterprise', 'edu', 'k12'];

function model(
  slug: string,
  display_name: string,
  efforts: string[],
  def: string,
  priority: number,
  minimal_client_version: string,
  extra: Partial<ModelInfo> = {},
): ModelInfo {
  return {
    slug,
    display_name,
    description: `${display_name} (fake catalog entry)`,
    default_reasoning_level: def,
    supported_reasoning_levels: levels(...efforts),
    visibility: 'list',
    supported_in_api: true,
    priority,
    context_window: 272_000,
    max_context_window: 272_000,
    minimal_client_version,
    input_modalities: ['text', 'image'],
    supports_parallel_tool_calls: true,
    use_responses_lite: true,
    supports_reasoning_summaries: true,
    default_reasoning_summary: 'none',
    default_verbosity: 'low',
    support_verbosity: true,
    shell_type: 'shell_command',
    service_tiers: [{ id: 'priority', name: 'Fast' }],
    available_in_plans: PLANS,
    ...extra,
  };
}

const FULL = ['low', 'medium', 'high', 'xhigh', 'max', 'ultra'];

/** A fresh copy of the default catalog (a realistic subset of §10.1). */
export function defaultCatalog(): ModelInfo[] {
  return [
    model('gpt-6.1-sol', 'GPT-6.1-Sol', FULL, 'low', 1, '0.153.0'),
    model('gpt-6-astra', 'GPT-6-Astra', FULL, 'low', 2, '0.153.0', { max_context_window: 872_000 }),
    model('gpt-5.6-sol', 'GPT-5.6-Sol', FULL, 'low', 3, '0.144.0'),
    model('gpt-5.6-terra', 'GPT-5.6-Terra', FULL, 'medium', 4, '0.144.0'),
    model('gpt-5.6-luna', 'GPT-5.6-Luna', ['low', 'medium', 'high', 'xhigh', 'max'], 'medium', 5, '0.144.0'),
    model('gpt-5.5', 'GPT-5.5', ['low', 'medium', 'high', 'xhigh'], 'medium', 6, '0.124.0', { use_responses_lite: false }),
  ];
}

/** Semver-ish comparison of "a.b.c" strings; non-numeric parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}
