import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CustodianAgent, type CustodianAgentOptions } from '../cli/custodian/agent.js';
import type { AgentLogEntry } from '../cli/custodian/log.js';
import { toBase64 } from '../crypto/encoding.js';
import { shareCheck, wrapTo } from '../crypto/sealed-bid/key-material.js';
import { testKey } from '../crypto/testing/keys.js';
import { ManualClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/platform/config.js';
import { DEMO_CUSTODIANS } from '../src/seed/demo-custodian-agents.js';
import { seedDemo } from '../src/seed/demo.js';
import { login, type TestUser } from './helpers/api.js';
import { SpawnedServer } from './helpers/bid-server.js';
import { certifyBidder } from './helpers/bids.js';
import { FakeOpeningServer } from './helpers/fake-opening-server.js';
import {
  DEADLINE_OFFSET_MS,
  openingTender,
  openingWorld,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import { eventually } from './helpers/eventually.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const OPENING = '2026-03-02T01:30:00.000Z';
const custodianKey = testKey('custodian-agent');
const strangerKey = testKey('someone-else');

async function wrappedBid(bidId: string, position: number, opts: { to?: string; badCheck?: boolean } = {}) {
  const share = new Uint8Array(randomBytes(33));
  return {
    share,
    entry: {
      bidId,
      version: 1,
      wrappedShare: await wrapTo(opts.to ?? custodianKey.publicPem, share),
      shareCheck: await shareCheck(position, opts.badCheck ? new Uint8Array(33) : share),
    },
  };
}

describe('custodian agent against a stand-in server (the agent’s own refusals)', function () {
  let fake: FakeOpeningServer;
  let clock: ManualClock;
  let logs: AgentLogEntry[];
  const delays: number[] = [];

  const agent = (extra: Partial<CustodianAgentOptions> = {}) =>
    new CustodianAgent({
      // These tests count the release requests; registering a format 2 key is tested in bids-v2-e2e.
      registerCurveKey: false,
      serverUrl: fake.baseUrl,
      token: 'good-token',
      key: custodianKey.privatePem,
      clock,
      log: (e) => logs.push(e),
      sleep: async (ms) => void delays.push(ms),
      ...extra,
    });

  beforeEach(async () => {
    fake = await new FakeOpeningServer().start();
    clock = new ManualClock(new Date(Date.parse(OPENING) - 1));
    logs = [];
    delays.length = 0;
    fake.tenders = [
      {
        tenderId: 't-1',
        code: 'YG-1',
        title: 'road works',
        bidDeadline: OPENING,
        position: 2,
        status: 'bidding-closed',
        released: false,
      },
    ];
  });
  afterEach(() => fake.stop());

  it('does not ask for shares one millisecond before its own opening time, though the server would answer', async () => {
    const { entry } = await wrappedBid('b-1', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [entry] });
    const report = await agent().runOnce();
    assert.equal(fake.count('/openings/custodian'), 1);
    assert.equal(fake.count('wrapped-shares'), 0);
    assert.equal(fake.posted.length, 0);
    assert.deepEqual(report.waiting, [{ tenderId: 't-1', opensInMs: 1 }]);
    assert.ok(logs.some((l) => l.event === 'decision' && l.decision === 'wait'));
  });

  it('releases at its opening time exactly the shares it unwrapped, and logs no secret', async () => {
    const one = await wrappedBid('b-1', 2);
    const two = await wrappedBid('b-2', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [one.entry, two.entry] });
    const a = agent();
    await a.runOnce();
    clock.advance(1);
    const report = await a.runOnce();
    assert.deepEqual(report.released, [{ tenderId: 't-1', accepted: ['b-1', 'b-2'], wrong: [] }]);
    assert.deepEqual(fake.posted[0]!.shares, [
      { bidId: 'b-1', version: 1, share: toBase64(one.share) },
      { bidId: 'b-2', version: 1, share: toBase64(two.share) },
    ]);
    // Released once: the next round fetches again (the server still says released: false) but sends nothing.
    await a.runOnce();
    assert.equal(fake.posted.length, 1);
    const logText = JSON.stringify(logs);
    for (const secret of [toBase64(one.share), toBase64(two.share), 'good-token', 'PRIVATE KEY']) {
      assert.ok(!logText.includes(secret), `the log holds ${secret.slice(0, 12)}`);
    }
    assert.ok(logs.some((l) => l.event === 'request' && l.path === '/tenders/t-1/opening/shares'));
  });

  it('refuses a server that moves the opening time earlier to get the shares sooner', async () => {
    const { entry } = await wrappedBid('b-1', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [entry] });
    const a = agent();
    await a.runOnce();
    fake.tenders[0]!.bidDeadline = '2026-03-01T01:30:00.000Z';
    const report = await a.runOnce();
    assert.deepEqual(report.refused, [{ tenderId: 't-1', reason: 'OPENING_TIME_MOVED_EARLIER' }]);
    assert.equal(fake.count('wrapped-shares'), 0);
    assert.equal(fake.posted.length, 0);
  });

  it('follows an opening time moved later, and waits for it', async () => {
    const { entry } = await wrappedBid('b-1', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [entry] });
    const a = agent();
    await a.runOnce();
    fake.tenders[0]!.bidDeadline = '2026-03-09T01:30:00.000Z';
    clock.advance(1);
    assert.equal((await a.runOnce()).waiting.length, 1);
    clock.set('2026-03-09T01:30:00.000Z');
    assert.equal((await a.runOnce()).released.length, 1);
  });

  it('keeps back, and reports, shares it cannot unwrap or that fail the bidder’s check', async () => {
    const good = await wrappedBid('b-good', 2);
    const foreign = await wrappedBid('b-foreign', 2, { to: strangerKey.publicPem });
    const unchecked = await wrappedBid('b-unchecked', 2, { badCheck: true });
    fake.wrapped.set('t-1', {
      position: 2,
      threshold: 2,
      bids: [good.entry, foreign.entry, unchecked.entry],
    });
    clock.set(OPENING);
    const report = await agent().runOnce();
    assert.deepEqual(
      fake.posted[0]!.shares.map((s) => s.bidId),
      ['b-good'],
    );
    assert.deepEqual(report.ownFailures, [
      { tenderId: 't-1', bidId: 'b-foreign', reason: 'UNWRAP_FAILED' },
      { tenderId: 't-1', bidId: 'b-unchecked', reason: 'SHARE_CHECK_MISMATCH' },
    ]);
    assert.equal(logs.filter((l) => l.event === 'share.not-released').length, 2);
  });

  it('refuses an answer for another custodian position', async () => {
    const { entry } = await wrappedBid('b-1', 3);
    fake.wrapped.set('t-1', { position: 3, threshold: 2, bids: [entry] });
    clock.set(OPENING);
    const report = await agent().runOnce();
    assert.deepEqual(report.refused, [{ tenderId: 't-1', reason: 'WRONG_POSITION' }]);
    assert.equal(fake.posted.length, 0);
  });

  it('asks again next round when the server has not started the opening (its clock is behind)', async () => {
    const { entry } = await wrappedBid('b-1', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [entry] });
    clock.set(OPENING);
    fake.notStarted = true;
    const a = agent();
    assert.equal((await a.runOnce()).released.length, 0);
    assert.ok(logs.some((l) => l.decision === 'server-not-ready' && l.code === 'OPENING_NOT_STARTED'));
    fake.notStarted = false;
    assert.equal((await a.runOnce()).released.length, 1);
  });

  it('retries with growing waits when connections fail, then releases', async () => {
    const { entry } = await wrappedBid('b-1', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [entry] });
    clock.set(OPENING);
    fake.dropNext = 3;
    const report = await agent({ backoffMs: 100 }).runOnce();
    assert.equal(report.released.length, 1);
    assert.equal(delays.length, 3);
    assert.ok(delays[0]! < delays[2]!, `backoff grows: ${delays.join(', ')}`);
    assert.equal(logs.filter((l) => l.event === 'retry').length, 3);
  });

  it('gives up a round after its retries and reports the server unreachable', async () => {
    fake.dropNext = 100;
    const report = await agent({ retries: 2 }).runOnce();
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0]!.message, /openings\/custodian/);
    assert.equal(fake.requests.length, 3);
  });

  it('logs in again with its password when the session has expired', async () => {
    const { entry } = await wrappedBid('b-1', 2);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [entry] });
    clock.set(OPENING);
    const report = await agent({
      token: 'expired',
      username: 'custodian1',
      password: 'pw-custodian1',
    }).runOnce();
    assert.equal(report.released.length, 1);
    assert.equal(fake.count('/auth/login'), 1);
    assert.ok(!JSON.stringify(logs).includes('pw-custodian1'));
  });

  it('does nothing for tenders already released or failed', async () => {
    fake.tenders.push({ ...fake.tenders[0]!, tenderId: 't-2', status: 'failed' });
    fake.tenders[0]!.released = true;
    clock.set(OPENING);
    await agent().runOnce();
    assert.equal(fake.count('wrapped-shares'), 0);
  });
});

