import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { defineRoute, mountRoutes } from '../src/platform/http/route.js';
import { bearer, type TestUser } from './helpers/api.js';
import { certifyBidder, sealFile, submitBid } from './helpers/bids.js';
import { draftTender, listen, upload } from './helpers/documents.js';
import { drawnDraw, drawWorld, type DrawWorld } from './helpers/experts.js';
import {
  encodeComponent,
  HOSTILE_STRINGS,
  hostileJson,
  parameterValue,
  Rng,
  valueFor,
  type JsonSchema,
  type KnownValues,
} from './helpers/hostile-input.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { validTender } from './helpers/tenders.js';

/**
 * Malformed and hostile requests over every operation of the OpenAPI document, as anonymous, with broken
 * tokens and as each role: any 5xx, any hang, or any error without {error:{code,message}} fails the test.
 * FUZZ_RUNS sets how many requests (default 8000: 25-45 s with the setup on 2 cores), FUZZ_SEED the seed
 * (default fixed, so CI repeats itself); a failure prints the seed and the request, and the same seed and
 * runs send the same requests. FUZZ_REPORT=1 prints the time taken and the statuses seen.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const REQUEST_TIMEOUT_MS = 10_000;

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  /** From the operation's description "Access: admin, supervisor" (or public, authenticated). */
  access: string[];
  parameters: Parameter[];
  body?: JsonSchema;
}
interface Actor {
  name: string;
  role?: boolean;
  authorization?: string;
}
interface FuzzRequest {
  n: number;
  actor: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  describe: string;
}

const MALFORMED_JSON = [
  '{',
  '{"a":',
  '[1,]',
  "{'a':1}",
  'nul',
  '\u0000',
  '{"a":1}garbage',
  '1e999999',
  '-',
  '"\\ud800"',
  '{"a":"\\u0000"}',
  '\ufeff{}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
];
const CONTENT_TYPES = [
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/json; charset=nonsense',
  'application/json;;;',
  'application/merge-patch+json',
  'application/octet-stream',
  'application/vnd.yangguang.sealed-bid',
  '*/*',
  'x',
];
const ENCODINGS = ['gzip', 'deflate', 'br', 'x-unknown', 'identity', 'gzip, gzip'];

