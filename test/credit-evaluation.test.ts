import assert from 'node:assert/strict';
import type { DomainEvents, EventName } from '../src/platform/events.js';
import { evaluationOf, evaluationScene, type EvaluationScene } from './helpers/evaluation.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const SYSTEM = { actor: null, ip: 'system', requestId: 'credit-test' };
const PLAN = {
  method: 'comprehensive' as const,
  criteria: [
    {
      key: 'licence',
      name: '营业执照',
      kind: 'pass-fail' as const,
      group: 'qualification' as const,
      points: 0,
    },
    { key: 'design', name: '技术方案', kind: 'subjective' as const, group: 'technical' as const, points: 70 },
    { key: 'price', name: '投标报价', kind: 'objective' as const, group: 'price' as const, points: 30 },
  ],
  committee: { size: 5, experts: 5, representatives: 0 },
  // "No refused contract within 3 years": the credit criterion under test.
  creditRequirements: [{ kind: 'contract-refused' as const, years: 3 }],
};

/**
 * A tender's credit criterion (信用要求) in the effects matrix: a bidder with a record of the named kind within
 * the years is rejected as the evaluation starts (before the compliance review), with the record named; a record
 * of another kind, or one older than the years, does not count.
 */
describe('credit: a tender’s credit criterion checked as the evaluation starts', function () {
  this.timeout(240_000);
  let t: TestPlatform;
  let scene: EvaluationScene;

  async function emit<K extends EventName>(type: K, data: DomainEvents[K]) {
    await t.platform.db.transaction((tx) => t.platform.events.emit(tx, SYSTEM, type, data));
    await t.platform.events.consumers.drain('credit-records');
  }

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    scene = await evaluationScene(t, { bidders: 4, plan: PLAN, announce: false });
  });
  after(() => t.close());

  it('rejects the bidder with a refused contract in the years, and only that one', async () => {
    const ids = { tenderId: scene.tender.id, sectionId: scene.section.id };
    const [failing, otherKind] = scene.bids;
    await emit('contract.refused', {
      ...ids,
      awardId: 'award-elsewhere',
      supplierPartyId: failing!.bidder.user.partyId!,
      reason: '拒签',
      at: t.clock.now().toISOString(),
    });
    // A bad record of a kind the tender did not name does not fail the criterion.
    await emit('performance.terminated', {
      ...ids,
      contractId: 'c-elsewhere',
      supplierPartyId: otherKind!.bidder.user.partyId!,
      reason: '违约',
      faultOf: 'supplier',
      at: t.clock.now().toISOString(),
    } as DomainEvents['performance.terminated']);
    await scene.announce();
    const evaluation = await evaluationOf(t, scene.tender.id);
    const bids = await t.platform.db.sequelize.models.EvaluationBid!.findAll({
      where: { evaluationId: evaluation.id },
    });
    const byBid = new Map(bids.map((b) => [b.get('bidId') as string, b]));
    const record = await t.platform.credit.models.CreditRecord.findOne({
      where: { kind: 'contract-refused' },
    });
    assert.equal(byBid.get(failing!.bidId)!.get('rejectionCode'), 'CREDIT_RECORD');
    assert.ok((byBid.get(failing!.bidId)!.get('rejectionReason') as string).includes(record!.id));
    for (const b of scene.bids.slice(1)) assert.equal(byBid.get(b.bidId)!.get('rejectionCode'), null);
  });

  it('counts a record within the years to the millisecond, and not one older', async () => {
    const party = scene.bids[0]!.bidder.user.partyId!;
    const record = (await t.platform.credit.models.CreditRecord.findOne({
      where: { kind: 'contract-refused' },
    }))!;
    const threeYearsOn = new Date(record.validFrom);
    threeYearsOn.setUTCFullYear(threeYearsOn.getUTCFullYear() + 3);
    t.clock.set(new Date(threeYearsOn.getTime() - 1).toISOString());
    assert.equal((await t.platform.credit.recordsWithin(party, ['contract-refused'], 3)).length, 1);
    t.clock.set(threeYearsOn.toISOString());
    assert.equal((await t.platform.credit.recordsWithin(party, ['contract-refused'], 3)).length, 0);
  });
});