describe('custodian agents in-process against the real server (one ManualClock for both)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let http: Server;
  let baseUrl: string;
  /** Every request path the server received, as a counting proxy in front of the app would see it. */
  const seen: string[] = [];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 3);
    http = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      void t.app(req, res);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    http?.closeAllConnections();
    if (http) await new Promise((resolve) => http.close(resolve));
    // The opening hall relays the opening's events after commit: let it finish before the database closes.
    await t?.platform.openingHall.relay.idle();
    await t?.close();
  });

  const agents = (logs: AgentLogEntry[]) =>
    w.custodians.map(
      (c, i) =>
        new CustodianAgent({
          // These tests count the release requests; registering a format 2 key is tested in bids-v2-e2e.
          registerCurveKey: false,
          serverUrl: baseUrl,
          token: c.token,
          key: w.custodianKeys[i]!.keyPem,
          clock: t.clock,
          log: (e) => logs.push({ custodian: c.username, ...e }),
        }),
    );

  it('asks nothing at deadline−1 ms, releases at the deadline, and the bids open', async () => {
    const tender = await openingTender(t, w);
    const bids = [];
    for (const bidder of w.bidders) bids.push(await submitTestBid(t, tender, bidder));
    const deadline = Date.parse(tender.schedule.bidDeadline);
    const logs: AgentLogEntry[] = [];
    const three = agents(logs);

    t.clock.set(new Date(deadline - 1));
    seen.length = 0;
    for (const a of three)
      assert.deepEqual(
        (await a.runOnce()).waiting.map((x) => x.tenderId),
        [tender.id],
      );
    assert.equal(seen.filter((s) => s.includes('/opening/')).length, 0, seen.join('\n'));
    assert.equal(seen.length, 3);
    assert.equal(await t.platform.opening.service.models.OpeningShare.count(), 0);

    t.clock.set(new Date(deadline));
    for (const a of three) {
      const report = await a.runOnce();
      assert.equal(report.released.length, 1, JSON.stringify({ report, logs: logs.slice(-6) }));
      assert.equal(report.released[0]!.tenderId, tender.id);
      assert.deepEqual(report.released[0]!.accepted.slice().sort(), bids.map((b) => b.bidId).sort());
      assert.deepEqual(report.released[0]!.wrong, []);
      assert.deepEqual(report.ownFailures, []);
    }
    assert.equal(await t.platform.opening.service.models.OpeningShare.count({ where: { valid: true } }), 9);
    // The server now says released: the agents leave the tender alone.
    seen.length = 0;
    for (const a of three) await a.runOnce();
    assert.equal(seen.filter((s) => s.includes('/opening/')).length, 0, seen.join('\n'));

    await testRunner(t).run();
    const record = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200);
    assert.ok(record.body.records[0].record.bids.every((b: { outcome: string }) => b.outcome === 'opened'));
    const text = JSON.stringify(logs);
    for (const b of bids) for (const s of b.shares) assert.ok(!text.includes(toBase64(s)));
  });
});