/** One request from the generator: the operation, who asks, the URL and the body, all from `rng`. */
function makeRequest(
  n: number,
  rng: Rng,
  ops: Operation[],
  actors: Actor[],
  known: KnownValues,
): FuzzRequest {
  const op = rng.pick(ops);
  // Mostly someone the route lets in, so requests get past authorization to validation and the handlers.
  const allowed = actors.filter(
    (a) => op.access.includes(a.name) || (op.access.includes('authenticated') && a.role),
  );
  let actor = allowed.length && rng.chance(0.7) ? rng.pick(allowed) : rng.pick(actors);
  // Logging out a role's session would turn the rest of the run into 401s for that role.
  if (op.path.endsWith('/auth/logout') && actor.authorization?.startsWith('Bearer ')) actor = actors[0]!;
  const notes: string[] = [];
  let path = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => {
    const parameter = op.parameters.find((p) => p.in === 'path' && p.name === name);
    const encoded = encodeComponent(rng, parameterValue(rng, parameter?.schema ?? {}, name, known));
    return encoded.length > 4000 ? encoded.slice(0, 4000).replace(/%[0-9A-F]?$/, '') : encoded;
  });
  if (rng.chance(0.02)) path += rng.pick(['/', '//', '/..', '%2F', '%00']);

  const query: string[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    if (!rng.chance(p.required ? 0.9 : 0.5)) continue;
    const times = rng.chance(0.1) ? 2 + rng.int(3) : 1;
    for (let i = 0; i < times; i++) {
      const name = rng.chance(0.05) ? `${p.name}[${rng.pick(['', '0', 'a', '__proto__'])}]` : p.name;
      query.push(
        `${encodeComponent(rng, name)}=${encodeComponent(rng, parameterValue(rng, p.schema, p.name, known))}`,
      );
    }
  }
  if (rng.chance(0.1)) {
    const key = rng.pick([
      '__proto__',
      'constructor[prototype][polluted]',
      '__proto__[polluted]',
      'a[b][c]',
      'x',
    ]);
    query.push(`${key}=${encodeComponent(rng, rng.pick(HOSTILE_STRINGS))}`);
  }
  if (rng.chance(0.02)) query.push(rng.pick(['&&&', '=', '==', '%', 'a=%', 'a=%E0%A4%A']));
  // Past 16 KiB of headers node itself answers 431 before the app sees the request; stay well below.
  let search = query.join('&');
  while (search.length > 6000) search = search.slice(0, Math.max(0, search.lastIndexOf('&', 6000)));
  const url = path + (search ? `?${search}` : '');

  const headers: Record<string, string> = {};
  // Header values go out as raw bytes (UTF-8 read as latin1); control bytes cannot be sent by node at all.
  const sendable = (c: string) => c === '\t' || (c >= ' ' && c !== '\x7f');
  const headerValue = (value: string) =>
    [...Buffer.from(value, 'utf8').toString('latin1')].filter(sendable).join('') || 'x';
  if (actor.authorization) headers.authorization = actor.authorization;
  if (rng.chance(0.03)) headers['idempotency-key'] = headerValue(rng.pick(HOSTILE_STRINGS).slice(0, 200));
  if (rng.chance(0.03)) headers['x-client-device'] = headerValue(rng.pick(HOSTILE_STRINGS).slice(0, 5000));
  if (rng.chance(0.02)) headers['x-request-id'] = headerValue(rng.pick(HOSTILE_STRINGS).slice(0, 100));

  let body: Buffer | undefined;
  const wantsBody = op.method !== 'get' || rng.chance(0.05);
  if (wantsBody) {
    const mode = rng.int(100);
    if (mode < 45 && op.body) {
      notes.push('schema-shaped JSON');
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(valueFor(rng, op.body, 'body', known)) ?? 'null');
    } else if (mode < 60) {
      notes.push('hostile JSON');
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(hostileJson(rng)) ?? 'null');
    } else if (mode < 72) {
      notes.push('malformed JSON');
      headers['content-type'] = 'application/json';
      body = Buffer.from(rng.pick(MALFORMED_JSON));
    } else if (mode < 85) {
      headers['content-type'] = rng.pick(CONTENT_TYPES);
      notes.push(`as ${headers['content-type']}`);
      body = Buffer.from(
        rng.chance(0.5) ? (JSON.stringify(hostileJson(rng)) ?? '') : rng.pick(HOSTILE_STRINGS),
      );
    } else if (mode < 93) {
      headers['content-type'] = 'application/json';
      headers['content-encoding'] = rng.pick(ENCODINGS);
      notes.push(`encoded ${headers['content-encoding']}`);
      body = Buffer.from(rng.pick(['{}', '\u001f\u008b\u0008garbage', 'x'.repeat(100)]), 'latin1');
    } else if (mode < 95) {
      notes.push('oversized JSON');
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify({ a: 'x'.repeat(300 * 1024) }));
    } else {
      notes.push('empty body');
      if (rng.chance(0.5)) headers['content-type'] = 'application/json';
    }
  }
  const describe =
    `#${n} ${op.method.toUpperCase()} ${url.slice(0, 300)} as ${actor.name}` +
    (notes.length ? ` (${notes.join(', ')}` + (body ? `: ${body.toString('utf8', 0, 200)})` : ')') : '');
  return { n, actor: actor.name, method: op.method.toUpperCase(), url, headers, body, describe };
}

