import assert from 'node:assert/strict';
import express from 'express';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { watchUnauditedChanges, type UnauditedChange } from '../src/platform/http/audit-net.js';
import { defineRoute, mountRoutes } from '../src/platform/http/route.js';
import { createLogger } from '../src/platform/logger.js';

/**
 * The route layer's safety net: a mutating request that completed without an audit entry is reported (the
 * root hook in test/helpers/root-hooks.ts fails the test that made it); reads and read-only POSTs are not.
 */
describe('audit safety net of the route layer', () => {
  const heard: UnauditedChange[] = [];
  let previous: ReturnType<typeof watchUnauditedChanges>;
  const app = express();
  app.use(pinoHttp({ logger: createLogger('silent', { format: 'json' }) }));
  const router = express.Router();
  mountRoutes(router, [
    defineRoute({
      method: 'post',
      path: '/forgetful',
      summary: 'changes something and audits nothing (the bug the net catches)',
      tags: [],
      access: 'public',
      handler: async () => ({ ok: true }),
    }),
    defineRoute({
      method: 'post',
      path: '/verification',
      summary: 'a POST that changes nothing',
      tags: [],
      access: 'public',
      readOnly: true,
      handler: async () => ({ valid: true }),
    }),
    defineRoute({
      method: 'get',
      path: '/reading',
      summary: 'a read',
      tags: [],
      access: 'public',
      handler: async () => ({ items: [] }),
    }),
  ]);
  app.use(router);

  // This suite's own watcher in place of the root hook's, so its deliberate offence does not fail it.
  before(() => (previous = watchUnauditedChanges((c) => heard.push(c))));
  after(() => watchUnauditedChanges(previous));
  beforeEach(() => (heard.length = 0));

  it('reports a mutating request that left no audit entry, and still answers it', async () => {
    await request(app).post('/forgetful').send({}).expect(200);
    assert.deepEqual(heard, [{ method: 'POST', route: '/forgetful' }]);
  });

  it('does not report reads or read-only POSTs', async () => {
    await request(app).get('/reading').expect(200);
    await request(app).post('/verification').send({}).expect(200);
    assert.deepEqual(heard, []);
  });
});
