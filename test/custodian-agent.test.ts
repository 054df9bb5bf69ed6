import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { CustodianAgent, type CustodianAgentOptions } from '../cli/custodian/agent.js';
import type { AgentLogEntry } from '../cli/custodian/log.js';
import { toBase64 } from '../crypto/encoding.js';
import { shareCheck, wrapTo } from '../crypto/sealed-bid/key-material.js';
import { testKey } from '../crypto/testing/keys.js';
import { ManualClock } from '../src/platform/clock.js';
import { FakeOpeningServer } from './helpers/fake-opening-server.js';

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