describe('API fuzz: hostile input over every route', function () {
  this.timeout(Math.max(120_000, RUNS * 50));
  let t: TestPlatform;
  let server: { baseUrl: string; close(): Promise<void> };
  let world: DrawWorld;
  const known: KnownValues = { ids: [], serials: [], usccs: [] };

  before(async () => {
    t = await createTestPlatform({
      // Failed logins and downloads are limited per address; every fuzz request comes from one address.
      LOGIN_MAX_ATTEMPTS: '1000',
      DOWNLOADS_PER_MINUTE: '100000',
      REGISTRATIONS_PER_HOUR: '100000',
    });
    world = await drawWorld(t, { local: 4, remote: 1 });
    const keys = await certifyBidder(t.app, world.bidder);
    const bid = await submitBid(
      t.app,
      world.bidder.token,
      world.tender as never,
      await sealFile(world.tender as never, world.bidder.partyId!, keys),
    ).expect(201);
    const draft = await draftTender(t, world);
    const doc = await upload(t, world.tenderee, draft, { name: '招标文件.pdf' }, '%PDF-1.4 test').expect(201);
    const drawId = await drawnDraw(t, world, { slots: [{ specialty: 'A0802', count: 2, remote: 0 }] });
    const certs = await request(t.app).get('/api/v1/certificates').set(bearer(world.admin.token)).expect(200);
    const parties = await request(t.app).get('/api/v1/parties').set(bearer(world.admin.token)).expect(200);
    const notices = await request(t.app).get('/api/v1/notices').expect(200);
    known.ids.push(
      world.tender.id,
      world.tender.sections[0]!.id,
      draft,
      bid.body.bid?.id ?? bid.body.id,
      doc.body.id ?? doc.body.document?.id,
      drawId,
      ...world.experts.map((e) => e.expertId),
      ...[world.admin, world.supervisor, world.tenderee, world.agency, world.bidder].map((u) => u.userId),
      ...(parties.body.items as { id: string }[]).map((p) => p.id),
      ...(notices.body.items as { id: string }[]).map((n) => n.id),
    );
    known.ids = known.ids.filter((id): id is string => typeof id === 'string');
    known.serials = (certs.body.items ?? certs.body).map((c: { serial: string }) => c.serial);
    known.usccs = (parties.body.items as { uscc: string }[]).map((p) => p.uscc);
    server = await listen(t);
  });

  after(async () => {
    await server?.close();
    await t?.close();
  });

  it('refuses to mount a route whose path parameters have no schema', () => {
    const route = (extra: object) =>
      defineRoute({
        method: 'get',
        path: '/things/:thingId',
        summary: 'a thing',
        tags: [],
        access: 'public',
        handler: async () => ({}),
        ...extra,
      });
    assert.throws(() => mountRoutes(express.Router(), [route({})]), /thingId need a params object schema/);
    assert.throws(
      () => mountRoutes(express.Router(), [route({ params: z.object({ id: z.string().uuid() }) })]),
      /names id, the path thingId/,
    );
    // The opening hall's old schema: a bounded string still lets a NUL byte through to the database.
    assert.throws(
      () =>
        mountRoutes(express.Router(), [route({ params: z.object({ thingId: z.string().min(1).max(36) }) })]),
      /:thingId must have a format/,
    );
    assert.throws(
      () => mountRoutes(express.Router(), [route({ path: '/things', params: z.object({}) })]),
      /a params schema on a path without parameters/,
    );
    mountRoutes(express.Router(), [route({ params: z.object({ thingId: z.string().uuid() }) })]);
  });

  it('answers the inputs that once gave a 500 with a 4xx naming the problem', async () => {
    const nulCursor = Buffer.from('{"at":"2025-01-01T00:00:00Z","id":"\\u0000"}').toString('base64url');
    const cases: [request.Test, number, string][] = [
      [request(t.app).get('/api/v1/tenders/%00/opening-hall'), 422, 'VALIDATION_FAILED'],
      [request(t.app).get('/api/v1/parties?q=a%00').set(bearer(world.admin.token)), 422, 'VALIDATION_FAILED'],
      [request(t.app).get(`/api/v1/ocds/releases?cursor=${nulCursor}`), 422, 'INVALID_CURSOR'],
      [request(t.app).get(`/api/v1/notices?cursor=${nulCursor}`), 422, 'INVALID_CURSOR'],
      [request(t.app).get('/api/v1/tenders/%E0%A4%A'), 400, 'MALFORMED_URL'],
      [
        request(t.app)
          .post('/api/v1/auth/login')
          .set('Content-Type', 'application/json')
          .send('{"username":{"toString":null,"valueOf":null},"password":"x"}'),
        422,
        'VALIDATION_FAILED',
      ],
      [
        request(t.app)
          .post('/api/v1/auth/login')
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .send('not gzip'),
        400,
        'MALFORMED_BODY',
      ],
    ];
    for (const [[req, status, code], i] of cases.map((c, i) => [c, i] as const)) {
      const res = await req;
      assert.equal(res.status, status, `case ${i}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, code);
      assert.equal(typeof res.body.error.message, 'string');
    }
    // Valid tenders but for one title: a NUL, and a lone surrogate (JSON.stringify escapes it as \ud800).
    for (const title of ['道路\u0000工程', '道路\ud800工程']) {
      const res = await request(t.app)
        .post('/api/v1/tenders')
        .set(bearer(world.tenderee.token))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(validTender(world, t.clock.now(), { title })));
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.error.details.map((d: { path: string }) => d.path),
        ['title'],
      );
    }
    const nul = await request(t.app).get('/api/v1/parties?q=a%00').set(bearer(world.admin.token));
    assert.deepEqual(nul.body.error.details, [
      {
        path: 'query.q',
        message: 'must not contain a NUL character (U+0000) or an unpaired surrogate',
        code: 'invalid_string',
      },
    ]);
  });

  it(`answers ${RUNS} hostile requests with 2xx-4xx and JSON errors, never a 5xx or a hang (seed ${SEED})`, async () => {
    const spec = (await request(t.app).get('/api/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            description: string;
            parameters: Parameter[];
            requestBody?: { content: Record<string, { schema: JsonSchema }> };
          }
        >
      >;
    };
    const ops: Operation[] = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path,
        access: op.description.replace(/^Access: /, '').split(', '),
        parameters: op.parameters,
        body: op.requestBody?.content['application/json']?.schema,
      })),
    );
    assert.ok(ops.length > 80, `only ${ops.length} operations in the OpenAPI document`);
    // Mounted outside the route table: health, the document itself, the docs' static files, unknown paths.
    // Their placeholders get hostile or plausible strings like any other path parameter.
    for (const path of [
      '/healthz',
      '/readyz',
      '/api/openapi.json',
      '/api/docs/assets/{file}',
      '/api/{file}',
      '/{file}',
    ])
      for (const method of ['get', 'post']) ops.push({ method, path, access: ['public'], parameters: [] });
    const token = (u: TestUser) => `Bearer ${u.token}`;
    const actors: Actor[] = [
      { name: 'anonymous' },
      { name: 'admin', role: true, authorization: token(world.admin) },
      { name: 'supervisor', role: true, authorization: token(world.supervisor) },
      { name: 'tenderee', role: true, authorization: token(world.tenderee) },
      { name: 'agency', role: true, authorization: token(world.agency) },
      { name: 'bidder', role: true, authorization: token(world.bidder) },
      { name: 'custodian', role: true, authorization: token(world.custodians[0]!) },
      { name: 'expert', role: true, authorization: token(world.experts[0]!) },
      { name: 'bad token', authorization: 'Bearer not-a-token' },
      { name: 'long token', authorization: `Bearer ${'x'.repeat(4000)}` },
      { name: 'basic auth', authorization: 'Basic YWRtaW46YWRtaW4=' },
      { name: 'bare bearer', authorization: 'Bearer' },
    ];

    const rng = new Rng(SEED);
    const requests = Array.from({ length: RUNS }, (_, n) => makeRequest(n, rng, ops, actors, known));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      for (let r = requests[next++]; r; r = requests[next++]) {
        const problem = await send(server.baseUrl, r, statuses);
        if (problem) failures.push(`${r.describe}\n    → ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    if (process.env.FUZZ_REPORT)
      console.log(`  ${RUNS} requests in ${seconds.toFixed(1)} s;`, Object.fromEntries([...statuses].sort()));

    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
    await request(t.app).get('/api/v1/auth/me').set(bearer(world.admin.token)).expect(200);
    if (failures.length) {
      assert.fail(
        `${failures.length} of ${RUNS} requests failed (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} reproduces):\n` +
          failures.slice(0, 25).join('\n'),
      );
    }
  });
});

/** Sends one request; returns what is wrong with the answer, or null. */
async function send(baseUrl: string, r: FuzzRequest, statuses: Map<number, number>): Promise<string | null> {
  let answer: { status: number; text: string };
  try {
    answer = await new Promise((resolve, reject) => {
      // node:http rather than fetch: fetch refuses a GET with a body, and a hostile client sends one.
      const req = httpRequest(baseUrl + r.url, { method: r.method, headers: r.headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms`)),
      );
      req.on('error', reject);
      // An explicit length: node sends a GET's or DELETE's body unframed otherwise, and the server would
      // read it as the next request.
      if (r.body) req.setHeader('content-length', r.body.length);
      req.end(r.body);
    });
  } catch (err) {
    return `no answer: ${(err as Error).message}`;
  }
  const { status, text } = answer;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  if (status >= 500) return `${status} ${text.slice(0, 300)}`;
  if (status < 400) return null;
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error;
  } catch {
    // not JSON: reported below
  }
  if (typeof error?.code !== 'string' || typeof error.message !== 'string')
    return `${status} without {error:{code,message}}: ${text.slice(0, 300)}`;
  return null;
}
