import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { eventually } from './helpers/eventually.js';
import { login, ServerProcess } from './helpers/server-process.js';
import { nextEvent, SocketClients, withTimeout } from './helpers/sockets.js';
import { base64urlJson, newKeyPem, sealFile, testDevice } from './helpers/bids.js';
import { createCsr } from '../crypto/index.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

/**
 * Several nodes (docs/design.md §11): two real server processes on one MariaDB and one Redis, as behind a
 * load balancer. Runs where both are given (CI's MariaDB run: DATABASE_URL and TEST_REDIS_URL); skipped on the
 * embedded SQLite, which is one node by nature.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const onServerDatabase = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

const DAY = 24 * 3600_000;
const json = { 'Content-Type': 'application/json' };

async function api(
  base: string,
  path: string,
  token?: string,
  init: { method?: string; body?: unknown } = {},
) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...json, ...(token && { Authorization: `Bearer ${token}` }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

describe('several nodes on one MariaDB and one Redis (real processes)', function () {
  this.timeout(180_000);
  let dir: string;
  let db: TestDatabase;
  const nodes: ServerProcess[] = [];
  let a: string;
  let b: string;
  let accounts: Map<string, string>;
  let sockets: SocketClients[] = [];

  before(async function () {
    if (!redisUrl || !onServerDatabase) return this.skip();
    dir = mkdtempSync(join(tmpdir(), 'yg-nodes-'));
    db = await createTestDatabase(dir);
    // Rate-limit counters of an earlier run on this Redis would count against this one.
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: 'yg:rl:*' })) if (keys.length) await redis.del(keys);
    await redis.quit();

    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl,
      // What the nodes share besides the database: the keys and the blob folder (one host here).
      KEYS_DIR: join(dir, 'keys'),
      STORAGE_DIR: join(dir, 'blobs'),
      LOG_LEVEL: 'info',
      SEED_DEMO: 'true',
      DEMO_CUSTODIAN_AGENTS: 'false',
      LOGIN_MAX_ATTEMPTS: '3',
      // A feed page may be served from memory for a minute: a node that missed another's change would show
      // the old page far longer than the test waits.
      FEED_CACHE_MS: '60000',
    };
    // One after the other: the first migrates and seeds, the second finds it done.
    nodes.push(new ServerProcess(env));
    a = await nodes[0]!.listening(120_000);
    accounts = new Map(nodes[0]!.printedAccounts().map((acc) => [acc.username, acc.password]));
    nodes.push(new ServerProcess(env));
    b = await nodes[1]!.listening(120_000);
  });

  afterEach(() => {
    for (const s of sockets) s.closeAll();
    sockets = [];
  });

  after(async () => {
    for (const node of nodes) node.killAll();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const tokenOf = async (base: string, username: string) => {
    const res = await login(base, username, accounts.get(username)!);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.token!;
  };
  const clientsOf = (base: string) => {
    const clients = new SocketClients(base);
    sockets.push(clients);
    return clients;
  };

  /** A draft tender that passes the publication rules, created through `base`; its id. */
  async function createTender(base: string, tenderee: string, projectName: string): Promise<string> {
    const custodians = await api(base, '/directory/custodians', tenderee);
    const ids = (custodians.body.items as { id: string; hasValidCertificate: boolean }[])
      .filter((c) => c.hasValidCertificate)
      .map((c) => c.id);
    assert.ok(ids.length >= 2, JSON.stringify(custodians.body));
    const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
    const created = await api(base, '/tenders', tenderee, {
      body: {
        projectName,
        title: `${projectName}施工招标`,
        category: 'A',
        regionCode: '450100',
        evaluationMethod: 'lowest-evaluated-price',
        evaluationCriteria: [
          { name: '资格审查', kind: 'qualification' },
          { name: '投标报价', kind: 'price', weight: 100 },
        ],
        schedule: {
          documentsFrom: at(1),
          documentsTo: at(8),
          clarificationDeadline: at(10),
          bidDeadline: at(25),
        },
        sections: [
          { name: '第一标段', maxPriceFen: 1_000_000_00, estimatedPriceFen: 900_000_00, depositFen: 0 },
        ],
        custodians: { userIds: ids.slice(0, 3), threshold: 2 },
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return (created.body.tender as { id: string }).id;
  }

  it('both nodes are ready and say they share through Redis', async () => {
    for (const base of [a, b]) {
      const res = await fetch(`${base}/readyz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ready', cluster: 'redis' });
    }
    assert.ok(accounts.size > 0, 'the first node printed the demo accounts');
    assert.equal(nodes[1]!.printedAccounts().length, 0, 'the second node found the seed done');
  });

  it('counts failed logins across both nodes: the fourth, on either node, is refused', async () => {
    const username = `ghost-${randomBytes(4).toString('hex')}`;
    for (const base of [a, a, b]) assert.equal((await login(base, username, 'wrong-password')).status, 401);
    // Each node alone has seen fewer than 3 failures; together they have seen 3.
    assert.equal((await login(b, username, 'wrong-password')).status, 429);
    assert.equal((await login(a, username, 'wrong-password')).status, 429);
  });

  it('a logout on node B ends the live connection the same session holds on node A', async () => {
    const token = await tokenOf(a, 'bidder1');
    const socket = await clientsOf(a).connect(token);
    const closed = nextEvent(socket, 'disconnect');
    const out = await api(b, '/auth/logout', token, { method: 'POST', body: {} });
    assert.ok(out.status === 200 || out.status === 204, JSON.stringify(out.body));
    assert.equal(await closed, 'io server disconnect');
  });

  it('a supervisor connected to node A hears of a tender created through node B', async () => {
    const supervisor = await clientsOf(a).connect(await tokenOf(a, 'supervisor'), '/supervision');
    const tenderee = await tokenOf(b, 'tenderee');
    const changed = nextEvent<{ tenderIds: string[] }>(supervisor, 'changed');
    const tenderId = await createTender(b, tenderee, '两节点测试项目');
    const push = await withTimeout(
      (async () => {
        // Pushes are coalesced; the one naming this tender may follow one for the seed's own events.
        for (let p = await changed; ; p = await nextEvent<{ tenderIds: string[] }>(supervisor, 'changed'))
          if (p.tenderIds.includes(tenderId)) return p;
      })(),
      'the push naming the new tender',
    );
    assert.ok(push.tenderIds.includes(tenderId));
  });

  it("a notice published through node B drops node A's cached feed at once, well within its minute", async () => {
    const feedIds = async (base: string) => {
      const res = await fetch(`${base}/api/v1/notices?limit=20`);
      assert.equal(res.status, 200);
      return ((await res.json()) as { items: { tenderId: string }[] }).items.map((n) => n.tenderId);
    };
    // Node A reads the feed anonymously: the page is now in A's cache for 60 s.
    const before = await feedIds(a);
    assert.deepEqual(await feedIds(a), before);
    const tenderee = await tokenOf(b, 'tenderee');
    const tenderId = await createTender(b, tenderee, '两节点公告缓存');
    const published = await api(b, `/tenders/${tenderId}/publication`, tenderee, { body: {} });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    // Node B's own cache was dropped in the commit; A's by B's message over Redis, not by its expiry.
    assert.ok((await feedIds(b)).includes(tenderId), 'the writing node reads its own change');
    await eventually("the new notice in node A's feed", async () => (await feedIds(a)).includes(tenderId), {
      timeoutMs: 10_000,
    });
  });

  /** A published tender (through node B) and bidder1's sealed bid on it, uploaded through `base`. */
  async function tenderWithBid(base: string, projectName: string) {
    const tenderee = await tokenOf(b, 'tenderee');
    const tenderId = await createTender(b, tenderee, projectName);
    const published = await api(b, `/tenders/${tenderId}/publication`, tenderee, { body: {} });
    assert.equal(published.status, 200, JSON.stringify(published.body));

    const signedIn = await login(base, 'bidder1', accounts.get('bidder1')!);
    const token = signedIn.body.token!;
    const partyId = (signedIn.body.user as { partyId?: string }).partyId!;
    const keyPem = await newKeyPem();
    const cert = await api(base, '/certificates', token, {
      body: { csrPem: createCsr({ keyPem, commonName: 'bidder1' }) },
    });
    assert.equal(cert.status, 201, JSON.stringify(cert.body));
    const tender = (await api(base, `/tenders/${tenderId}`, token)).body as unknown as TenderView;
    const file = await sealFile(tender, partyId, {
      keyPem,
      certPem: cert.body.pem as string,
      serial: cert.body.serial as string,
    });
    const upload = await fetch(`${base}/api/v1/tenders/${tenderId}/sections/${tender.sections[0]!.id}/bids`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/vnd.yangguang.sealed-bid',
        'X-Client-Device': base64urlJson(testDevice),
      },
      body: new Uint8Array(file),
    });
    const submitted = (await upload.json()) as { bid: { id: string; status: string } };
    assert.equal(upload.status, 201, JSON.stringify(submitted));
    return { tenderId, token, bidId: submitted.bid.id };
  }

  it('a bid uploaded through node A is withdrawn through node B, and node A then says it is withdrawn', async () => {
    const { token, bidId } = await tenderWithBid(a, '两节点投标撤回');
    // The same session, on the other node: the bid is in the shared database, the blob in the shared folder.
    const withdrawn = await api(b, `/bids/${bidId}/withdrawal`, token, { body: {} });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.status, 'withdrawn');
    const again = await api(a, `/bids/${bidId}/withdrawal`, token, { body: {} });
    assert.equal(again.status, 409);
    assert.equal((again.body.error as { code: string }).code, 'BID_ALREADY_WITHDRAWN');
    const seenOnA = await api(a, `/bids/${bidId}`, token);
    assert.equal(seenOnA.status, 200, JSON.stringify(seenOnA.body));
    assert.equal(seenOnA.body.status, 'withdrawn');
  });

  it("a supervisor in node A's opening hall sees a bidder check in through node B", async () => {
    const { tenderId, token } = await tenderWithBid(a, '两节点开标大厅');
    const supervisor = await clientsOf(a).connect(await tokenOf(a, 'supervisor'), '/opening');
    const joined = (await supervisor.timeout(15_000).emitWithAck('hall:join', { tenderId })) as {
      ok: boolean;
    };
    assert.equal(joined.ok, true, JSON.stringify(joined));
    const seen = nextEvent<{ kind: string }>(supervisor, 'hall:event');

    const bidder = await clientsOf(b).connect(token, '/opening');
    const checkIn = (await bidder.timeout(15_000).emitWithAck('hall:check-in', {
      tenderId,
      eventId: randomUUID(),
    })) as { ok: boolean };
    assert.equal(checkIn.ok, true, JSON.stringify(checkIn));
    assert.equal((await seen).kind, 'check-in');
  });
});
