/**
 * Lane routes (same-origin, like /api): `GET /api/stats` (per-lane statistics) and the seed-compatible
 * `GET|POST /settings/haiku-model`. The API key is never read or written here (CLI: `haiku-lane set-key`).
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProxyCore } from '../../core.js';

/** The seed sent `{model}` (it called it haikuKiloModel); the lane's other settings may come along. */
const haikuModelBody = z
  .strictObject({
    model: z.string().trim().min(1).max(200).optional(),
    haikuModel: z.string().trim().min(1).max(200).optional(),
    haikuKiloModel: z.string().trim().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
    baseUrl: z.string().max(500).optional(),
    fallbackToCodex: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'the body names no setting');

export function laneStatsRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  r.get('/stats', (_req, res, next) => void core.getLaneStats().then((s) => res.json(s), next));
  return r;
}

export function haikuSettingsRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  const view = async (res: Response) => {
    const v = await core.haikuLaneView();
    res.json({ ...v, haikuModel: v.model });
  };
  r.get('/haiku-model', (_req: Request, res: Response, next) => void view(res).catch(next));
  r.post('/haiku-model', (req: Request, res: Response) => {
    const b = haikuModelBody.safeParse(req.body ?? {});
    if (!b.success) {
      const issue = b.error.issues[0];
      return void res.status(400).json({ error: { message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` } });
    }
    const { model, haikuModel, haikuKiloModel, ...rest } = b.data;
    const chosen = model ?? haikuModel ?? haikuKiloModel;
    core
      .updateHaikuLane({ ...rest, ...(chosen ? { model: chosen } : {}) })
      .then(() => view(res))
      .catch((e: Error) => res.status(400).json({ error: { message: e.message } }));
  });
  return r;
}
