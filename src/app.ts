import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Request } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Platform } from './compose.js';
import { authenticate } from './platform/auth/authenticate.js';
import { errorHandler, notFoundHandler } from './platform/errors.js';
import { docsRouter } from './platform/http/docs.js';
import { buildOpenApi } from './platform/http/openapi.js';
import { mountRoutes } from './platform/http/route.js';
import './platform/http/types.js';
import { projectRoot } from './platform/project-root.js';

const API_PREFIX = '/api/v1';

/** Accept a caller's request id only if it looks like one, so logs cannot be polluted through it. */
function requestId(req: Request): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
}

/** The express app: the platform's kernel routes, then every registered module's. It does not listen. */
export function createApp(platform: Platform): Express {
  const { config, log, identity } = platform;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    pinoHttp({
      logger: log,
      genReqId: (req, res) => {
        const id = requestId(req as Request);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(helmet());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await platform.db.ping();
    } catch {
      res
        .status(503)
        .json({ error: { code: 'DATABASE_UNAVAILABLE', message: 'The database is unreachable' } });
      return;
    }
    try {
      await platform.cluster.ping();
    } catch {
      // Without Redis a node would count limits alone and miss the other nodes' socket events.
      res.status(503).json({ error: { code: 'REDIS_UNAVAILABLE', message: 'Redis is unreachable' } });
      return;
    }
    res.json({ status: 'ready', cluster: platform.cluster.kind });
  });

  const routes = platform.modules.routes();

  const openapi = buildOpenApi(
    routes.map((route) => ({ prefix: API_PREFIX, route })),
    '0.1.0',
  );
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use('/api/docs', docsRouter());

  const api = express.Router();
  api.use(express.json({ limit: `${config.BODY_LIMIT_KB}kb` }));
  api.use(authenticate(identity));
  mountRoutes(api, routes);
  for (const early of platform.modules.earlyRoutes()) app.use(`${API_PREFIX}${early.path}`, early.handler);
  app.use(API_PREFIX, api);
  app.use('/api', notFoundHandler);

  const webDist = join(projectRoot(), 'web', 'dist');
  if (existsSync(join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: 'index.html', maxAge: '1h' }));
    // The web app routes with the hash, so every other GET is the app's shell.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
      res.sendFile(join(webDist, 'index.html'));
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
