import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { verifyReportJson } from '../cli/commands/verify-report.js';
import { main } from '../cli/yangguang.js';
import { canonicalJson, sha256Hex } from '../crypto/index.js';
import type { EvaluationBid, EvaluationMember } from '../src/modules/evaluation/models.js';
import type { ReportContent } from '../src/modules/evaluation/report/content.js';
import type { EvaluationReportSignature } from '../src/modules/evaluation/report/models.js';
import type { ReportExport, ReportView } from '../src/modules/evaluation/report/reports.js';
import { chinaTime } from '../src/platform/china/beijing-time.js';
import { fenToYuanGrouped } from '../src/platform/money.js';
import { pdfText } from '../src/platform/pdf/index.js';
import { bearer } from './helpers/api.js';
import { evaluationScene, scoresAt, scoreSheet, sign, type EvaluationScene } from './helpers/evaluation.js';
import { Committee, ok, type Seat } from './helpers/evaluation-room.js';
import { testRunner } from './helpers/opening.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

/**
 * The evaluation report (评标报告, PB Art.42), end to end on a real evaluation: generated at conclusion from the
 * data (every section checked against the stored rows), as a PDF whose extracted text says the same, signed by
 * every member (one dissenting with reasons), completed once with its event, refused for strangers and bad
 * signatures, verified offline, superseded by a re-evaluation, and completed by the deadline job with the
 * silent deemed agreeing, exactly once.
 */
