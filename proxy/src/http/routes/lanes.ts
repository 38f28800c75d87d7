/**
 * The seed-compatible `GET|POST /settings/haiku-model` (same-origin, like /api). `GET /api/stats` (per-lane
 * statistics) is the contract's `getLaneStats` (routes/api.ts). The API key is never read or written here (CLI:
 * `haiku-lane set-key`). Errors in the /api shape.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProxyCore } from '../../core.js';
import { ContractError } from '../../contract/errors.js';
import { contractHandler } from '../errors.js';

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

type LaneCore = Pick<ProxyCore, 'haikuLaneView' | 'updateHaikuLane' | 'logger'>;

export function haikuSettingsRouter(core: LaneCore): express.Router {
  const r = express.Router();
  const view = async (res: Response) => {
    const v = await core.haikuLaneView();
    res.json({ ...v, haikuModel: v.model });
  };
  r.get('/haiku-model', contractHandler(core.logger, (_req, res) => view(res)));
  r.post(
    '/haiku-model',
    contractHandler(core.logger, async (req: Request, res: Response) => {
      const b = haikuModelBody.safeParse(req.body ?? {});
      if (!b.success) {
        const issue = b.error.issues[0];
        throw new ContractError('invalid_argument', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
      }
      const { model, haikuModel, haikuKiloModel, ...rest } = b.data;
      const chosen = model ?? haikuModel ?? haikuKiloModel;
      await core.updateHaikuLane({ ...rest, ...(chosen ? { model: chosen } : {}) });
      await view(res);
    }),
  );
  return r;
}
