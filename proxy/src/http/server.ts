/** The express app: /v1 (Anthropic API), /api (dashboard), /health, and the dashboard or a status page at /. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ProxyCore } from '../core.js';
import { buildModelsList } from './models-list.js';
import { apiKeyGuard, localSurfaceGuard, sameOriginGuard } from './guards.js';
import { jsonBody } from './body-parser.js';
import { invalidRequest, sendAnthropicError } from './errors.js';
import { messagesHandler } from './routes/messages.js';
import { chatCompletionsHandler, sendOpenAIError } from './routes/chat-completions.js';
import { openAIError } from '../openai/errors.js';
import { haikuSettingsRouter } from './routes/lanes.js';
import { countTokensHandler } from './routes/count-tokens.js';
import { apiRouter } from './routes/api.js';
import { claudeConfigRouter } from './routes/claude-config.js';
import { accountsApiRouter, seedAccountsRouter } from './routes/accounts-api.js';
import { statusPage } from './routes/status-page.js';
import { eventsRouter } from './routes/events.js';
import { logsRouter } from './routes/logs.js';
import { DASHBOARD_CSP } from './csp.js';

const BODY_LIMIT = '64mb';

export function createApp(core: ProxyCore, opts: { dashboardDir?: string } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(localSurfaceGuard({ bindHost: () => core.bindHost, apiKey: () => core.apiKey }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: core.version, enabled: core.enabled });
  });

  const v1 = express.Router();
  v1.use(apiKeyGuard(() => core.apiKey));
  v1.use((_req, res, next) => {
    if (core.enabled) return next();
    sendAnthropicError(res, { status: 503, type: 'api_error', message: 'Codex Claude Proxy is turned off', headers: { 'x-should-retry': 'false' } });
  });
  v1.use(jsonBody({ limit: BODY_LIMIT }));
  v1.post('/messages', messagesHandler(() => core.pipelineDeps()));
  v1.post('/messages/count_tokens', countTokensHandler());
  v1.post('/chat/completions', chatCompletionsHandler(() => core.pipelineDeps()));
  v1.get('/models', async (_req, res) => {
    res.json(buildModelsList(core.settings.modelMapping, await core.activeCatalog()));
  });
  v1.use((req, res) => {
    sendAnthropicError(res, { status: 404, type: 'not_found_error', message: `No route for ${req.method} ${req.originalUrl.split('?')[0]}`, headers: {} });
  });
  app.use('/v1', v1);

  app.use('/claude', sameOriginGuard(), jsonBody({ limit: '1mb' }), claudeConfigRouter(core));
  app.use('/settings', sameOriginGuard(), jsonBody({ limit: '1mb' }), haikuSettingsRouter(core));
  app.use('/api', sameOriginGuard(), eventsRouter(core));
  app.use('/api', sameOriginGuard(), logsRouter(core.requestLog));
  app.use('/api', sameOriginGuard(), jsonBody({ limit: '1mb' }), accountsApiRouter(core), apiRouter(core));
  app.use('/accounts', sameOriginGuard(), jsonBody({ limit: '1mb' }), seedAccountsRouter(core));

  const dashboardDir = opts.dashboardDir;
  if (dashboardDir && existsSync(path.join(dashboardDir, 'index.html'))) {
    app.use(
      express.static(dashboardDir, {
        index: 'index.html',
        setHeaders: (res) => res.setHeader('content-security-policy', DASHBOARD_CSP),
      }),
    );
  } else {
    app.get('/', (_req, res) => statusPage(core, res));
  }

  // Body-parser and other errors: never a stack trace, always the right shape.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status ?? 500;
    if (req.path === '/v1/chat/completions') {
      if (err.type === 'entity.too.large') return sendOpenAIError(res, openAIError(413, 'invalid_request_error', `Request body is larger than ${BODY_LIMIT}`, 'request_too_large'));
      if (status < 500) return sendOpenAIError(res, openAIError(400, 'invalid_request_error', `Request body is not valid JSON: ${err.message}`));
      core.logger.error({ err: err.message }, 'unhandled error');
      return sendOpenAIError(res, openAIError(500, 'server_error', 'Internal proxy error', 'server_error'));
    }
    if (req.path.startsWith('/v1')) {
      if (err.type === 'entity.too.large') {
        return sendAnthropicError(res, { status: 413, type: 'request_too_large', message: `Request body is larger than ${BODY_LIMIT}`, headers: {} });
      }
      if (status < 500) return sendAnthropicError(res, invalidRequest(`Request body is not valid JSON: ${err.message}`));
      core.logger.error({ err: err.message }, 'unhandled error');
      return sendAnthropicError(res, { status: 500, type: 'api_error', message: 'Internal proxy error', headers: {} });
    }
    if (status >= 500) core.logger.error({ err: err.message }, 'unhandled error');
    res.status(status).json({ error: { message: status < 500 ? err.message : 'Internal proxy error' } });
  });
  return app;
}