describe('evaluation report (评标报告): generation, signing, deadline, offline verification', function () {
  this.timeout(300_000);
  const MAX = 100_000_000; // 1,000,000.00 元
  const PRICES = [88_000_000, 90_050_000, 92_000_000, 94_000_000, 120_000_000];
  const QUESTION = '请说明工期安排及主要设备来源';
  const ANSWER = '工期180日历天，主要设备为国产自主品牌';
  const DISSENT = '第二名投标人的技术方案评分明显偏高，不同意本排序';
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let plan: { criteria: { key: string; kind: string; group: string; points: number }[] };
  let report: ReportView;
  let exported: ReportExport;
  let dir: string;

  const t = () => server.testPlatform;
  const m = () => {
    const models = t().platform.db.sequelize.models;
    return {
      EvaluationBid: models.EvaluationBid as unknown as typeof EvaluationBid,
      EvaluationMember: models.EvaluationMember as unknown as typeof EvaluationMember,
      Signature: models.EvaluationReportSignature as unknown as typeof EvaluationReportSignature,
    };
  };
  const api = (token: string, path = '') =>
    request(t().app).get(`/api/v1/evaluations/${room.evaluationId}/report${path}`).set(bearer(token));
  const getReport = async (token = room.leader.user.token) => {
    const res = await api(token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as ReportView;
  };
  const payloadOf = (seat: Seat, over: Record<string, unknown> = {}) => ({
    type: 'yangguang.evaluation.report-signature/1',
    evaluationId: room.evaluationId,
    memberId: seat.memberId,
    reportId: report.reportId,
    digest: report.digest,
    agree: true,
    reasons: null,
    ...over,
  });
  const post = async (token: string, payload: object, signer: { keys: Seat['user']['keys'] }) =>
    request(t().app)
      .post(`/api/v1/evaluations/${room.evaluationId}/report/signatures`)
      .set(bearer(token))
      .send({ payload, ...(await sign(signer, payload)) });
  const signAs = (seat: Seat, over: Record<string, unknown> = {}) =>
    post(seat.user.token, payloadOf(seat, over), seat.user);
  const completedEvents = async () =>
    (await t().platform.events.read(0, 5000, { types: ['evaluation.report-completed'] })).filter(
      (e) => e.tenderId === scene.tender.id,
    );
  const answers = () => m().Signature.count({ where: { evaluationId: room.evaluationId } });
  const scoreAll = async (share: number, correction: Parameters<typeof scoreSheet>[4] = null) => {
    const snapshot = await room.snapshot(room.leader);
    for (const bid of snapshot.bids.filter((b) => b.rejection === null && b.reviewOutcome === 'pass'))
      for (const seat of room.seats)
        ok(
          await room.signed(
            seat,
            'evaluation:score',
            scoreSheet(room.evaluationId, seat.memberId, bid.bidId, scoresAt(plan, share), correction),
          ),
          'score',
        );
  };
  const cli = async (args: string[]) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await main(args, { stdin: new PassThrough(), stdout, stderr, env: {} });
    return { code, out };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yg-report-'));
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 5, prices: PRICES, maxPriceFen: MAX });
    plan = scene.section.evaluationPlan as typeof plan;
    room = await Committee.open(scene, clients);
    // forming → review (the 2nd bid fails a criterion) → clarification (one question answered) → scoring.
    await room.declareAll();
    await room.electLeader();
    ok(await room.advance('forming'), 'forming');
    await room.reviewAll([scene.bids[1]!.bidId]);
    ok(await room.advance('review'), 'review');
    ok(
      await room.step(room.leader, 'evaluation:clarify', {
        bidId: scene.bids[0]!.bidId,
        question: QUESTION,
        answerDeadline: new Date(t().clock.now().getTime() + 3600_000).toISOString(),
      }),
      'clarify',
    );
    const inbox = await request(t().app)
      .get('/api/v1/evaluation-clarifications')
      .set(bearer(scene.bids[0]!.bidder.user.token))
      .expect(200);
    await request(t().app)
      .post(`/api/v1/evaluation-clarifications/${inbox.body.items[0].id}/answer`)
      .set(bearer(scene.bids[0]!.bidder.user.token))
      .send({ answer: ANSWER, noChangeOfSubstance: true })
      .expect(200);
    ok(await room.advance('clarification'), 'clarification');
  });
  after(async () => {
    clients?.closeAll();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('generated at conclusion', () => {
    it('has no report before the evaluation concludes', async () => {
      const res = await api(room.leader.user.token);
      assert.equal(res.status, 404, JSON.stringify(res.body));
    });

    it('generates the report at conclusion, every PB Art.42 section equal to the data', async () => {
      await scoreAll(0.8);
      ok(await room.advance('scoring'), 'to ranking');
      ok(await room.advance('ranking'), 'conclude');
      report = await getReport();
      const c = report.content as unknown as ReportContent;
      assert.equal(report.state, 'signing');
      assert.equal(
        report.digest,
        await sha256Hex(canonicalJson(c)),
        'digest = SHA-256 of the canonical JSON',
      );
      assert.equal(
        new Date(report.signingDeadline).getTime() - new Date(report.generatedAt).getTime(),
        24 * 3600_000,
        'REPORT_SIGNING_HOURS (24 by default) after conclusion',
      );
      // Basic data
      assert.equal(c.tender.code, scene.tender.code);
      assert.equal(c.tender.title, scene.tender.title);
      assert.equal(c.tender.sectionName, scene.section.name);
      assert.equal(c.tender.tendereeName, scene.tender.tenderee.name);
      assert.equal(c.method.method, scene.section.evaluationPlan.method);
      // Members, with the leader
      const members = await m().EvaluationMember.findAll({ where: { evaluationId: room.evaluationId } });
      assert.deepEqual(c.members.map((x) => x.name).sort(), members.map((x) => x.name).sort());
      assert.deepEqual(
        c.members.filter((x) => x.leader).map((x) => x.memberId),
        [room.leader.memberId],
      );
      // The opening record: every opened bid and its price
      assert.deepEqual(
        c.opening.map((b) => b.priceFen).sort((a, b) => a - b),
        [...PRICES].sort((a, b) => a - b),
      );
      // Review: the bid above the maximum price rejected with its reason, the failed one with the members' reasons
      const above = c.review.find((r) => r.bidId === scene.bids[4]!.bidId)!;
      assert.equal(above.outcome, 'rejected');
      assert.ok(above.rejection?.reason, 'the rejection states its reason');
      const failed = c.review.find((r) => r.bidId === scene.bids[1]!.bidId)!;
      assert.equal(failed.outcome, 'fail');
      assert.equal(failed.failures.length, room.seats.length, 'one reason per member who failed it');
      assert.ok(failed.failures.every((f) => f.reason === '营业执照已过期'));
      assert.equal(c.review.filter((r) => r.outcome === 'pass').length, 3);
      // Method and criteria as published
      assert.deepEqual(
        c.method.criteria.map((k) => [k.key, k.points]),
        plan.criteria.map((k) => [k.key, k.points]),
      );
      // Comparison table and ranking equal the stored bids' figures
      const bids = await m().EvaluationBid.findAll({ where: { evaluationId: room.evaluationId } });
      const ranked = bids.filter((b) => b.rank !== null).sort((a, b) => a.rank! - b.rank!);
      assert.equal(ranked.length, 3);
      assert.deepEqual(
        c.ranking.map((r) => [r.rank, r.bidId, r.priceFen, r.score]),
        ranked.map((b) => [b.rank, b.bidId, b.priceFen, b.score]),
      );
      for (const row of c.comparison) {
        const bid = bids.find((b) => b.bidId === row.bidId)!;
        assert.deepEqual(
          [row.priceFen, row.priceScore, row.technicalScore, row.score],
          [bid.priceFen, bid.priceScore, bid.technicalScore, bid.score],
        );
        assert.equal(row.memberTotals.length, room.seats.length);
      }
      // Candidates: the frozen result, up to three, in rank order
      const evaluation = await t().platform.evaluation.service.standing(room.evaluationId);
      assert.equal(evaluation.step, 'concluded');
      assert.deepEqual(
        c.candidates.map((r) => r.bidId),
        ranked.slice(0, 3).map((b) => b.bidId),
      );
      // Clarification minutes
      assert.deepEqual(
        c.clarifications.map((q) => [q.bidderName, q.question, q.answer]),
        [[scene.bids[0]!.bidder.name, QUESTION, ANSWER]],
      );
      assert.equal(await t().platform.evaluation.service.completedReport(room.evaluationId), null);
    });

    it("shows it to the tender's tenderee and agency and to supervisors; hides it from others (404)", async () => {
      for (const who of [scene.tenderee, scene.agency, scene.supervisor]) {
        const view = await getReport(who.token);
        assert.equal(view.digest, report.digest);
        assert.equal(view.me, null);
      }
      for (const token of [scene.bids[0]!.bidder.user.token, scene.spares[0]!.token]) {
        assert.equal((await api(token)).status, 404);
        assert.equal((await api(token, '.pdf')).status, 404);
        assert.equal((await api(token, '/export')).status, 404);
      }
    });
  });

  describe('refused signatures change nothing', () => {
    it('a non-member (another expert, the tenderee): 403 NOT_A_MEMBER', async () => {
      const spare = scene.spares[0]!;
      const res = await post(spare.token, payloadOf(room.seats[0]!), spare);
      assert.equal(res.status, 403, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'NOT_A_MEMBER');
      const tenderee = await request(t().app)
        .post(`/api/v1/evaluations/${room.evaluationId}/report/signatures`)
        .set(bearer(scene.tenderee.token))
        .send({
          payload: payloadOf(room.seats[0]!),
          ...(await sign(room.seats[0]!.user, payloadOf(room.seats[0]!))),
        });
      assert.equal(tenderee.status, 403);
      assert.equal(await answers(), 0);
    });

    it('a wrong digest: 422 DIGEST_MISMATCH', async () => {
      const res = await signAs(room.seats[0]!, { digest: 'ab'.repeat(32) });
      assert.equal(res.status, 422, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'DIGEST_MISMATCH');
      assert.equal(await answers(), 0);
    });

    it('a payload naming another member: 422 PAYLOAD_MISMATCH; a signature by another key: 422', async () => {
      const other = await signAs(room.seats[0]!, { memberId: room.seats[1]!.memberId });
      assert.equal(other.status, 422);
      assert.equal(other.body.error.code, 'PAYLOAD_MISMATCH');
      const payload = payloadOf(room.seats[0]!);
      const forged = await request(t().app)
        .post(`/api/v1/evaluations/${room.evaluationId}/report/signatures`)
        .set(bearer(room.seats[0]!.user.token))
        .send({
          payload,
          signature: (await sign(room.seats[1]!.user, payload)).signature,
          certificateSerial: room.seats[0]!.user.keys.serial,
        });
      assert.equal(forged.status, 422);
      assert.equal(forged.body.error.code, 'SIGNATURE_INVALID');
      assert.equal(await answers(), 0);
    });

    it('a dissent without reasons (or under 5 characters): 422 VALIDATION_FAILED', async () => {
      for (const reasons of [null, '不同意', '     ']) {
        const res = await signAs(room.seats[0]!, { agree: false, reasons });
        assert.equal(res.status, 422, JSON.stringify(res.body));
        assert.equal(res.body.error.code, 'VALIDATION_FAILED');
      }
      assert.equal(await answers(), 0);
    });
  });

  describe('answered by every member', () => {
    it('takes a dissent with reasons, in the timeline; signing twice is 409 REPORT_ALREADY_SIGNED', async () => {
      const dissenter = room.seats[1]!;
      const res = await signAs(dissenter, { agree: false, reasons: DISSENT });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const again = await signAs(dissenter);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'REPORT_ALREADY_SIGNED');
      const view = await getReport(dissenter.user.token);
      const mine = view.signatures.find((s) => s.memberId === dissenter.memberId)!;
      assert.deepEqual([mine.verdict, mine.reasons], ['dissent', DISSENT]);
      assert.deepEqual(view.me, { memberId: dissenter.memberId, verdict: 'dissent' });
      const log = await request(t().app)
        .get(`/api/v1/evaluations/${room.evaluationId}/log`)
        .set(bearer(scene.supervisor.token))
        .expect(200);
      const entry = (log.body.items as { kind: string; data: Record<string, unknown> }[]).find(
        (e) => e.kind === 'report-signed',
      )!;
      assert.deepEqual(
        [entry.data.memberId, entry.data.agree, entry.data.completed],
        [dissenter.memberId, false, false],
      );
      assert.equal(view.state, 'signing');
    });

    it('completes when every member has answered: the event once, the completed report for other modules', async () => {
      const rest = room.seats.filter((s) => s !== room.seats[1]);
      for (const seat of rest) {
        assert.equal((await completedEvents()).length, 0, 'not before the last answer');
        const res = await signAs(seat);
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      const events = await completedEvents();
      assert.equal(events.length, 1);
      const view = await getReport();
      assert.equal(view.state, 'completed');
      assert.ok(view.signatures.every((s) => s.verdict !== null));
      const completed = await t().platform.evaluation.service.completedReport(room.evaluationId);
      assert.equal(completed?.reportId, report.reportId);
      assert.equal(completed?.digest, report.digest);
      assert.deepEqual(
        completed?.candidates.map((r) => r.bidId),
        (report.content as unknown as ReportContent).candidates.map((r) => r.bidId),
      );
      assert.deepEqual(events[0]!.data, {
        tenderId: scene.tender.id,
        sectionId: scene.section.id,
        evaluationId: room.evaluationId,
        reportId: report.reportId,
        digest: report.digest,
        completedAt: completed!.completedAt.toISOString(),
      });
      const job = await t().platform.jobs.find('evaluation.report-deadline', report.reportId);
      assert.notEqual(job?.status, 'pending', 'the deadline job is cancelled');
    });

    it('refuses a signature on a completed report: 409 REPORT_CLOSED', async () => {
      const res = await signAs(room.seats[0]!);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'REPORT_CLOSED');
    });
  });

  describe('yangguang verify-report', () => {
    let file: string;
    before(async () => {
      const res = await api(scene.tenderee.token, '/export');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      exported = res.body as ReportExport;
      file = join(dir, 'report.json');
      await writeFile(file, JSON.stringify(exported));
    });

    it('verifies the export: digest, every signature and certificate; exit 0', async () => {
      const { code, out } = await cli(['verify-report', file]);
      assert.equal(code, 0, out);
      assert.match(out, /VERIFIED/);
      for (const seat of room.seats) assert.ok(out.includes(`OK: ${seat.user.name}`), out);
      assert.ok(out.includes(DISSENT));
    });

    it('fails a tampered report, naming what failed; exit 1', async () => {
      const tampered = structuredClone(exported);
      tampered.content.candidates[0]!.priceFen += 100;
      const path = join(dir, 'tampered.json');
      await writeFile(path, JSON.stringify(tampered));
      const { code, out } = await cli(['verify-report', path]);
      assert.equal(code, 1, out);
      assert.match(out, /FAILED: the report's content does not match its digest/);
      assert.match(out, /NOT VERIFIED/);
    });

    it('fails a tampered signature or reasons, naming the member', async () => {
      const forged = structuredClone(exported);
      const dissent = forged.signatures.find((s) => s.verdict === 'dissent')!;
      dissent.reasons = '同意';
      let verdict = await verifyReportJson(JSON.stringify(forged));
      assert.equal(verdict.ok, false);
      assert.ok(
        verdict.lines.some((l) => l.startsWith(`FAILED: ${dissent.memberName}`)),
        verdict.lines.join('\n'),
      );
      const swapped = structuredClone(exported);
      swapped.signatures[0]!.signature = swapped.signatures[1]!.signature;
      verdict = await verifyReportJson(JSON.stringify(swapped));
      assert.equal(verdict.ok, false);
      assert.ok(
        verdict.lines.some((l) => l.includes('does not verify')),
        verdict.lines.join('\n'),
      );
      const foreignRoot = structuredClone(exported);
      foreignRoot.rootCertificatePem = foreignRoot.signatures[0]!.certificatePem!;
      verdict = await verifyReportJson(JSON.stringify(foreignRoot));
      assert.equal(verdict.ok, false);
    });
  });

  describe('a re-evaluation, then the signing deadline', () => {
    let second: ReportView;

    it('supersedes the report: no completed report for other modules, no more signatures', async () => {
      await t().platform.evaluation.service.reopen(
        { actor: null, ip: 'test', requestId: 'reopen-test' },
        room.evaluationId,
        { instruction: 'JG-TEST-0001', reason: '商务分计算错误，责令重新评审' },
      );
      const view = await getReport();
      assert.equal(view.reportId, report.reportId);
      assert.equal(view.state, 'superseded');
      assert.equal(await t().platform.evaluation.service.completedReport(room.evaluationId), null);
      const res = await signAs(room.seats[0]!);
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'REPORT_CLOSED');
    });

    it('the new conclusion generates a new report', async () => {
      await scoreAll(0.7, { reason: 'arithmetic', note: '重新评审后更正' });
      ok(await room.advance('scoring'), 'to ranking');
      ok(await room.advance('ranking'), 'conclude again');
      second = await getReport();
      assert.notEqual(second.reportId, report.reportId);
      assert.equal(second.state, 'signing');
      assert.ok(second.signatures.every((s) => s.verdict === null));
    });

    it('at the deadline records the silent as deemed-agreeing and completes, exactly once', async () => {
      report = second;
      assert.equal((await signAs(room.seats[0]!)).status, 201);
      const before = (await completedEvents()).length;
      t().clock.set(new Date(new Date(second.signingDeadline).getTime() - 1));
      await scene.relogin(); // a day later: the sessions have lapsed
      await testRunner(t()).run();
      assert.equal((await getReport()).state, 'signing', 'not a millisecond early');
      assert.equal((await signAs(room.seats[1]!)).status, 201, 'still open just before the deadline');
      t().clock.set(second.signingDeadline);
      const late = await signAs(room.seats[2]!);
      assert.equal(late.status, 409, 'no answer at or after the deadline');
      assert.equal(late.body.error.code, 'REPORT_CLOSED');
      await testRunner(t()).run();
      const view = await getReport();
      assert.equal(view.state, 'completed');
      const verdicts = new Map(view.signatures.map((s) => [s.memberId, s.verdict]));
      assert.equal(verdicts.get(room.seats[0]!.memberId), 'agree');
      assert.equal(verdicts.get(room.seats[1]!.memberId), 'agree');
      for (const seat of room.seats.slice(2)) assert.equal(verdicts.get(seat.memberId), 'deemed-agreeing');
      // The job's work again (a rerun after a crash, or a second node): nothing more happens.
      await t().platform.evaluation.reports.atDeadline({ payload: { reportId: second.reportId } });
      await testRunner(t()).run();
      const events = (await completedEvents()).slice(before);
      assert.equal(events.length, 1);
      assert.equal((events[0]!.data as { reportId: string }).reportId, second.reportId);
      assert.equal(await m().Signature.count({ where: { reportId: second.reportId } }), room.seats.length);
      const completed = await t().platform.evaluation.service.completedReport(room.evaluationId);
      assert.equal(completed?.reportId, second.reportId);
      // Every answer and the deadline's completion are audited, each under its actor (the platform at the deadline).
      const Audit = t().platform.db.sequelize.models.AuditEntry!;
      const audited = await Audit.findAll({ where: { subject: `evaluation:${room.evaluationId}` } });
      const actions = audited.map((e) => e.get('action') as string);
      assert.equal(
        actions.filter((a) => a === 'evaluation.report-signed').length,
        room.seats.length + 2,
        'five answers to the first report, two to the second',
      );
      assert.equal(actions.filter((a) => a === 'evaluation.report-completed').length, 1);
      const exportRes = await api(scene.supervisor.token, '/export');
      const verdict = await verifyReportJson(JSON.stringify(exportRes.body));
      assert.equal(verdict.ok, true, verdict.lines.join('\n'));
      assert.ok(verdict.lines.some((l) => l.includes('deemed agreeing')));
    });
  });
  // Last: rendering and reading a PDF keeps the CPU for a while, and the room's sockets are done by then.
  describe('as a PDF', () => {
    it('prints the same data in the PDF: names, prices in 元, ranks, candidates, reasons, Beijing time', async () => {
      const res = await api(scene.agency.token, '.pdf')
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const text = (await pdfText(res.body as Buffer)).join('\n').replace(/\s+/g, '');
      const has = (s: string) => assert.ok(text.includes(s.replace(/\s+/g, '')), `the PDF says ${s}`);
      const view = await getReport(scene.agency.token);
      const c = view.content as unknown as ReportContent;
      has('评标报告');
      has(c.tender.title);
      has(c.tender.sectionName);
      for (const member of c.members) has(member.name);
      for (const b of c.opening) has(`${b.bidderName}投标报价${fenToYuanGrouped(b.priceFen)}元`);
      has('营业执照已过期');
      for (const r of c.ranking) has(`第${r.rank}名${r.bidderName}报价${fenToYuanGrouped(r.priceFen)}元`);
      c.candidates.forEach((r, i) => has(`第${i + 1}中标候选人${r.bidderName}`));
      has(QUESTION);
      has(ANSWER);
      has(chinaTime(c.concludedAt));
      has(view.digest);
      has('未签署，视为同意');
      assert.ok(!text.includes(c.evaluationId), 'no ids in the PDF');
    });
  });
});
