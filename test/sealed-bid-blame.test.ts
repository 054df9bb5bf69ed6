import assert from 'node:assert/strict';
import request from 'supertest';
import { sealedBid, signPss, verifyPss } from '../crypto/index.js';
import { signShareReports } from '../cli/custodian/report.js';
import { unwrapOwnShares } from '../cli/custodian/shares.js';
import type { WrappedShare } from '../cli/custodian/protocol.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer, type TestUser } from './helpers/api.js';
import type { BidderKeys } from './helpers/bids.js';
import {
  openingTender,
  openingWorld,
  relogin,
  releaseShares,
  submitTestBid,
  testRunner,
  type OpeningWorld,
  type TestSealOptions,
} from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

type Submitted = Awaited<ReturnType<typeof submitTestBid>>;
const WINDOW_MS = 30 * 60_000;
const deadlineOf = (tender: TenderView) => new Date(tender.schedule.bidDeadline);

/**
 * Issue 15: a bidder that seals junk for some custodians' shares (keeping the checks of the real ones, signed
 * with its own key) cannot shift the blame onto honest custodians: they report it, signed, and the bid is
 * classed as the bidder's fault (视为撤销); a custodian that releases nothing is still blamed.
 */
describe('sealed bid blame: custodians report unusable wrapped shares, signed (issue 15)', function () {
  this.timeout(180_000);
  let t: TestPlatform;
  let w: OpeningWorld;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 4);
  });
  after(() => t.close());

  async function tenderWithBids(opts: TestSealOptions[]) {
    t.clock.advance(24 * 3600_000);
    await relogin(t, w);
    const tender = await openingTender(t, w);
    const bids: Submitted[] = [];
    for (let i = 0; i < opts.length; i++)
      bids.push(await submitTestBid(t, tender, w.bidders[i]!, { priceFen: 10_000_000 + i, ...opts[i] }));
    t.clock.set(deadlineOf(tender));
    return { tender, bids };
  }

  const wrappedShares = async (tenderId: string, i: number) =>
    (
      await request(t.app)
        .get(`/api/v1/tenders/${tenderId}/opening/wrapped-shares`)
        .set(bearer(w.custodians[i]!.token))
        .expect(200)
    ).body as { position: number; bids: WrappedShare[] };

  /** What the agent and the 密钥托管 page do: unwrap, release the checked shares, report the rest, signed. */
  async function custodianRound(tenderId: string, i: number) {
    const { position, bids } = await wrappedShares(tenderId, i);
    const keys = w.custodianKeys[i]!;
    const { shares, failures } = await unwrapOwnShares(position, bids, keys.keyPem);
    if (shares.length > 0)
      await request(t.app)
        .post(`/api/v1/tenders/${tenderId}/opening/shares`)
        .set(bearer(w.custodians[i]!.token))
        .send({ shares })
        .expect(200);
    const reports = await signShareReports(tenderId, position, bids, failures, (d) =>
      signPss(keys.keyPem, d),
    );
    if (reports.length === 0) return { failures, recorded: [] as string[] };
    const res = await postReports(tenderId, w.custodians[i]!, reports).expect(200);
    return { failures, recorded: res.body.recorded as string[] };
  }

  const postReports = (tenderId: string, who: TestUser, reports: unknown[]) =>
    request(t.app)
      .post(`/api/v1/tenders/${tenderId}/opening/share-reports`)
      .set(bearer(who.token))
      .send({ reports });

  const bidRow = (bidId: string) => t.platform.opening.service.models.OpeningBid.findByPk(bidId);
  const reportCount = () => t.platform.opening.service.models.OpeningShareReport.count();
  async function settleAtWindowEnd(tender: TenderView) {
    const runner = testRunner(t);
    await runner.run();
    t.clock.set(new Date(deadlineOf(tender).getTime() + WINDOW_MS));
    await runner.run();
  }
  const record = async (tender: TenderView) =>
    (await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200)).body;

  it('reproduces the blame shift when custodians only skip what they cannot unwrap: withdrawn, [2,3] blamed', async () => {
    const { tender, bids } = await tenderWithBids([{ junkWrappedShares: [2, 3] }, {}, {}]);
    // Today's agents: release what checks, say nothing of the rest.
    for (let i = 0; i < 3; i++) await releaseSharesChecked(tender.id, i);
    await settleAtWindowEnd(tender);
    const row = (await bidRow(bids[0]!.bidId))!;
    assert.equal(row.outcome, 'withdrawn');
    assert.equal(row.reason, 'NOT_ENOUGH_SHARES');
    assert.deepEqual(JSON.parse(row.blamed!), [2, 3]);
    for (const b of bids.slice(1)) assert.equal((await bidRow(b.bidId))!.outcome, 'opened');
  });

  async function releaseSharesChecked(tenderId: string, i: number) {
    const { position, bids } = await wrappedShares(tenderId, i);
    const { shares } = await unwrapOwnShares(position, bids, w.custodianKeys[i]!.keyPem);
    await request(t.app)
      .post(`/api/v1/tenders/${tenderId}/opening/shares`)
      .set(bearer(w.custodians[i]!.token))
      .send({ shares })
      .expect(200);
  }

  it("classes junk wrapped shares as the bidder's fault (视为撤销) once custodians report them, signed", async () => {
    const { tender, bids } = await tenderWithBids([{ junkWrappedShares: [2, 3] }, {}, {}]);
    const target = bids[0]!.bidId;
    for (let i = 0; i < 3; i++) {
      const { failures, recorded } = await custodianRound(tender.id, i);
      assert.deepEqual(
        failures.map((f) => f.reason),
        i === 0 ? [] : ['UNWRAP_FAILED'],
      );
      assert.deepEqual(recorded, i === 0 ? [] : [target]);
    }
    const audit = await t.platform.models.AuditEntry.findOne({
      where: { action: 'opening.share-report', actorUserId: w.custodians[1]!.userId },
      order: [['seq', 'DESC']],
    });
    assert.deepEqual(JSON.parse(audit!.data).reports, [{ bidId: target, reason: 'UNWRAP_FAILED' }]);
    await testRunner(t).run();
    assert.equal((await bidRow(target))!.outcome, null, 'the bidder may still send its own key');
    await settleAtWindowEnd(tender);
    const row = (await bidRow(target))!;
    assert.equal(row.outcome, 'revoked');
    assert.equal(row.reason, 'SHARES_UNUSABLE');
    assert.deepEqual(JSON.parse(row.blamed!), [], 'no honest custodian is blamed');
    for (const b of bids.slice(1)) {
      const other = (await bidRow(b.bidId))!;
      assert.equal(other.outcome, 'opened');
      assert.deepEqual(JSON.parse(other.blamed!), []);
    }

    // The evidence is in the signed record, and each statement verifies offline with the custodian's cert.
    const body = await record(tender);
    const inRecord = body.records[0].record.bids.find((b: { bidId: string }) => b.bidId === target);
    assert.equal(inRecord.outcome, 'revoked');
    assert.equal(inRecord.reason, 'SHARES_UNUSABLE');
    assert.deepEqual(inRecord.blamedCustodians, []);
    assert.deepEqual(
      inRecord.shareReports.map((r: { position: number; otherBidsChecked: number; credited: boolean }) => [
        r.position,
        r.otherBidsChecked,
        r.credited,
      ]),
      [
        [2, 2, true],
        [3, 2, true],
      ],
    );
    for (const r of inRecord.shareReports as { position: number; statement: string; signature: string }[]) {
      const cert = tender.custodians.members.find((m) => m.position === r.position)!.certificatePem!;
      assert.equal(await verifyPss(cert, r.statement, r.signature), true);
      const statement = JSON.parse(r.statement);
      assert.equal(statement.bidId, target);
      assert.equal(statement.reason, 'UNWRAP_FAILED');
      const other = tender.custodians.members.find((m) => m.position !== r.position)!.certificatePem!;
      assert.equal(await verifyPss(other, r.statement, r.signature), false);
    }
    const others = body.records[0].record.bids.filter((b: { bidId: string }) => b.bidId !== target);
    assert.ok(
      others.every((b: object) => !('shareReports' in b)),
      'no evidence field where none was needed',
    );
  });

  it('still blames a custodian that released nothing; the bid is the bidder’s fault all the same', async () => {
    const { tender, bids } = await tenderWithBids([{ junkWrappedShares: [2, 3] }, {}, {}]);
    await custodianRound(tender.id, 1);
    await custodianRound(tender.id, 2); // custodian 1 stays silent
    await settleAtWindowEnd(tender);
    const row = (await bidRow(bids[0]!.bidId))!;
    assert.deepEqual([row.outcome, row.reason], ['revoked', 'SHARES_UNUSABLE']);
    assert.deepEqual(JSON.parse(row.blamed!), [1]);
    assert.equal((await bidRow(bids[1]!.bidId))!.outcome, 'opened');
  });

  it('keeps the no-fault withdrawal when the silent custodians alone could have opened the bid', async () => {
    const { tender, bids } = await tenderWithBids([{ junkWrappedShares: [2] }, {}, {}]);
    await custodianRound(tender.id, 0);
    await custodianRound(tender.id, 1); // custodian 3 stays silent; with its share the bid would open
    await settleAtWindowEnd(tender);
    const row = (await bidRow(bids[0]!.bidId))!;
    assert.deepEqual([row.outcome, row.reason], ['withdrawn', 'NOT_ENOUGH_SHARES']);
    assert.deepEqual(JSON.parse(row.blamed!), [3], 'the reporting custodian 2 is not blamed');
  });

  it('treats shares that unwrap but fail the bidder’s check the same way (SHARE_CHECK_MISMATCH)', async () => {
    const { tender, bids } = await tenderWithBids([{}, { wrongWrappedShares: [1, 3] }, {}]);
    for (let i = 0; i < 3; i++) await custodianRound(tender.id, i);
    await settleAtWindowEnd(tender);
    const row = (await bidRow(bids[1]!.bidId))!;
    assert.deepEqual([row.outcome, row.reason], ['revoked', 'SHARES_UNUSABLE']);
    assert.deepEqual(JSON.parse(row.blamed!), []);
    const evidence = JSON.parse(row.evidence!) as { position: number; reason: string }[];
    assert.deepEqual(
      evidence.map((e) => [e.position, e.reason]),
      [
        [1, 'SHARE_CHECK_MISMATCH'],
        [3, 'SHARE_CHECK_MISMATCH'],
      ],
    );
  });

  it("opens a reported bid with the bidder's own key: a report never outweighs the key", async () => {
    const { tender, bids } = await tenderWithBids([{ junkWrappedShares: [2, 3] }, {}, {}]);
    for (let i = 0; i < 3; i++) await custodianRound(tender.id, i);
    await request(t.app)
      .post(`/api/v1/bids/${bids[0]!.bidId}/content-key`)
      .set(bearer(w.bidders[0]!.user.token))
      .send({ key: Buffer.from(bids[0]!.key).toString('base64') })
      .expect(200);
    await testRunner(t).run();
    const row = (await bidRow(bids[0]!.bidId))!;
    assert.deepEqual([row.outcome, row.keySource], ['opened', 'bidder']);
    assert.deepEqual(JSON.parse(row.blamed!), []);
  });

  it('does not believe a custodian with nothing to show for its key: it is blamed as before', async () => {
    const { tender, bids } = await tenderWithBids([{}, {}, {}]);
    // Custodian 2 says every share fails (as a lost key would), signed; custodian 1 is silent.
    const { position, bids: wrapped } = await wrappedShares(tender.id, 1);
    const keys = w.custodianKeys[1]!;
    const failures = wrapped.map((b) => ({ bidId: b.bidId, reason: 'UNWRAP_FAILED' as const }));
    const reports = await signShareReports(tender.id, position, wrapped, failures, (d) =>
      signPss(keys.keyPem, d),
    );
    await postReports(tender.id, w.custodians[1]!, reports).expect(200);
    await custodianRound(tender.id, 2);
    await settleAtWindowEnd(tender);
    for (const b of bids) {
      const row = (await bidRow(b.bidId))!;
      assert.deepEqual([row.outcome, row.reason], ['withdrawn', 'NOT_ENOUGH_SHARES']);
      assert.deepEqual(JSON.parse(row.blamed!), [1, 2]);
      assert.equal((JSON.parse(row.evidence!) as { credited: boolean }[])[0]!.credited, false);
    }
  });

  it('refuses forged, misdirected, contradictory, early and unauthorized reports, storing nothing', async () => {
    t.clock.advance(24 * 3600_000);
    await relogin(t, w);
    const tender = await openingTender(t, w);
    const bids: Submitted[] = [];
    for (let i = 0; i < 3; i++)
      bids.push(await submitTestBid(t, tender, w.bidders[i]!, { junkWrappedShares: i === 0 ? [2] : [] }));
    const target = bids[0]!.bidId;
    const junkSignature = Buffer.alloc(384, 1).toString('base64');
    const one = (signature: string, reason = 'UNWRAP_FAILED', bidId = target) => [
      { bidId, version: 1, reason, signature },
    ];
    // Before the opening time, to the millisecond.
    t.clock.set(new Date(deadlineOf(tender).getTime() - 1));
    const early = await postReports(tender.id, w.custodians[1]!, one(junkSignature)).expect(409);
    assert.equal(early.body.error.code, 'OPENING_NOT_STARTED');
    t.clock.set(deadlineOf(tender));
    const before = await reportCount();

    // Wrong roles: a bidder, a supervisor.
    await postReports(tender.id, w.bidders[0]!.user, one(junkSignature)).expect(403);
    await postReports(tender.id, w.supervisor, one(junkSignature)).expect(403);
    // Not signed by this custodian: junk, and another custodian's signature of the very same statement.
    const bad = await postReports(tender.id, w.custodians[1]!, one(junkSignature)).expect(422);
    assert.equal(bad.body.error.code, 'REPORT_SIGNATURE_INVALID');
    const { position, bids: wrapped } = await wrappedShares(tender.id, 1);
    const failure = [{ bidId: target, reason: 'UNWRAP_FAILED' as const }];
    const signedBy = (k: BidderKeys) =>
      signShareReports(tender.id, position, wrapped, failure, (d) => signPss(k.keyPem, d));
    const forged = await signedBy(w.custodianKeys[0]!);
    const res = await postReports(tender.id, w.custodians[1]!, forged).expect(422);
    assert.equal(res.body.error.code, 'REPORT_SIGNATURE_INVALID');
    // The right key, but another reason than it signed.
    const [good] = await signedBy(w.custodianKeys[1]!);
    const swapped = { ...good!, reason: 'SHARE_CHECK_MISMATCH' };
    await postReports(tender.id, w.custodians[1]!, [swapped]).expect(422);
    // "No share for my position" while the header carries one.
    const none = await postReports(tender.id, w.custodians[1]!, [
      { ...good!, reason: 'NO_SHARE_FOR_POSITION' },
    ]);
    assert.equal(none.status, 422);
    assert.equal(none.body.error.code, 'REPORT_CONTRADICTS_HEADER');
    // A bid not in this tender, a malformed body, two reports for one bid.
    const unknown = await postReports(tender.id, w.custodians[1]!, [{ ...good!, version: 2 }]).expect(422);
    assert.equal(unknown.body.error.code, 'UNKNOWN_BID');
    await postReports(tender.id, w.custodians[1]!, [{ ...good!, signature: '%%' }]).expect(422);
    await postReports(tender.id, w.custodians[1]!, [good!, good!]).expect(422);
    await postReports(tender.id, w.custodians[1]!, []).expect(422);
    // One bad report among good ones: none is stored.
    const other = wrapped.find((b) => b.bidId !== target)!;
    await postReports(tender.id, w.custodians[1]!, [
      good!,
      { bidId: other.bidId, version: 1, reason: 'UNWRAP_FAILED', signature: junkSignature },
    ]).expect(422);
    assert.equal(await reportCount(), before);

    // A custodian that released a bid's valid share cannot also report it unusable.
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    const { bids: mine } = await wrappedShares(tender.id, 0);
    const [contradiction] = await signShareReports(
      tender.id,
      1,
      mine,
      [{ bidId: target, reason: 'UNWRAP_FAILED' }],
      (d) => signPss(w.custodianKeys[0]!.keyPem, d),
    );
    const dup = await postReports(tender.id, w.custodians[0]!, [contradiction!]).expect(409);
    assert.equal(dup.body.error.code, 'SHARE_ALREADY_RELEASED');
    assert.equal(await reportCount(), before);

    // The genuine report is recorded once; sending it again changes nothing.
    await postReports(tender.id, w.custodians[1]!, [good!]).expect(200);
    await postReports(tender.id, w.custodians[1]!, [good!]).expect(200);
    assert.equal(await reportCount(), before + 1);
    await settleAtWindowEnd(tender);
  });

  it('records a junk share sent after a good one, and blames its custodian (the bid still opens)', async () => {
    const { tender, bids } = await tenderWithBids([{}, {}, {}]);
    const target = bids[2]!.bidId;
    await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!);
    const junk = await releaseShares(t, tender.id, w.custodians[1]!, w.custodianKeys[1]!, (id, s) =>
      id === target ? s.map((x) => x ^ 0x55) : s,
    );
    assert.deepEqual(junk.body.wrong, [target]);
    const share = await t.platform.opening.service.models.OpeningShare.findOne({
      where: { bidId: target, position: 2 },
    });
    assert.equal(share!.valid, true, 'the good share stays in use');
    assert.equal(share!.wrongAfterValid, 1);
    await releaseShares(t, tender.id, w.custodians[0]!, w.custodianKeys[0]!);
    await testRunner(t).run();
    const row = (await bidRow(target))!;
    assert.equal(row.outcome, 'opened');
    assert.deepEqual(JSON.parse(row.blamed!), [2]);
    assert.deepEqual(JSON.parse((await bidRow(bids[0]!.bidId))!.blamed!), []);
    const state = (await request(t.app).get(`/api/v1/tenders/${tender.id}/opening`).expect(200)).body;
    const shown = state.sections[0].bids.find(
      (b: { blamedCustodians: number[] }) => b.blamedCustodians.length,
    );
    assert.deepEqual(shown.wrongShares, [2]);
  });

  it('counts shares per bid in the opening hall and shows a bidder that sent its own key', async () => {
    const { tender, bids } = await tenderWithBids([{ junkWrappedShares: [2] }, {}, {}]);
    const hall = async () => {
      await t.platform.openingHall.relay.idle();
      const { body } = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening-hall`).expect(200);
      return body as {
        opening: { sections: { bids: { number: number; shares: number; bidderKey: boolean }[] }[] };
        events: { kind: string; data: Record<string, unknown> }[];
      };
    };
    await testRunner(t).run(); // the opening starts: bids frozen
    await custodianRound(tender.id, 1); // releases two bids, reports the junk one
    let shown = (await hall()).opening.sections[0]!.bids;
    const sorted = [...bids].sort((a, b) => (a.bidId < b.bidId ? -1 : 1));
    const junkNumber = sorted.findIndex((b) => b.bidId === bids[0]!.bidId) + 1;
    for (const b of shown) assert.equal(b.shares, b.number === junkNumber ? 0 : 1, `bid ${b.number}`);
    await request(t.app)
      .post(`/api/v1/bids/${bids[0]!.bidId}/content-key`)
      .set(bearer(w.bidders[0]!.user.token))
      .send({ key: Buffer.from(bids[0]!.key).toString('base64') })
      .expect(200);
    const after = await hall();
    shown = after.opening.sections[0]!.bids;
    assert.deepEqual(
      shown.map((b) => [b.number, b.bidderKey]),
      [1, 2, 3].map((n) => [n, n === junkNumber]),
    );
    const keyEvent = after.events.find((e) => e.kind === 'opening.bidder-key-submitted')!;
    assert.deepEqual(keyEvent.data, {
      valid: true,
      bid: { ...(keyEvent.data.bid as object), number: junkNumber },
    });
    assert.equal(JSON.stringify(keyEvent).includes(bids[0]!.bidId), false, 'no bid id to the public');
    assert.equal(JSON.stringify(keyEvent).includes(w.bidders[0]!.user.partyId!), false, 'no party');
    await settleAtWindowEnd(tender);
  });

  it('keeps no unwrapped share of a reported bid anywhere: a report carries none', async () => {
    const { tender, bids } = await tenderWithBids([{ wrongWrappedShares: [2] }, {}, {}]);
    await custodianRound(tender.id, 1);
    const rows = await t.platform.opening.service.models.OpeningShareReport.findAll({
      where: { bidId: bids[0]!.bidId },
    });
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows.map((r) => r.toJSON()));
    for (const s of bids[0]!.shares) assert.equal(text.includes(Buffer.from(s).toString('base64')), false);
    assert.equal(sealedBid.FORMAT_VERSION, 1, 'the sealed-bid format is unchanged');
    await settleAtWindowEnd(tender);
  });
});
