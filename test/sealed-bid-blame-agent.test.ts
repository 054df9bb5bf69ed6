import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustodianAgent, type CustodianAgentOptions } from '../cli/custodian/agent.js';
import type { AgentLogEntry } from '../cli/custodian/log.js';
import {
  SHARE_REPORT_PURPOSE,
  shareReportBytes,
  wrappedShareDigest,
  type ShareReportStatement,
} from '../cli/custodian/report.js';
import { fileOpeningTimes } from '../cli/custodian/state.js';
import { verifyPss } from '../crypto/signatures.js';
import { shareCheck, wrapTo } from '../crypto/sealed-bid/key-material.js';
import { testKey } from '../crypto/testing/keys.js';
import { ManualClock } from '../src/platform/clock.js';
import { FakeOpeningServer } from './helpers/fake-opening-server.js';
import {
  openingTender,
  openingWorld,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const OPENING = '2026-03-02T01:30:00.000Z';
const custodianKey = testKey('custodian-agent');
const HEADER = 'ab'.repeat(32);

async function wrappedBid(bidId: string, position: number, junk = false) {
  const share = new Uint8Array(randomBytes(33));
  return {
    bidId,
    version: 1,
    headerSha256: HEADER,
    wrappedShare: junk ? randomBytes(256).toString('base64') : await wrapTo(custodianKey.publicPem, share),
    shareCheck: await shareCheck(position, share),
  };
}

describe('custodian agent: signed share reports, and a guard that survives restarts (issue 15)', function () {
  let fake: FakeOpeningServer;
  let clock: ManualClock;
  let logs: AgentLogEntry[];
  let dir: string;

  const agent = (extra: Partial<CustodianAgentOptions> = {}) =>
    new CustodianAgent({
      // These tests count the release requests; registering a format 2 key is tested in bids-v2-e2e.
      registerCurveKey: false,
      serverUrl: fake.baseUrl,
      token: 'good-token',
      key: custodianKey.privatePem,
      clock,
      log: (e) => logs.push(e),
      sleep: async () => {},
      ...extra,
    });

  beforeEach(async () => {
    fake = await new FakeOpeningServer().start();
    clock = new ManualClock(new Date(Date.parse(OPENING) - 1));
    logs = [];
    dir = mkdtempSync(join(tmpdir(), 'yg-agent-state-'));
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
  afterEach(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports, signed, the shares it keeps back, once, and releases the rest', async () => {
    const good = await wrappedBid('b-good', 2);
    const junk = await wrappedBid('b-junk', 2, true);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [good, junk] });
    clock.set(OPENING);
    const a = agent();
    const report = await a.runOnce();
    assert.deepEqual(
      fake.posted[0]!.shares.map((s) => s.bidId),
      ['b-good'],
    );
    assert.deepEqual(report.reported, [{ tenderId: 't-1', recorded: ['b-junk'] }]);
    const [sent] = fake.reports[0]!.reports;
    assert.equal(sent!.reason, 'UNWRAP_FAILED');
    const statement: ShareReportStatement = {
      purpose: SHARE_REPORT_PURPOSE,
      tenderId: 't-1',
      bidId: 'b-junk',
      version: 1,
      position: 2,
      headerSha256: HEADER,
      wrappedShareSha256: await wrappedShareDigest(junk.wrappedShare),
      reason: 'UNWRAP_FAILED',
    };
    assert.equal(await verifyPss(custodianKey.publicPem, shareReportBytes(statement), sent!.signature), true);
    const other = { ...statement, bidId: 'b-good' };
    assert.equal(await verifyPss(custodianKey.publicPem, shareReportBytes(other), sent!.signature), false);
    await a.runOnce();
    assert.equal(fake.reports.length, 1, 'reported once');
    assert.ok(logs.some((l) => l.event === 'shares.reported'));
  });

  it('tries a report again next round when the server could not take it', async () => {
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [await wrappedBid('b-junk', 2, true)] });
    clock.set(OPENING);
    const a = agent({ retries: 0 });
    fake.dropNext = 0;
    const original = fake.reports.push.bind(fake.reports);
    let fail = true;
    fake.reports.push = (...items) => {
      if (fail) throw new Error('database down'); // the fake answers 500
      return original(...items);
    };
    const first = await a.runOnce();
    assert.equal(first.reported.length, 0);
    assert.equal(first.errors.length, 1);
    fail = false;
    const second = await a.runOnce();
    assert.deepEqual(second.reported, [{ tenderId: 't-1', recorded: ['b-junk'] }]);
  });

  it('remembers the opening time across a restart and refuses one moved earlier meanwhile', async () => {
    const path = join(dir, 'agent.json');
    const store = () => fileOpeningTimes(path, fake.baseUrl);
    fake.wrapped.set('t-1', { position: 2, threshold: 2, bids: [await wrappedBid('b-1', 2)] });
    assert.equal((await agent({ openingTimes: store() }).runOnce()).waiting.length, 1);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).openingTimes['t-1'], Date.parse(OPENING));

    // The agent stops; the server moves the opening a day earlier (already past by the agent's clock).
    fake.tenders[0]!.bidDeadline = '2026-03-01T01:30:00.000Z';
    const restarted = await agent({ openingTimes: store() }).runOnce();
    assert.deepEqual(restarted.refused, [{ tenderId: 't-1', reason: 'OPENING_TIME_MOVED_EARLIER' }]);
    assert.equal(fake.count('wrapped-shares'), 0);
    assert.equal(fake.posted.length, 0);
    // Without the memory it would have been fooled: what the file is for.
    const forgetful = await agent().runOnce();
    assert.equal(forgetful.released.length, 1);
  });

  it('keeps a later opening time, and will not start on a state file it cannot read', async () => {
    const path = join(dir, 'agent.json');
    const store = () => fileOpeningTimes(path, fake.baseUrl);
    await agent({ openingTimes: store() }).runOnce();
    fake.tenders[0]!.bidDeadline = '2026-03-09T01:30:00.000Z';
    await agent({ openingTimes: store() }).runOnce();
    assert.equal(
      JSON.parse(readFileSync(path, 'utf8')).openingTimes['t-1'],
      Date.parse('2026-03-09T01:30:00.000Z'),
    );
    writeFileSync(path, '{"openingTimes": 1}');
    assert.throws(() => agent({ openingTimes: store() }), /not a custodian agent state file/);
    assert.throws(
      () => agent({ openingTimes: fileOpeningTimes(path, 'http://elsewhere.example') }),
      /not a custodian agent state file|belongs to/,
    );
  });
});