/** One `yangguang custodian run` process, its JSON log lines kept. */
class AgentProcess {
  readonly lines: AgentLogEntry[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private partial = '';

  constructor(args: string[], env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli/yangguang.ts', 'custodian', 'run', ...args],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString()).split('\n');
      this.partial = parts.pop() ?? '';
      for (const p of parts) if (p.startsWith('{')) this.lines.push(JSON.parse(p) as AgentLogEntry);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** null while it runs. */
  get exitCode(): number | null {
    return this.child.exitCode ?? (this.child.signalCode ? -1 : null);
  }

  stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    return this.exited;
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

describe('custodian agents as separate processes, a real server process, the real clock', function () {
  this.timeout(180_000);
  /**
   * From the tender's creation to its deadline, in real time: enough to publish it and submit three small
   * bids in this process and for the agents to see it once. The server and the agents are already up by then.
   */
  const LEAD_MS = 10_000;
  let t: TestPlatform;
  let w: OpeningWorld;
  let server: SpawnedServer | undefined;
  const agentProcesses: AgentProcess[] = [];

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    // Users and certificates from a little before the tender's (back-dated) creation; sessions last 30 days.
    t.clock.set(new Date(Date.now() - DEADLINE_OFFSET_MS - 3600_000));
    w = await openingWorld(t, 3);
  });
  after(async () => {
    for (const a of agentProcesses) a.kill();
    await server?.kill9();
    await t.close();
  });

  it('three agent processes wait for the opening time, release, and the opening record is published', async () => {
    // The server and the agents start first, and the tender is made once every agent has been through a
    // round: however long the processes take to start, the deadline lies ahead of agents that are running.
    server = new SpawnedServer(t.platform.config);
    const baseUrl = await server.baseUrl;
    const dir = mkdtempSync(join(tmpdir(), 'yg-custodians-'));
    w.custodians.forEach((c, i) => {
      const keys = w.custodianKeys[i]!;
      writeFileSync(join(dir, `${c.username}.key.pem`), keys.keyPem, { mode: 0o600 });
      writeFileSync(join(dir, `${c.username}.cert.pem`), keys.certPem);
      agentProcesses.push(
        new AgentProcess(
          [
            '--server',
            baseUrl,
            '--key',
            join(dir, `${c.username}.key.pem`),
            '--cert',
            join(dir, `${c.username}.cert.pem`),
            '--poll',
            '1',
            '--state', // the agent's memory of opening times, kept out of the real home
            join(dir, `${c.username}.state.json`),
          ],
          { YANGGUANG_TOKEN: c.token },
        ),
      );
    });

    const ready = (a: AgentProcess) => a.lines.some((l) => l.event === 'request');
    await eventually('every agent through a first round', () => agentProcesses.every(ready), {
      timeoutMs: 90_000,
      abort: () => agentProcesses.find((a) => a.exitCode !== null)?.stderr,
    });

    // The tender is made 25 days "ago" on the manual clock, so its deadline is LEAD_MS from now in real time;
    // the bids go in through this process, on the manual clock, while the server and the agents run.
    t.clock.set(new Date(Date.now() + LEAD_MS - DEADLINE_OFFSET_MS));
    const tender = await openingTender(t, w);
    for (const bidder of w.bidders) await submitTestBid(t, tender, bidder);
    const deadline = Date.parse(tender.schedule.bidDeadline);
    await t.platform.close();
    assert.ok(Date.now() < deadline, 'the tender and its bids were ready before the deadline');

    await eventually(
      'every agent waiting for the opening time',
      () =>
        agentProcesses.every((a) => a.lines.some((l) => l.decision === 'wait' && l.tenderId === tender.id)),
      { timeoutMs: 60_000 },
    );
    const record = await eventually(
      'the published opening record',
      async () => {
        const res = await fetch(`${baseUrl}/api/v1/tenders/${tender.id}/opening/record`).catch(() => null);
        return res?.status === 200
          ? ((await res.json()) as { records: { record: { bids: { outcome: string }[] } }[] })
          : null;
      },
      { timeoutMs: LEAD_MS + 90_000, intervalMs: 250 },
    );
    const published = Date.now();
    assert.deepEqual(
      record.records[0]!.record.bids.map((b) => b.outcome),
      ['opened', 'opened', 'opened'],
    );
    for (const agent of agentProcesses) {
      assert.equal(await agent.stop(), 0, agent.stderr);
      const log = agent.lines;
      const waited = log.find((l) => l.decision === 'wait' && l.tenderId === tender.id);
      assert.ok(
        waited && Date.parse(waited.at as string) < deadline,
        `no wait before the deadline:\n${agent.stderr}`,
      );
      const asked = log.filter((l) => l.event === 'request' && String(l.path).includes('/opening/'));
      assert.ok(asked.length >= 2, JSON.stringify(log));
      for (const l of asked) assert.ok(Date.parse(l.at as string) >= deadline, `asked at ${String(l.at)}`);
      assert.ok(log.some((l) => l.event === 'shares.released' && l.accepted === 3));
    }
    // How long the opening took from the deadline, for the report.
    console.log(`      record published ${published - deadline} ms after the deadline`);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the embedded demo: built-in agents for the demo custodians (npm start)', function () {
  this.timeout(180_000);
  const LEAD_MS = 8000;
  let t: TestPlatform;
  let server: SpawnedServer | undefined;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
  });
  after(async () => {
    await server?.kill9();
    await t.close();
  });

  it('follows SEED_DEMO unless DEMO_CUSTODIAN_AGENTS says otherwise', () => {
    assert.equal(loadConfig({}).DEMO_CUSTODIAN_AGENTS, undefined);
    assert.equal(loadConfig({ DEMO_CUSTODIAN_AGENTS: 'false' }).DEMO_CUSTODIAN_AGENTS, false);
    assert.throws(() => loadConfig({ DEMO_CUSTODIAN_AGENTS: 'yes' }), /DEMO_CUSTODIAN_AGENTS/);
  });

  it('opens a demo custodians’ tender at its deadline with no manual step', async () => {
    t.clock.set(new Date(Date.now() - DEADLINE_OFFSET_MS - 3600_000));
    const accounts = await seedDemo(t.platform);
    const dir = join(t.platform.config.KEYS_DIR, 'custodians');
    for (const name of DEMO_CUSTODIANS) {
      assert.equal(statSync(join(dir, `${name}.password`)).mode & 0o777, 0o600);
    }
    // The demo's own accounts: its tenderee, three of its bidders (certified now), its three custodians.
    const demoUser = async (username: string): Promise<TestUser> => {
      const account = accounts.find((a) => a.username === username)!;
      const user = (await t.platform.models.User.findOne({ where: { username } }))!;
      const token = await login(t.app, username, account.password);
      return { token, userId: user.id, username, role: user.role, partyId: user.partyId };
    };
    const custodians = await Promise.all(DEMO_CUSTODIANS.map(demoUser));
    const bidders = [];
    for (const name of ['bidder1', 'bidder2', 'bidder3']) {
      const user = await demoUser(name);
      bidders.push({ user, keys: await certifyBidder(t.app, user) });
    }
    const world = { tenderee: await demoUser('tenderee'), custodians } as unknown as OpeningWorld;
    t.clock.set(new Date(Date.now() + LEAD_MS - DEADLINE_OFFSET_MS));
    const tender = await openingTender(t, world);
    for (const bidder of bidders) await submitTestBid(t, tender, bidder);
    const deadline = Date.parse(tender.schedule.bidDeadline);
    await t.platform.close();

    // The opening does not depend on the server starting before the deadline: one that starts later opens
    // the tender at once.
    server = new SpawnedServer(t.platform.config, { SEED_DEMO: 'true' });
    const baseUrl = await server.baseUrl;
    const record = await eventually(
      'the published opening record',
      async () => {
        const res = await fetch(`${baseUrl}/api/v1/tenders/${tender.id}/opening/record`).catch(() => null);
        return res?.status === 200
          ? ((await res.json()) as { records: { record: { bids: unknown[] } }[] })
          : null;
      },
      { timeoutMs: LEAD_MS + 90_000, intervalMs: 250 },
    );
    assert.equal(record.records[0]!.record.bids.length, 3);
    assert.match(server.output, /"custodians":3,"msg":"demo custodian agents started/);
    const released = server.output
      .split('\n')
      .filter((l) => l.includes('"event":"shares.released"') && l.includes(tender.id));
    assert.ok(released.length >= 2, server.output.slice(-3000));
    for (const line of released) assert.ok((JSON.parse(line) as { time: number }).time >= deadline);
  });
});
