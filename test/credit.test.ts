import assert from 'node:assert/strict';
import request from 'supertest';
import { CREDIT_RECORD_KINDS } from '../src/modules/tenders/evaluation-plan.js';
import { KIND_RULES, RECORD_KINDS } from '../src/modules/credit/kinds.js';
import { partyScore } from '../src/modules/credit/score.js';
import type { DomainEvents, EventName } from '../src/platform/events.js';
import { bearer, createPartyUser, login, type TestUser } from './helpers/api.js';
import { certifyBidder, sealFile, submitBid, type BidderKeys } from './helpers/bids.js';
import { drawWorld, type DrawWorld } from './helpers/experts.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

const SYSTEM = { actor: null, ip: 'system', requestId: 'credit-test' };
const YEAR = 365 * 24 * 3600_000;

/**
 * Credit (诚信体系): each record kind made once from its source event (a replay adds none), the effects (a bid
 * refused, an expert left out of the draw), expiry at the exact millisecond, objection and repair, the public
 * query, party page, export and feed, and the wrong roles.
 */
describe('credit: records from platform facts, effects, objection and repair', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let w: DrawWorld;
  let other: TestUser;
  let keys: BidderKeys;
  let tender: TenderView;
  let bidId: string;

  const api = (method: 'get' | 'post', path: string, user?: TestUser) => {
    const r = request(t.app)[method](`/api/v1${path}`);
    return user ? r.set(bearer(user.token)) : r;
  };

  async function emit<K extends EventName>(type: K, data: DomainEvents[K]) {
    await t.platform.db.transaction((tx) => t.platform.events.emit(tx, SYSTEM, type, data));
    await t.platform.events.consumers.drain('credit-records');
  }

  const records = (where: Record<string, unknown> = {}) =>
    t.platform.credit.models.CreditRecord.findAll({ where, order: [['sourceSeq', 'ASC']] });

  const uscc = async (user: TestUser) => (await t.platform.parties.find(user.partyId!))!.uscc;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    t.clock.set('2026-01-05T02:00:00Z');
    w = await drawWorld(t);
    other = await createPartyUser(t, w.admin, 'bidder');
    tender = (await api('get', `/tenders/${w.tender.id}`, w.bidder).expect(200)).body as TenderView;
    keys = await certifyBidder(t.app, w.bidder);
    const file = await sealFile(tender, w.bidder.partyId!, keys, { attachmentBytes: 2000 });
    bidId = (await submitBid(t.app, w.bidder.token, tender, file).expect(201)).body.bid.id as string;
  });
  after(() => t.close());

  it('keeps the tenders module’s list of criterion kinds within the credit kinds', () => {
    for (const kind of CREDIT_RECORD_KINDS) assert.ok(RECORD_KINDS.includes(kind), kind);
    for (const kind of RECORD_KINDS) assert.ok(KIND_RULES[kind].basis.length > 0);
  });

  it('makes each record kind once from its source event; a replay of the stream adds none', async () => {
    const tenderId = w.tender.id;
    const sectionId = w.tender.sections[0]!.id;
    const bidder = w.bidder.partyId!;
    // The opening's 视为撤销 (the bidder's fault) makes a record; 视为撤回 makes none.
    await emit('opening.bid-settled', { tenderId, sectionId, bidId, outcome: 'withdrawn' });
    await emit('opening.bid-settled', { tenderId, sectionId, bidId, outcome: 'revoked' });
    await emit('contract.refused', {
      tenderId,
      sectionId,
      awardId: 'a1',
      supplierPartyId: other.partyId!,
      reason: '无正当理由拒签',
      at: t.clock.now().toISOString(),
    });
    const perf = { tenderId, sectionId, contractId: 'c1', supplierPartyId: other.partyId! };
    await emit('performance.terminated', {
      ...perf,
      reason: '买方原因',
      faultOf: 'purchaser',
      at: '2026-01-05T02:00:00Z',
    } as DomainEvents['performance.terminated']);
    await emit('performance.terminated', {
      ...perf,
      reason: '逾期交付',
      faultOf: 'supplier',
      at: '2026-01-05T02:00:00Z',
    } as DomainEvents['performance.terminated']);
    await emit('performance.accepted', {
      ...perf,
      acceptedAt: '2026-01-05T02:00:00Z',
      dueAt: '2026-01-06T02:00:00Z',
      onTime: false,
    });
    await emit('performance.accepted', {
      ...perf,
      acceptedAt: '2026-01-05T02:00:00Z',
      dueAt: '2026-01-06T02:00:00Z',
      onTime: true,
    });
    const complaint = {
      complaintId: 'k1',
      tenderId,
      complainantPartyId: bidder,
      tendereePartyId: other.partyId!,
      agencyPartyId: null,
    };
    await emit('complaint.decided', { ...complaint, conclusion: 'dismissed' });
    await emit('complaint.decided', { ...complaint, conclusion: 'malicious' });
    const [e1, e2] = w.experts;
    await emit('expert.rated', {
      expertId: e1!.expertId,
      drawId: 'd1',
      creditScore: 45,
      at: '2026-01-05T02:00:00Z',
    });
    await emit('expert.sanctioned', {
      expertId: e2!.expertId,
      sanctionId: 's1',
      action: 'suspend',
      title: '关于暂停评标专家资格的公告',
      at: '2026-01-05T02:00:00Z',
    });

    const kinds = (await records()).map((r) => [r.kind, r.subjectId, r.severity, r.barring]);
    assert.deepEqual(kinds, [
      ['bid-revoked', bidder, 'minor', false],
      ['contract-refused', other.partyId, 'serious', false],
      ['contract-breach', other.partyId, 'serious', true],
      ['performance-good', other.partyId, 'good', false],
      ['complaint-malicious', bidder, 'minor', false],
      ['expert-rated', e1!.expertId, 'minor', false],
      ['expert-sanctioned', e2!.expertId, 'serious', true],
    ]);
    const revoked = (await records({ kind: 'bid-revoked' }))[0]!;
    assert.equal(revoked.subjectUscc, await uscc(w.bidder));
    assert.equal(revoked.validFrom.toISOString(), '2026-01-05T02:00:00.000Z');
    assert.equal(
      revoked.validUntil!.toISOString(),
      new Date(Date.parse('2026-01-05T02:00:00Z') + YEAR).toISOString(),
    );
    assert.match(revoked.basis, /第三十一条/);
    assert.equal((await records({ kind: 'expert-sanctioned' }))[0]!.validUntil, null);

    const before = await t.platform.credit.models.CreditRecord.count();
    await t.platform.events.models.EventCursor.update(
      { lastSeq: 0 },
      { where: { consumer: 'credit-records' } },
    );
    await t.platform.events.consumers.drain('credit-records');
    assert.equal(await t.platform.credit.models.CreditRecord.count(), before);
  });

  it('turns a resolved collusion alert into records for the bidders it names: case-opened bars, warning does not', async () => {
    const { SupervisionAlert } = t.platform.supervision.models;
    const make = async (indicator: string, fingerprint: string, partyIds: string[]) =>
      SupervisionAlert.create({
        id: crypto.randomUUID(),
        tenderId: w.tender.id,
        sectionId: null,
        indicator: indicator as never,
        severity: 'critical',
        fingerprint,
        evidence: JSON.stringify({
          summary: 's',
          seqs: [1],
          details: { bidders: partyIds.map((partyId) => ({ partyId, name: 'x' })) },
        }),
        status: 'acknowledged',
        raisedBySeq: 1,
        raisedAt: t.clock.now(),
        acknowledgedAt: null,
        acknowledgedBy: null,
        acknowledgedByName: null,
        resolvedAt: null,
        resolvedBy: null,
        resolvedByName: null,
        conclusion: null,
        resolutionNote: null,
      });
    const collusion = await make('same-device', 'f-credit-1', [w.bidder.partyId!, other.partyId!]);
    const warning = await make('same-ip', 'f-credit-2', [other.partyId!]);
    const notCollusion = await make('single-bid', 'f-credit-3', [other.partyId!]);
    await emit('supervision.alert-resolved', {
      alertId: collusion.id,
      tenderId: w.tender.id,
      conclusion: 'case-opened',
    });
    await emit('supervision.alert-resolved', {
      alertId: warning.id,
      tenderId: w.tender.id,
      conclusion: 'warning',
    });
    await emit('supervision.alert-resolved', {
      alertId: notCollusion.id,
      tenderId: w.tender.id,
      conclusion: 'case-opened',
    });
    const made = await records({ kind: ['collusion', 'collusion-warning'] });
    assert.deepEqual(
      made.map((r) => [r.kind, r.subjectId, r.barring, r.visibility]).sort(),
      [
        ['collusion', other.partyId, true, 'public'],
        ['collusion', w.bidder.partyId, true, 'public'],
        ['collusion-warning', other.partyId, false, 'restricted'],
      ].sort(),
    );
  });

  it('refuses a barred party’s upload at its start with CREDIT_BARRED naming the record', async () => {
    const res = await submitBid(t.app, w.bidder.token, tender, Buffer.from('not even a sealed bid')).expect(
      403,
    );
    assert.equal(res.body.error.code, 'CREDIT_BARRED');
    const record = (await records({ kind: 'collusion', subjectId: w.bidder.partyId! }))[0]!;
    assert.equal(res.body.error.details.record.recordId, record.id);
    assert.equal(res.body.error.details.record.kind, 'collusion');
    assert.equal(res.body.error.details.record.validUntil, record.validUntil!.toISOString());
    assert.match(res.body.error.details.record.basis, /第五十三条/);
  });

  it('leaves barred experts out of the draw, recorded as exclusions in the draw’s sealed request', async () => {
    const barred = w.experts[1]!.expertId; // suspended above: a barring record with no end
    const created = await api('post', `/tenders/${w.tender.id}/expert-draws`, w.agency)
      .send({
        sectionId: w.tender.sections[0]!.id,
        supervisorUserId: w.supervisor.userId,
        localRegionPrefix: '4501',
        slots: [{ specialty: 'A0802', count: 3, remote: 1 }],
        evaluationDate: '2026-02-20',
        place: '南宁市公共资源交易中心 3 号评标室',
      })
      .expect(201);
    const record = (await api('get', `/expert-draws/${created.body.id}/record`, w.supervisor).expect(200))
      .body;
    const exclusions = record.request.exclusions as { expertId: string; reason: string }[];
    assert.deepEqual(
      exclusions.map((e) => e.expertId),
      [barred],
    );
    const rec = (await records({ kind: 'expert-sanctioned' }))[0]!;
    assert.ok(exclusions[0]!.reason.includes(rec.id));
  });

  it('expires a record at its validUntil to the millisecond: the bar lifts then and not before', async () => {
    const record = (await records({ kind: 'contract-breach' }))[0]!;
    const collusion = (await records({ kind: 'collusion', subjectId: other.partyId! }))[0]!;
    // Only the breach may bar from here: the collusion record is put past its term.
    await collusion.update({ validUntil: new Date(Date.parse('2026-01-05T02:00:00Z') + 1) });
    const until = record.validUntil!.getTime();
    t.clock.set(new Date(until - 1).toISOString());
    assert.equal((await t.platform.credit.barring('party', other.partyId!))?.recordId, record.id);
    t.clock.set(new Date(until).toISOString());
    assert.equal(await t.platform.credit.barring('party', other.partyId!), null);
    const view = (await api('get', `/credit/records/${record.id}`).expect(200)).body;
    assert.equal(view.status, 'expired');
    t.clock.set('2026-01-06T02:00:00Z');
  });

  it('objection: the subject objects, the record stays in effect, a supervisor grants it and the record is revoked', async () => {
    const record = (await records({ kind: 'collusion', subjectId: w.bidder.partyId! }))[0]!;
    const path = `/credit/records/${record.id}/objections`;
    const reason = { reason: '同一设备系代理机构公共电脑，非串通' };
    await api('post', path, other).send(reason).expect(404); // another party's record
    await api('post', path, w.supervisor).send(reason).expect(403);
    await api('post', path).send(reason).expect(401);
    await api('post', path, w.bidder).send({ reason: '' }).expect(422);
    const filed = (await api('post', path, w.bidder).send(reason).expect(201)).body;
    assert.equal(filed.status, 'pending');
    await api('post', path, w.bidder).send(reason).expect(409);
    assert.ok(
      await t.platform.credit.barring('party', w.bidder.partyId!),
      'an objection does not suspend it',
    );

    await api('get', '/credit/requests', w.bidder).expect(403);
    const pending = (await api('get', '/credit/requests', w.supervisor).expect(200)).body.items;
    assert.deepEqual(
      pending.map((p: { id: string }) => p.id),
      [filed.id],
    );
    const decision = `/credit/requests/${filed.id}/decision`;
    await api('post', decision, w.bidder).send({ grant: true, note: '核实' }).expect(403);
    const decided = (
      await api('post', decision, w.supervisor).send({ grant: true, note: '经核实异议成立' }).expect(200)
    ).body;
    assert.equal(decided.status, 'granted');
    await api('post', decision, w.supervisor).send({ grant: false, note: '再次' }).expect(409);
    assert.equal((await record.reload()).status, 'revoked');
    assert.equal(await t.platform.credit.barring('party', w.bidder.partyId!), null);
    // The bar lifted, the upload gets past the credit check (and fails later, on the body).
    const res = await submitBid(t.app, w.bidder.token, tender, Buffer.from('junk'));
    assert.notEqual(res.body.error?.code, 'CREDIT_BARRED');
    const audit = await t.platform.models.AuditEntry.findAll({
      where: { subject: `credit-record:${record.id}` },
    });
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      'credit.objection-decided',
      'credit.objection-filed',
    ]);
  });

  it('repair: refused before the minimum publicity, granted after it: the record leaves the public view', async () => {
    const record = (await records({ kind: 'contract-refused' }))[0]!;
    const path = `/credit/records/${record.id}/repairs`;
    const body = { reason: '已整改并取得招标人谅解' };
    t.clock.set(new Date(record.publicityUntil.getTime() - 1).toISOString());
    other.token = await login(t.app, other.username);
    w.supervisor.token = await login(t.app, w.supervisor.username);
    const early = await api('post', path, other).send(body).expect(409);
    assert.equal(early.body.error.code, 'REPAIR_TOO_EARLY');
    t.clock.set(record.publicityUntil.toISOString());
    const filed = (await api('post', path, other).send(body).expect(201)).body;
    const good = (await records({ kind: 'performance-good' }))[0]!;
    assert.equal(
      (await api('post', `/credit/records/${good.id}/repairs`, other).send(body).expect(409)).body.error.code,
      'CREDIT_GOOD_RECORD',
    );
    await api('post', `/credit/requests/${filed.id}/decision`, w.supervisor)
      .send({ grant: true, note: '准予修复' })
      .expect(200);
    assert.equal((await record.reload()).status, 'repaired');
    await api('get', `/credit/records/${record.id}`).expect(404);
    assert.equal(
      (await api('get', `/credit/records/${record.id}`, other).expect(200)).body.status,
      'repaired',
    );
  });

  it('answers the public query, party page, export and feed with public records only', async () => {
    const otherUscc = await uscc(other);
    const found = (await api('get', `/credit/query?q=${otherUscc}`).expect(200)).body.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].uscc, otherUscc);
    await api('get', '/credit/query?q=x').expect(422);
    const page = (await api('get', `/credit/parties/${otherUscc}`).expect(200)).body;
    const shown = page.records.map((r: { kind: string }) => r.kind).sort();
    // collusion-warning is restricted, contract-refused repaired: neither shown to the public.
    assert.deepEqual(shown, ['collusion', 'contract-breach', 'performance-good']);
    const own = (await api('get', `/credit/parties/${otherUscc}`, other).expect(200)).body;
    assert.ok(own.records.some((r: { kind: string }) => r.kind === 'collusion-warning'));
    assert.equal(own.canRequest, true);
    // In effect now: the good record and the breach (the collusion record expired): 90 + 2 − 15 − 20.
    assert.equal(page.score, 57);
    assert.equal(page.barred, true);
    await api('get', '/credit/parties/91350100M000100Y43').expect(404);

    const exported = (await api('get', '/credit/export?limit=2').expect(200)).body;
    assert.equal(exported.format, 'yangguang-credit/1');
    assert.equal(exported.records.length, 2);
    const rest = (await api('get', `/credit/export?limit=1000&cursor=${exported.nextCursor}`).expect(200))
      .body;
    const all = [...exported.records, ...rest.records];
    assert.ok(all.every((r: { kind: string }) => !['collusion-warning', 'expert-rated'].includes(r.kind)));
    assert.ok(!all.some((r: { id: string; kind: string }) => r.kind === 'collusion' && r.id === undefined));
    const feed = (await api('get', '/credit/feed').expect(200)).body;
    assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(feed.items.length, all.length);
  });

  it('scores by the documented formula', () => {
    assert.equal(partyScore([]), 90);
    assert.equal(partyScore(Array(7).fill({ severity: 'good', barring: false })), 100);
    assert.equal(partyScore([{ severity: 'minor', barring: false }]), 85);
    assert.equal(partyScore([{ severity: 'serious', barring: true }]), 55);
    assert.equal(partyScore(Array(4).fill({ severity: 'serious', barring: true })), 0);
  });
});
