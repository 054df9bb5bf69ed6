import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { EvaluationSnapshot } from '../src/contracts/evaluation.js';
import { call, evaluationScene, scoreSheet, type EvaluationScene } from './helpers/evaluation.js';
import { Committee, ok, refused, snapshotOf, type Seat } from './helpers/evaluation-room.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

/*
 * Score sheets, their privacy, the ranking and its corrections, and the extension (docs/domain.md §4-§5),
 * each asserted on the snapshot as its audience gets it over the socket.
 *
 * The fixture: five bids; E fails the review, so A-D are scored. Benchmark average (more than three prices:
 * the highest and lowest are dropped), base = (92M + 92M) / 2 = 92,000,000 fen; full price points 30, 1 point
 * per 1 % above, 0.5 below. Price scores worked by hand:
 *   A 88M: −4.3478…% → 30 − 2.1739… = 27.826… → 2783;  B, C 92M: 3000;  D 99M: +7.6086…% → 22.3913… → 2239.
 * Typed scores make A, B and C all total 83.00: A first on the lower price, then B before C on the higher
 * technical subtotal (38.00 against 36.00).
 */
const M = 1_000_000;
const PRICES = [88 * M, 92 * M, 92 * M, 99 * M, 86 * M];
const EXPECTED_PRICE_SCORES = [2783, 3000, 3000, 2239];
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
    { key: 'design', name: '技术方案', kind: 'subjective' as const, group: 'technical' as const, points: 40 },
    { key: 'schedule', name: '工期', kind: 'objective' as const, group: 'technical' as const, points: 10 },
    {
      key: 'service',
      name: '售后服务',
      kind: 'subjective' as const,
      group: 'commercial' as const,
      points: 20,
    },
    { key: 'price', name: '投标报价', kind: 'objective' as const, group: 'price' as const, points: 30 },
  ],
  priceFormula: { base: 'benchmark-average' as const, pointsPerPercentAbove: 1, pointsPerPercentBelow: 0.5 },
  committee: { size: 5, experts: 5, representatives: 0 },
  deviationPercent: 20,
  abnormallyLowPercent: 20,
  durationMinutes: 240,
};
/** Each scored bid's sheet, the same for every member unless a test says otherwise. */
const SHEETS: Record<string, number>[] = [
  { design: 3000, schedule: 800, service: 1717 }, // A: 55.17 + 27.83 = 83.00
  { design: 3000, schedule: 800, service: 1500 }, // B: 53.00 + 30.00 = 83.00, technical 38.00
  { design: 2800, schedule: 800, service: 1700 }, // C: 53.00 + 30.00 = 83.00, technical 36.00
  { design: 2000, schedule: 600, service: 1000 }, // D: 36.00 + 22.39 = 58.39
];
const EXTREME_D = { design: 0, schedule: 600, service: 0 }; // 6.00 + 22.39 = 28.39: 45.8 % under the mean

/** The benchmark-average price score, worked independently of the server: exact rationals, half up. */
function independentPriceScore(price: number, passing: number[]): number {
  const sorted = [...passing].sort((a, b) => a - b);
  const kept = sorted.length > 3 ? sorted.slice(1, -1) : sorted;
  const sum = kept.reduce((a, b) => a + BigInt(b), 0n);
  const n = BigInt(kept.length);
  // score (hundredths) = 3000 − |price − sum/n| / (sum/n) × 100 × rate × 100, rate 1 (above) or 0.5 (below)
  const off = BigInt(price) * n - sum;
  const rateHalves = off > 0n ? 2n : 1n; // the rate in halves of a point
  const lossNum = (off < 0n ? -off : off) * 100n * 100n * rateHalves; // over sum × 2
  const num = 3000n * sum * 2n - lossNum;
  const den = sum * 2n;
  if (num <= 0n) return 0;
  return Number((num * 2n + den) / (den * 2n));
}

