import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';

const require = createRequire(import.meta.url);

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Yangguang API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

// A separate file rather than an inline script, so the page works under a strict Content-Security-Policy.
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** The browsable API docs (Swagger UI, served from the installed package, no CDN). */
export function docsRouter(): Router {
  const router = express.Router();
  const assets = dirname(require.resolve('swagger-ui-dist/package.json'));
  router.get('/', (_req, res) => {
    res.type('html').send(page);
  });
  router.get('/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  router.use('/assets', express.static(assets, { index: false }));
  return router;
}
