import assert from 'node:assert/strict';
import request from 'supertest';
import { verifyAuditChain } from '../src/platform/audit/verify.js';
import { bearer } from './helpers/api.js';
import {
  openingTender,
  openingWorld,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
} from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

/**
 * Settlements commit in batches (an opening of n bids: batches of ceil(n/8), at most 50), and each batch's
 * audit entries and events are written together. With 17 bids the batches hold 3: every bid must still get
 * exactly one audit entry and one event, numbered densely in the stream, and the chain must verify.
 */
describe('the opening settles in batches: one audit entry and one event per bid, numbered densely', function () {
  this.timeout(180_000);
  const BIDS = 17;
  let t: TestPlatform;
  let w: OpeningWorld;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, BIDS);
  });
  after(() => t.close());

  it('settles 17 bids in batches of 3 and writes each bid’s entry and event once, even when run again', async () => {
    const tender = await openingTender(t, w);
    const bids = [];
    for (let i = 0; i < BIDS; i++)
      bids.push(await submitTestBid(t, tender, w.bidders[i]!, { priceFen: 20_000_000 + i }));
    t.clock.set(new Date(tender.schedule.bidDeadline));
    const runner = testRunner(t);
    await runner.run();
    for (let i = 0; i < 3; i++) {
      const res = await releaseShares(t, tender.id, w.custodians[i]!, w.custodianKeys[i]!);
      assert.equal(res.status, 200);
    }
    // An instant with milliseconds: the batch UPDATE writes it as text, which MySQL's Date escaping would cut.
    const settledAt = new Date(Date.parse(tender.schedule.bidDeadline) + 61_234);
    t.clock.set(settledAt);
    await runner.run();
    await runner.run(); // a rerun finds every bid settled and writes nothing more
    const rows = await t.platform.models.OpeningBid.findAll({ where: { tenderId: tender.id } });
    assert.deepEqual(
      rows.map((r) => r.settledAt?.toISOString()),
      rows.map(() => settledAt.toISOString()),
    );

    const { body } = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/opening/record`)
      .set(bearer(w.supervisor.token))
      .expect(200);
    const record = body.records[0].record as { bids: { bidId: string; outcome: string }[] };
    assert.deepEqual(
      record.bids.map((b) => b.outcome),
      bids.map(() => 'opened'),
    );

    const entries = await t.platform.models.AuditEntry.findAll({
      where: { requestId: `opening:${tender.id}`, action: 'opening.bid-settle' },
      order: [['seq', 'ASC']],
    });
    assert.deepEqual(entries.map((e) => e.subject).sort(), bids.map((b) => `bid:${b.bidId}`).sort());
    for (const e of entries) {
      const data = JSON.parse(e.data) as { tenderId: string; outcome: string; keySource: string };
      assert.deepEqual([data.tenderId, data.outcome, data.keySource], [tender.id, 'opened', 'custodians']);
    }
    const verdict = await verifyAuditChain(
      t.platform.models,
      t.platform.keys.signer.certPem,
      t.platform.config.AUDIT_CHECKPOINT_EVERY,
    );
    assert.equal(verdict.ok, true, JSON.stringify(verdict));

    // The whole stream: dense numbers (no gap, no repeat), and one settled event per bid with its own data.
    const stream = [];
    for (let after = 0; ;) {
      const page = await t.platform.events.read(after, 1000);
      if (page.length === 0) break;
      stream.push(...page);
      after = page[page.length - 1]!.seq;
    }
    assert.deepEqual(
      stream.map((e) => e.seq),
      stream.map((_e, i) => i + 1),
    );
    const settled = stream.filter((e) => e.type === 'opening.bid-settled');
    assert.equal(settled.length, BIDS);
    assert.deepEqual(
      settled.map((e) => (e.data as { bidId: string }).bidId).sort(),
      bids.map((b) => b.bidId).sort(),
    );
    for (const e of settled) {
      assert.equal(e.tenderId, tender.id);
      assert.equal(e.actor, null);
      assert.equal(e.requestId, `opening:${tender.id}`);
      assert.equal((e.data as { outcome: string }).outcome, 'opened');
    }
  });
});