describe('custodian agents report junk shares to the real server: the bid is the bidder’s fault', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let http: Server;
  let baseUrl: string;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 3);
    http = createServer((req, res) => void t.app(req, res));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    http?.closeAllConnections();
    if (http) await new Promise((resolve) => http.close(resolve));
    await t?.platform.openingHall.relay.idle();
    await t?.close();
  });

  it('three agents release and report; the junk bid is revoked with nobody blamed', async () => {
    const tender = await openingTender(t, w);
    const bids = [];
    for (const [i, bidder] of w.bidders.entries())
      bids.push(await submitTestBid(t, tender, bidder, i === 0 ? { junkWrappedShares: [2, 3] } : {}));
    t.clock.set(new Date(tender.schedule.bidDeadline));
    const logs: AgentLogEntry[] = [];
    for (const [i, c] of w.custodians.entries()) {
      const a = new CustodianAgent({
        // These tests count the release requests; registering a format 2 key is tested in bids-v2-e2e.
        registerCurveKey: false,
        serverUrl: baseUrl,
        token: c.token,
        key: w.custodianKeys[i]!.keyPem,
        clock: t.clock,
        log: (e) => logs.push(e),
      });
      const report = await a.runOnce();
      assert.deepEqual(report.errors, [], JSON.stringify(logs.slice(-5)));
      assert.deepEqual(
        report.reported.flatMap((r) => r.recorded),
        i === 0 ? [] : [bids[0]!.bidId],
      );
    }
    const runner = testRunner(t);
    await runner.run();
    t.clock.set(new Date(Date.parse(tender.schedule.bidDeadline) + 30 * 60_000));
    await runner.run();
    const row = await t.platform.opening.service.models.OpeningBid.findByPk(bids[0]!.bidId);
    assert.deepEqual(
      [row!.outcome, row!.reason, JSON.parse(row!.blamed!)],
      ['revoked', 'SHARES_UNUSABLE', []],
    );
  });
});
