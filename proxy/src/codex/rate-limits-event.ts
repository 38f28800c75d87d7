/**
 * The `codex.rate_limits` stream event (docs/codex-backend.md, "WebSocket transport": quota) → QuotaSnapshot.
 * Sent over WebSocket and SSE, usually before `response.created`:
 *   {type, plan_type, rate_limits:{allowed, limit_reached, primary:{used_percent, window_minutes, reset_at}, secondary},
 *    credits:{has_credits, unlimited, balance}, metered_limit_name|limit_name, …}
 * Pure; the shape is validated with zod and unknown fields are ignored. Returns null when the event carries no quota.
 */
import { z } from 'zod';
import type { QuotaSnapshot, QuotaWindow } from '../contract.js';

const finite = z.number().finite();
const windowSchema = z
  .object({
    used_percent: finite.optional().nullable(),
    window_minutes: finite.optional().nullable(),
    reset_at: finite.optional().nullable(),
    reset_after_seconds: finite.optional().nullable(),
  })
  .loose();

const eventSchema = z
  .object({
    type: z.literal('codex.rate_limits'),
    plan_type: z.string().optional().nullable(),
    rate_limits: z
      .object({ primary: windowSchema.optional().nullable(), secondary: windowSchema.optional().nullable() })
      .loose()
      .optional()
      .nullable(),
    credits: z
      .object({
        has_credits: z.boolean().optional().nullable(),
        unlimited: z.boolean().optional().nullable(),
        balance: z.union([z.string(), finite]).optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
    metered_limit_name: z.string().optional().nullable(),
    limit_name: z.string().optional().nullable(),
  })
  .loose();

function toWindow(w: z.infer<typeof windowSchema> | null | undefined, nowMs: number): QuotaWindow | null {
  if (!w) return null;
  const used = w.used_percent ?? null;
  const minutes = w.window_minutes ?? null;
  let resetsAt = w.reset_at ?? null;
  if (resetsAt === null && w.reset_after_seconds != null) resetsAt = Math.floor(nowMs / 1000) + w.reset_after_seconds;
  const hasData = (used !== null && used !== 0) || (minutes !== null && minutes !== 0) || resetsAt !== null;
  if (!hasData) return null;
  return { usedPercent: used ?? 0, windowMinutes: minutes !== null && minutes !== 0 ? minutes : null, resetsAt };
}

export function parseRateLimitsEvent(event: unknown, nowMs: number): QuotaSnapshot | null {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return null;
  const e = parsed.data;
  const primary = toWindow(e.rate_limits?.primary, nowMs);
  const secondary = toWindow(e.rate_limits?.secondary, nowMs);
  const c = e.credits;
  const credits = c
    ? { hasCredits: c.has_credits ?? false, unlimited: c.unlimited ?? false, balance: c.balance == null ? null : String(c.balance) }
    : null;
  const plan = e.plan_type || null;
  if (!primary && !secondary && !credits && !plan) return null;
  return {
    plan,
    primary,
    secondary,
    credits,
    activeLimit: e.metered_limit_name || e.limit_name || null,
    observedAt: nowMs,
    source: 'stream-event',
  };
}
