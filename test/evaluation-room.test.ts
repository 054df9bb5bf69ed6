import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { EvaluationSnapshot } from '../src/contracts/evaluation.js';
import {
  allPass,
  call,
  declaration,
  evaluationOf,
  evaluationScene,
  memberOf,
  reviewSheet,
  scoresAt,
  scoreSheet,
  signedInput,
  type CommitteeUser,
  type EvaluationScene,
} from './helpers/evaluation.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { SocketClients } from './helpers/sockets.js';

type Snap = { snapshot: EvaluationSnapshot };
type Step = { seq: number; replayed: boolean };

/**
 * A whole evaluation by a committee of five over real sockets (docs/domain.md §5): signed declarations, the
 * leader's election, the review, scoring with one member dropping mid-sheet and coming back, ranking and the
 * result; supervisors watching every step with actor and address.
 */
describe('evaluation room: five members over Socket.IO, from forming to the result', function () {
  this.timeout(180_000);
  let server: TestServer;
  let scene: EvaluationScene;
  let sockets: SocketClients;
  let evaluationId: string;
  const memberIds = new Map<string, string>();
  const rooms = new Map<string, Socket>();
  let watcher: Socket;
  const watched: { seq: number; kind: string; actor?: unknown; ip?: unknown }[] = [];

  const id = (e: CommitteeUser) => memberIds.get(e.userId)!;
  const socketOf = (e: CommitteeUser) => rooms.get(e.userId)!;
  const plan = () => scene.section.evaluationPlan;
  const names = () => scene.bids.map((b) => b.bidder.name);

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    scene = await evaluationScene(server.testPlatform);
    evaluationId = (await evaluationOf(server.testPlatform, scene.tender.id)).id;
    for (const e of scene.experts)
      memberIds.set(e.userId, (await memberOf(server.testPlatform, evaluationId, e.userId)).id);
    sockets = new SocketClients(server.baseUrl);
    for (const e of scene.experts) rooms.set(e.userId, await sockets.connect(e.token, '/evaluation'));
    watcher = await sockets.connect(scene.supervisor.token, '/evaluation');
    watcher.on('evaluation:log', (entry: (typeof watched)[number]) => watched.push(entry));
  });
  after(async () => {
    sockets?.closeAll();
    await server?.stop();
  });

  const join = async (socket: Socket, lastSeq?: number) => {
    const ack = await call<Snap>(socket, 'evaluation:join', {
      evaluationId,
      ...(lastSeq !== undefined && { lastSeq }),
    });
    assert.ok(ack.ok, JSON.stringify(ack));
    return ack.snapshot;
  };
  const ok = async (socket: Socket, event: string, input: unknown) => {
    const ack = await call<Step>(socket, event, input);
    assert.ok(ack.ok, `${event}: ${JSON.stringify(ack)}`);
    return ack;
  };
  const advance = (from: string) =>
    ok(socketOf(scene.experts[0]!), 'evaluation:advance', { evaluationId, eventId: randomUUID(), from });

  it('lets each member join, sign a declaration and elect a leader by more than half of the seats', async () => {
    for (const e of scene.experts) {
      const snapshot = await join(socketOf(e));
      assert.equal(snapshot.step, 'forming');
      assert.equal(snapshot.you.memberId, id(e));
      assert.equal(snapshot.members.length, 5);
      assert.deepEqual(snapshot.bids.map((b) => b.bidId).sort(), scene.bids.map((b) => b.bidId).sort());
    }
    const supervisorView = await join(watcher);
    assert.equal(supervisorView.you.audience, 'supervisor');

    // A declaration signed with another member's key does not verify, and changes nothing.
    const [a, b] = scene.experts;
    const forged = await signedInput(b!, declaration(evaluationId, id(a!), names()));
    const refused = await call(socketOf(a!), 'evaluation:declare', {
      ...forged,
      certificateSerial: a!.keys.serial,
    });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.error.code, /SIGNATURE_INVALID|CERTIFICATE_INVALID/);

    for (const e of scene.experts) {
      await ok(
        socketOf(e),
        'evaluation:declare',
        await signedInput(e, declaration(evaluationId, id(e), names())),
      );
    }
    for (const e of scene.experts.slice(0, 3)) {
      await ok(socketOf(e), 'evaluation:vote-leader', {
        evaluationId,
        eventId: randomUUID(),
        candidateMemberId: id(scene.experts[0]!),
      });
    }
    const snapshot = await join(socketOf(scene.experts[0]!));
    assert.equal(snapshot.leaderMemberId, id(scene.experts[0]!));
    assert.equal(snapshot.you.audience, 'leader');

    // Only the leader moves the evaluation on.
    const notLeader = await call(socketOf(scene.experts[1]!), 'evaluation:advance', {
      evaluationId,
      eventId: randomUUID(),
      from: 'forming',
    });
    assert.equal(notLeader.ok, false);
    await advance('forming');
  });

  it('reviews every bid by majority and moves on to scoring', async () => {
    for (const e of scene.experts) {
      for (const bid of scene.bids) {
        await ok(
          socketOf(e),
          'evaluation:review',
          await signedInput(e, reviewSheet(evaluationId, id(e), bid.bidId, allPass(plan()))),
        );
      }
    }
    await advance('review');
    await advance('clarification');
    const snapshot = await join(socketOf(scene.experts[0]!));
    assert.equal(snapshot.step, 'scoring');
    assert.ok(snapshot.bids.every((b) => b.reviewOutcome === 'pass'));
  });

  it('keeps every acknowledged sheet of a member who drops mid-sheet and comes back', async () => {
    const [leader, ...others] = scene.experts;
    const last = others.at(-1)!;
    for (const e of [leader!, ...others.slice(0, -1)]) {
      for (const bid of scene.bids) {
        await ok(
          socketOf(e),
          'evaluation:score',
          await signedInput(e, scoreSheet(evaluationId, id(e), bid.bidId, scoresAt(plan(), 0.8))),
        );
      }
    }
    // Out of range: refused, nothing stored.
    const subjective = plan().criteria.find((c) => c.kind === 'subjective')!;
    const tooMuch = { ...scoresAt(plan(), 0.8), [subjective.key]: subjective.points * 100 + 1 };
    const refused = await call(
      socketOf(last),
      'evaluation:score',
      await signedInput(last, scoreSheet(evaluationId, id(last), scene.bids[0]!.bidId, tooMuch)),
    );
    assert.equal(refused.ok, false);

    const first = await signedInput(
      last,
      scoreSheet(evaluationId, id(last), scene.bids[0]!.bidId, scoresAt(plan(), 0.7)),
    );
    const acked = await ok(socketOf(last), 'evaluation:score', first);
    // The connection drops while the next sheet is being filled in; a new one joins from the last seq seen.
    socketOf(last).disconnect();
    const back = await sockets.connect(last.token, '/evaluation');
    rooms.set(last.userId, back);
    const snapshot = await join(back, acked.seq);
    const mine = snapshot.mySheets.filter((s) => s.kind === 'score');
    assert.deepEqual(
      mine.map((s) => s.bidId),
      [scene.bids[0]!.bidId],
    );
    // Resending the acknowledged step (its answer was lost, say) is a replay, not a second sheet.
    const again = await ok(back, 'evaluation:score', first);
    assert.equal(again.replayed, true);
    assert.equal(again.seq, acked.seq);
    for (const bid of scene.bids.slice(1)) {
      await ok(
        back,
        'evaluation:score',
        await signedInput(last, scoreSheet(evaluationId, id(last), bid.bidId, scoresAt(plan(), 0.7))),
      );
    }
    const after = await join(back);
    assert.equal(after.mySheets.filter((s) => s.kind === 'score').length, scene.bids.length);
    assert.ok(after.mySheets.every((s) => s.version === 1));
  });

  it('ranks, concludes with up to three candidates, and the supervisor saw every step with actor and IP', async () => {
    await advance('scoring');
    const ranking = await join(socketOf(scene.experts[0]!));
    assert.equal(ranking.step, 'ranking');
    assert.ok(ranking.ranking && ranking.ranking.length === scene.bids.length);
    const scores = ranking.ranking!.map((r) => r.score!);
    assert.deepEqual(
      scores,
      [...scores].sort((x, y) => y - x),
    );
    await advance('ranking');
    const done = await join(watcher);
    assert.equal(done.step, 'concluded');
    assert.ok(done.result && done.result.candidates.length === 3);
    assert.deepEqual(
      done.result!.candidates.map((c) => c.bidId),
      ranking.ranking!.slice(0, 3).map((r) => r.bidId),
    );
    assert.ok(watched.length > 0);
    const seqs = watched.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((x, y) => x - y),
    );
    assert.ok(watched.every((e) => e.actor !== undefined && 'ip' in e));
  });
});
