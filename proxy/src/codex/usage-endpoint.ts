/** `GET {chatgpt_base}/wham/usage` (docs/codex-backend.md §8.2) → QuotaSnapshot. Any object may be null or absent. */
import { z } from 'zod';
import type { QuotaSnapshot, QuotaWindow } from '../contract.js';
import { codexHeaders } from './headers.js';

const windowSchema = z
  .looseObject({
    used_percent: z.number().nullish(),
    limit_window_seconds: z.number().nullish(),
    reset_after_seconds: z.number().nullish(),
    reset_at: z.number().nullish(),
  })
  .nullish();
const rateLimitSchema = z.looseObject({ primary_window: windowSchema, secondary_window: windowSchema }).nullish();
const usageSchema = z.looseObject({
  plan_type: z.string().nullish(),
  rate_limit: rateLimitSchema,
  credits: z
    .looseObject({ has_credits: z.boolean().nullish(), unlimited: z.boolean().nullish(), balance: z.union([z.string(), z.number()]).nullish() })
    .nullish(),
  additional_rate_limits: z
    .array(z.looseObject({ limit_name: z.string().nullish(), metered_feature: z.string().nullish(), rate_limit: rateLimitSchema }))
    .nullish(),
});

export class UsageFetchError extends Error {
  override name = 'UsageFetchError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function toWindow(w: z.infer<typeof windowSchema>, nowMs: number): QuotaWindow | null {
  if (!w) return null;
  const used = w.used_percent ?? null;
  const seconds = w.limit_window_seconds ?? null;
  const resetsAt = w.reset_at ?? (w.reset_after_seconds != null ? Math.floor(nowMs / 1000) + w.reset_after_seconds : null);
  const hasData = (used !== null && used !== 0) || (seconds !== null && seconds !== 0) || resetsAt !== null;
  if (!hasData) return null;
  return { usedPercent: used ?? 0, windowMinutes: seconds ? Math.ceil(seconds / 60) : null, resetsAt };
}

export function parseUsage(body: unknown, nowMs: number): QuotaSnapshot {
  const parsed = usageSchema.safeParse(body);
  if (!parsed.success) throw new UsageFetchError('The usage endpoint sent an unexpected answer');
  const u = parsed.data;
  const snap: QuotaSnapshot = {
    plan: u.plan_type ?? null,
    primary: toWindow(u.rate_limit?.primary_window, nowMs),
    secondary: toWindow(u.rate_limit?.secondary_window, nowMs),
    credits: u.credits
      ? { hasCredits: u.credits.has_credits ?? false, unlimited: u.credits.unlimited ?? false, balance: u.credits.balance != null && u.credits.balance !== '' ? String(u.credits.balance) : null }
      : null,
    observedAt: nowMs,
    source: 'usage-endpoint',
  };
  for (const extra of u.additional_rate_limits ?? []) {
    const id = (extra.metered_feature ?? extra.limit_name ?? '').replace(/-/g, '_');
    if (!id) continue;
    const primary = toWindow(extra.rate_limit?.primary_window, nowMs);
    const secondary = toWindow(extra.rate_limit?.secondary_window, nowMs);
    if (!primary && !secondary) continue;
    snap.additional ??= {};
    snap.additional[id] = { name: extra.limit_name ?? null, primary, secondary };
  }
  return snap;
}

export async function fetchUsage(
  chatgptBaseUrl: string,
  creds: { accessToken: string; accountId: string },
  nowMs: number,
  signal: AbortSignal = AbortSignal.timeout(15_000),
): Promise<QuotaSnapshot> {
  const { request } = await import('undici'); // loaded when first used (the CLI imports this module eagerly)
  let res;
  try {
    res = await request(`${chatgptBaseUrl}/wham/usage`, {
      method: 'GET',
      headers: codexHeaders({ accessToken: creds.accessToken, accountId: creds.accountId, accept: '*/*' }),
      signal,
    });
  } catch (e) {
    throw new UsageFetchError(`Could not reach the usage endpoint: ${(e as Error).message}`);
  }
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new UsageFetchError(`The usage endpoint answered ${res.statusCode}`, res.statusCode);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageFetchError('The usage endpoint sent no JSON');
  }
  return parseUsage(json, nowMs);
}
