/**
 * Claude Code integration over HTTP (same guards as /api: Host allow-list + same-origin).
 *
 *   /claude   GET  /config            status of Claude Code's settings.json (never its content, never a key)
 *             POST /config/proxy      configure for the proxy  {dryRun?, statusLine?}  → redacted diff + change id
 *             POST /config/direct     remove the proxy settings {dryRun?}
 *             POST /config/revert     undo the newest configure/direct change {force?}
 *   /api      GET  /statusline        small JSON for `codex-claude-proxy statusline`
 *             GET  /compat            compatibility sentinel counters
 *             GET  /doctor            doctor report
 *             POST /doctor/fix        {id}         apply one finding's fix
 *             POST /doctor/undo       {changeId, force?}
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { ProxyCore } from '../../core.js';
import { ChangeError, CHANGE_ID_RE } from '../../claude-code/change-journal.js';
import { LockTimeoutError } from '../../claude-code/file-lock.js';
import { ClaudeSettingsError } from '../../claude-code/settings-file.js';

const configureBody = z.object({ dryRun: z.boolean().optional(), statusLine: z.boolean().optional() }).strict();
const directBody = z.object({ dryRun: z.boolean().optional() }).strict();
const revertBody = z.object({ force: z.boolean().optional() }).strict();
const fixBody = z.object({ id: z.string().min(1).max(200).regex(/^[\w.:-]+$/) }).strict();
const undoBody = z.object({ changeId: z.string().regex(CHANGE_ID_RE), force: z.boolean().optional() }).strict();

type Handler = (req: Request, res: Response) => Promise<void>;

/** User-fixable failures → 409 with the message; anything else → 500 without details. */
function wrap(core: ProxyCore, fn: Handler): (req: Request, res: Response) => void {
  return (req, res) => {
    fn(req, res).catch((e: Error) => {
      if (e instanceof ClaudeSettingsError || e instanceof ChangeError || e instanceof LockTimeoutError) {
        res.status(409).json({ error: { message: e.message } });
        return;
      }
      core.logger.error({ err: e.message, route: req.path }, 'claude-code route failed');
      res.status(500).json({ error: { message: 'Internal proxy error' } });
    });
  };
}

function body<T>(schema: z.ZodType<T>, req: Request, res: Response, usage: string): T | undefined {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) {
    res.status(400).json({ error: { message: `body must be ${usage}` } });
    return undefined;
  }
  return r.data;
}

export function claudeConfigRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  r.get('/config', wrap(core, async (_req, res) => void res.json(await core.getClaudeConfig())));
  r.post(
    '/config/proxy',
    wrap(core, async (req, res) => {
      const b = body(configureBody, req, res, '{"dryRun"?: boolean, "statusLine"?: boolean}');
      if (b) res.json(await core.configureClaude(b));
    }),
  );
  r.post(
    '/config/direct',
    wrap(core, async (req, res) => {
      const b = body(directBody, req, res, '{"dryRun"?: boolean}');
      if (b) res.json(await core.useClaudeDirect(b));
    }),
  );
  r.post(
    '/config/revert',
    wrap(core, async (req, res) => {
      const b = body(revertBody, req, res, '{"force"?: boolean}');
      if (b) res.json(await core.revertClaudeConfig(b));
    }),
  );
  r.use((_req, res) => void res.status(404).json({ error: { message: 'not found' } }));
  return r;
}

/** Mounted on /api before the DashboardApi router (which ends in a 404 catch-all). */
export function claudeApiRouter(core: ProxyCore): express.Router {
  const r = express.Router();
  r.get('/statusline', wrap(core, async (_req, res) => void res.json(await core.getStatusline())));
  r.get('/compat', wrap(core, async (_req, res) => void res.json(await core.getCompat())));
  r.get('/doctor', wrap(core, async (_req, res) => void res.json(await core.runDoctor())));
  r.post(
    '/doctor/fix',
    wrap(core, async (req, res) => {
      const b = body(fixBody, req, res, '{"id": "<finding id>"}');
      if (b) res.json(await core.applyDoctorFix(b.id));
    }),
  );
  r.post(
    '/doctor/undo',
    wrap(core, async (req, res) => {
      const b = body(undoBody, req, res, '{"changeId": "<change id>", "force"?: boolean}');
      if (b) res.json(await core.undoDoctorFix(b.changeId, { force: b.force }));
    }),
  );
  return r;
}