describe('evaluation scoring: sheets, privacy, ranking, corrections, extension', function () {
  this.timeout(180_000);
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let bidIds: string[]; // A, B, C, D, E in fixture order
  let supervisor: Socket;
  let agency: Socket;
  let outsider: Socket;

  const id = () => room.evaluationId;
  const sheetOf = (
    seat: Seat,
    bid: number,
    scores: Record<string, number>,
    correction: Parameters<typeof scoreSheet>[4] = null,
  ) =>
    room.signed(seat, 'evaluation:score', scoreSheet(id(), seat.memberId, bidIds[bid]!, scores, correction));
  const seq = async () => (await room.snapshot(room.leader)).seq;
  const deviationEvents = async () =>
    (
      await server.testPlatform.platform.events.read(0, 1000, { types: ['evaluation.deviation-flagged'] })
    ).filter((e) => (e.data as { evaluationId: string }).evaluationId === id());

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 5, prices: PRICES, plan: PLAN });
    bidIds = scene.bids.map((b) => b.bidId);
    room = await Committee.open(scene, clients);
    supervisor = await clients.connect(scene.supervisor.token, '/evaluation');
    agency = await clients.connect(scene.agency.token, '/evaluation');
    outsider = await clients.connect(scene.spares[0]!.token, '/evaluation');
    await room.toScoring([bidIds[4]!]);
  });

  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  it('starts scoring with the bid that failed the review left out', async () => {
    const snapshot = await room.snapshot(room.leader);
    assert.equal(snapshot.step, 'scoring');
    assert.equal(snapshot.you.audience, 'leader');
    const outcomes = new Map(snapshot.bids.map((b) => [b.bidId, b.reviewOutcome]));
    assert.deepEqual(
      bidIds.map((b) => outcomes.get(b)),
      ['pass', 'pass', 'pass', 'pass', 'fail'],
    );
  });

  it('refuses sheets that break the plan, for a failed bid or from a non-member, changing nothing', async () => {
    const before = await seq();
    const [a] = room.seats;
    let ack = await sheetOf(a!, 0, { design: 3000, schedule: 800 });
    refused(ack, 'CRITERION_MISSING', 'a sheet without service');
    assert.match((ack as { error: { message: string } }).error.message, /售后服务 \(service\)/);
    ack = await sheetOf(a!, 0, { design: 4001, schedule: 800, service: 1000 });
    refused(ack, 'SCORE_OUT_OF_RANGE', 'design above 40 points');
    assert.match((ack as { error: { message: string } }).error.message, /design/);
    refused(await sheetOf(a!, 0, { ...SHEETS[0]!, price: 3000 }), 'PRICE_SCORE_TYPED', 'a typed price score');
    refused(
      await sheetOf(a!, 0, { ...SHEETS[0]!, beauty: 100 }),
      'CRITERION_UNKNOWN',
      'an unknown criterion',
    );
    refused(
      await sheetOf(a!, 4, { design: 1000, schedule: 500, service: 500 }),
      'BID_NOT_SCORED',
      'the failed bid',
    );
    refused(
      await sheetOf(a!, 0, SHEETS[0]!, { reason: 'arithmetic', note: '计算错误' }),
      'NOTHING_TO_CORRECT',
      'a first sheet marked as a correction',
    );
    // Hundredths are integers on the wire; a fraction is the schema's to refuse.
    refused(
      await sheetOf(a!, 0, { ...SHEETS[0]!, design: 30.5 }),
      'VALIDATION_FAILED',
      'a fraction of a hundredth',
    );
    // Someone drawn into the pool but not onto this committee: the evaluation does not exist for them.
    const stranger = await call(outsider, 'evaluation:score', {
      evaluationId: id(),
      eventId: randomUUID(),
      payload: scoreSheet(id(), a!.memberId, bidIds[0]!, SHEETS[0]!),
      signature: 'AAAA',
      certificateSerial: 'ab',
    });
    refused(stranger, 'NOT_FOUND', 'a non-member');
    refused(
      await call(outsider, 'evaluation:join', { evaluationId: id() }),
      'NOT_FOUND',
      'a non-member joining',
    );
    assert.equal(await seq(), before, 'nothing was logged');
    assert.equal((await room.snapshot(a!)).mySheets.filter((s) => s.kind === 'score').length, 0);
  });

  it('keeps subjective scores to their member until every member has scored the bid', async () => {
    const [leaderSeat, b, c, ...rest] = room.seats;
    ok(await sheetOf(b!, 0, SHEETS[0]!), 'first sheet');

    const own = await room.snapshot(b!);
    const mine = own.mySheets.find((s) => s.kind === 'score' && s.bidId === bidIds[0]);
    assert.deepEqual((mine?.payload as { scores: unknown }).scores, SHEETS[0]);
    assert.deepEqual(own.revealed, []);

    const other = await room.snapshot(c!);
    assert.deepEqual(
      other.mySheets.filter((s) => s.kind === 'score'),
      [],
    );
    assert.deepEqual(other.revealed, []);
    assert.ok(!JSON.stringify(other).includes('"design":3000'), 'no score of A reaches another member');

    const leader = await room.snapshot(leaderSeat!);
    assert.deepEqual(leader.revealed, []);
    assert.ok(!JSON.stringify(leader).includes('"design":3000'), 'nor the leader');
    assert.equal(leader.members.find((m) => m.memberId === b!.memberId)?.submitted.score, 1);
    assert.equal(leader.bids.find((x) => x.bidId === bidIds[0])?.progress.score, 1);

    const observer = await snapshotOf(agency, id());
    assert.equal(observer.you.audience, 'observer');
    assert.deepEqual(observer.revealed, []);
    assert.equal(observer.ranking, null);
    assert.equal(observer.members.length, 5, 'observers see the committee once formed');
    assert.equal(observer.bids.find((x) => x.bidId === bidIds[0])?.progress.score, 1);
    assert.ok(
      observer.log.length > 0 && observer.log.every((e) => e.actor === undefined && e.ip === undefined),
    );

    const watching = await snapshotOf(supervisor, id());
    assert.equal(watching.you.audience, 'supervisor');
    assert.deepEqual(
      watching.revealed.find((r) => r.bidId === bidIds[0])?.members.map((m) => m.scores),
      [SHEETS[0]],
    );
    const logged = watching.log.find((e) => e.kind === 'sheet-submitted');
    assert.ok(logged?.actor?.userId && logged.ip, 'supervisors see who and from where');
    // Never a score in the timeline, whoever reads it.
    for (const e of watching.log) assert.equal(JSON.stringify(e.data).includes('scores'), false);

    for (const seat of [leaderSeat!, c!, ...rest]) ok(await sheetOf(seat, 0, SHEETS[0]!), 'sheet for A');
    const revealed = (await room.snapshot(c!)).revealed.find((r) => r.bidId === bidIds[0]);
    assert.equal(revealed?.members.length, 5);
    assert.deepEqual(revealed?.members[0]?.scores, SHEETS[0]);
    assert.equal(revealed?.members[0]?.totalHundredths, 8300);
  });

  it('shows objective disagreements to the leader: the values, not who gave them', async () => {
    const [, b, c] = room.seats;
    ok(await sheetOf(b!, 1, { ...SHEETS[1]!, schedule: 1000 }), 'B scores schedule 10.00');
    for (const seat of room.seats.filter((s) => s !== b))
      ok(await sheetOf(seat, 1, SHEETS[1]!), 'sheet for B');

    const leader = await room.snapshot(room.leader);
    assert.deepEqual(leader.disagreements, [
      { bidId: bidIds[1], criterionKey: 'schedule', values: [800, 1000] },
    ]);
    assert.ok(!JSON.stringify(leader.disagreements).includes(b!.memberId));
    assert.deepEqual((await room.snapshot(c!)).disagreements, [], 'members do not get the list');
    assert.deepEqual((await snapshotOf(agency, id())).disagreements, []);

    // The member in error corrects it (GP87 Art.64), with the reason; the old version stays on record.
    ok(
      await sheetOf(b!, 1, SHEETS[1]!, { reason: 'objective-inconsistent', note: '工期按投标函 180 天计' }),
      'correction',
    );
    const corrected = (await room.snapshot(b!)).mySheets.find(
      (s) => s.kind === 'score' && s.bidId === bidIds[1],
    );
    assert.equal(corrected?.version, 2);
    assert.deepEqual(corrected?.correction, {
      reason: 'objective-inconsistent',
      note: '工期按投标函 180 天计',
    });
    assert.deepEqual((await room.snapshot(room.leader)).disagreements, []);
  });

  it('refuses a second sheet without a correction, and a correction without a GP87 Art.64 reason', async () => {
    const [a] = room.seats;
    const before = await seq();
    refused(await sheetOf(a!, 0, SHEETS[0]!), 'SHEET_EXISTS', 'a second first sheet');
    const noReason = await call(a!.socket, 'evaluation:score', {
      evaluationId: id(),
      eventId: randomUUID(),
      payload: {
        ...scoreSheet(id(), a!.memberId, bidIds[0]!, SHEETS[0]!),
        correction: { reason: 'mood', note: 'x' },
      },
      signature: 'AAAA',
      certificateSerial: 'ab',
    });
    refused(noReason, 'VALIDATION_FAILED', 'a correction for a reason the law does not allow');
    refused(
      await sheetOf(a!, 0, SHEETS[0]!, { reason: 'arithmetic', note: '' } as never),
      'VALIDATION_FAILED',
      'a correction without its note',
    );
    assert.equal(await seq(), before);
  });

  it('extends the time when more than a third of the members say it is too short, then starts a new round', async () => {
    const [a, b] = room.seats;
    const first = await room.snapshot(a!);
    const eventId = randomUUID();
    const said = ok(
      await call<{ seq: number; replayed: boolean }>(a!.socket, 'evaluation:time-short', {
        evaluationId: id(),
        eventId,
      }),
      'time-short',
    );
    const again = ok(
      await call<{ seq: number; replayed: boolean }>(a!.socket, 'evaluation:time-short', {
        evaluationId: id(),
        eventId,
      }),
      'retry',
    );
    assert.equal(said.replayed, false);
    assert.deepEqual(again, { ...said, replayed: true });
    refused(await room.step(a!, 'evaluation:time-short', {}), 'ALREADY_SAID', 'a second say');
    // 1 of 5 is not more than a third.
    let now = await room.snapshot(a!);
    assert.equal(now.extensions, 0);
    assert.equal(now.scheduledEndAt, first.scheduledEndAt);
    assert.equal(now.you.saidTimeShort, true);
    // 2 of 5 is.
    ok(await room.step(b!, 'evaluation:time-short', {}), 'second member');
    now = await room.snapshot(a!);
    assert.equal(now.extensions, 1);
    assert.equal(Date.parse(now.scheduledEndAt) - Date.parse(first.scheduledEndAt), 240 * 60_000);
    assert.equal(now.you.saidTimeShort, false, 'the votes start again');
    assert.ok(now.members.every((m) => !m.saidTimeShort));
    ok(await room.step(a!, 'evaluation:time-short', {}), 'a new round');
  });

  it('cannot leave scoring while a sheet is missing', async () => {
    refused(await room.advance('scoring'), 'SHEETS_MISSING', 'advance with C and D unscored');
  });

  it('ranks by the mean score, ties by the lower price then the higher technical score, price scores by the formula', async () => {
    const [, , , , e] = room.seats;
    for (const seat of room.seats) ok(await sheetOf(seat, 2, SHEETS[2]!), 'sheet for C');
    for (const seat of room.seats)
      ok(await sheetOf(seat, 3, seat === e ? EXTREME_D : SHEETS[3]!), 'sheet for D');
    ok(await room.advance('scoring'), 'to ranking');

    const leader = await room.snapshot(room.leader);
    assert.equal(leader.step, 'ranking');
    const ranking = leader.ranking!;
    assert.deepEqual(
      ranking.map((r) => r.bidId),
      [bidIds[0], bidIds[1], bidIds[2], bidIds[3]],
      'A (lower price), then B (higher technical) before C, then D',
    );
    const passing = PRICES.slice(0, 4);
    for (let i = 0; i < 4; i++) {
      const row = ranking.find((r) => r.bidId === bidIds[i])!;
      assert.equal(row.priceScore, EXPECTED_PRICE_SCORES[i], `price score of bid ${i}`);
      assert.equal(row.priceScore, independentPriceScore(PRICES[i]!, passing));
    }
    assert.deepEqual(
      ranking.slice(0, 3).map((r) => [r.score, r.technicalScore]),
      [
        [8300, 3800],
        [8300, 3800],
        [8300, 3600],
      ],
    );
    // D: four members at 58.39, one at 28.39: mean 52.39 half up.
    assert.equal(ranking[3]!.score, 5239);
    assert.equal(
      (await snapshotOf(agency, id())).ranking,
      null,
      'observers get the result, not the workings',
    );
  });

  it('flags a deviating total once, to the leader and the stream, and not again on a re-rank', async () => {
    const [a, , , , e] = room.seats;
    const flagged = await deviationEvents();
    assert.equal(flagged.length, 1);
    assert.deepEqual(
      {
        memberId: (flagged[0]!.data as { memberId: string }).memberId,
        bidId: (flagged[0]!.data as { bidId: string }).bidId,
      },
      { memberId: e!.memberId, bidId: bidIds[3] },
    );
    const leader: EvaluationSnapshot = await room.snapshot(room.leader);
    assert.deepEqual(
      leader.deviations.map((d) => [d.memberId, d.bidId, d.totalHundredths, d.meanHundredths]),
      [[e!.memberId, bidIds[3], 2839, 5239]],
    );
    assert.deepEqual((await room.snapshot(e!)).deviations, [], 'members do not get the list');

    // Another member's correction re-ranks; the same deviation is not flagged twice.
    ok(
      await sheetOf(a!, 0, SHEETS[0]!, { reason: 'arithmetic', note: '复核无误，重新提交' }),
      'correction in ranking',
    );
    assert.equal((await deviationEvents()).length, 1);

    // The extreme score corrected (GP87 Art.64): the ranking follows at once, the flag is gone.
    ok(await sheetOf(e!, 3, SHEETS[3]!, { reason: 'extreme', note: '评分畸低，更正' }), 'extreme corrected');
    const after = await room.snapshot(room.leader);
    assert.deepEqual(after.deviations, []);
    assert.equal(after.ranking!.find((r) => r.bidId === bidIds[3])!.score, 5839);
    assert.equal((await deviationEvents()).length, 1);
  });

  it('concludes with up to three candidates, frozen, shown to observers', async () => {
    ok(await room.advance('ranking'), 'conclude');
    const observer = await snapshotOf(agency, id());
    assert.equal(observer.step, 'concluded');
    assert.deepEqual(
      observer.result?.candidates.map((c) => [c.rank, c.bidId]),
      [
        [1, bidIds[0]],
        [2, bidIds[1]],
        [3, bidIds[2]],
      ],
    );
    refused(
      await sheetOf(room.seats[0]!, 0, SHEETS[0]!, { reason: 'arithmetic', note: '再改' }),
      'WRONG_STEP',
      'a correction after the result',
    );
  });
});
