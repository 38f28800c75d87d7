/**
 * `/claude/config…`: the README's and the seed's aliases of the Claude Code methods at `/api/claude/config…`
 * (GET /config, POST /config/proxy | /config/direct | /config/revert), from the same contract table.
 * The rest of the Claude Code API (/api/statusline, /api/compat, /api/doctor…) is in the table too (routes/api.ts).
 */
import type express from 'express';
import { apiRouter, type DashboardCore } from './api.js';

export function claudeConfigRouter(core: DashboardCore): express.Router {
  return apiRouter(core, { under: '/claude' });
}
