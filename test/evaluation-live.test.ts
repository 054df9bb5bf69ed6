import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import type { EvaluationLogEntry } from '../src/contracts/evaluation.js';
import { bearer } from './helpers/api.js';
import {
  allPass,
  call,
  declaration,
  evaluationScene,
  memberOf,
  membersOf,
  reviewSheet,
  scoresAt,
  scoreSheet,
  signedInput,
  type CommitteeUser,
  type EvaluationScene,
} from './helpers/evaluation.js';
import { Committee, ok, refused, snapshotOf, type Seat } from './helpers/evaluation-room.js';
import { eventually } from './helpers/eventually.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { nextEvent, SocketClients } from './helpers/sockets.js';

/*
 * The evaluation room over real Socket.IO clients (docs/domain.md §5): a whole evaluation by five members,
 * one of them replaced after declaring a conflict, one dropping mid-sheet and catching up from its lastSeq,
 * retries that change nothing, and every event refused to everyone who may not send it.
 */
describe('evaluation room over sockets', function () {
  this.timeout(240_000);
  let server: TestServer;
  let clients: SocketClients;
  let scene: EvaluationScene;
  let room: Committee;
  let plan: { criteria: { key: string; kind: string; group: string; points: number }[] };
  let admitted: string[];
  let supervisor: Socket;
  let agency: Socket;
  let bidder: Socket;
  let replaced: Seat;
  let outsider: { user: CommitteeUser; socket: Socket };
  /** The committee as it stands after the replacement: four original members and the newcomer. */
  let seats: Seat[];

  const id = () => room.evaluationId;
  const seqNow = async () => (await snapshotOf(supervisor, id())).seq;
  const sheet = (seat: Seat, bidId: string, share = 0.8, eventId?: string) =>
    room.signed(
      seat,
      'evaluation:score',
      scoreSheet(id(), seat.memberId, bidId, scoresAt(plan, share)),
      eventId,
    );

  before(async () => {
    server = await startTestServer({ seedDemo: false });
    clients = new SocketClients(server.baseUrl);
    scene = await evaluationScene(server.testPlatform, { bidders: 4 });
    plan = scene.section.evaluationPlan as typeof plan;
    room = await Committee.open(scene, clients);
    supervisor = await clients.connect(scene.supervisor.token, '/evaluation');
    agency = await clients.connect(scene.agency.token, '/evaluation');
    bidder = await clients.connect(scene.bids[0]!.bidder.user.token, '/evaluation');
    await snapshotOf(supervisor, id());
    await snapshotOf(agency, id());
  });

  after(async () => {
    clients?.closeAll();
    await server?.stop();
  });

  it('replaces a member who declares a conflict, voids them, and seats the redrawn expert', async () => {
    const names = (await room.snapshot(room.leader)).bids.map((b) => b.bidderName);
    const [first, second, third, fourth, fifth] = room.seats;
    for (const seat of [first!, second!, third!, fourth!])
      ok(await room.signed(seat, 'evaluation:declare', declaration(id(), seat.memberId, names)), 'declare');
    ok(
      await room.signed(
        fifth!,
        'evaluation:declare',
        declaration(id(), fifth!.memberId, names, { conflict: true }),
      ),
      'declare a conflict',
    );
    replaced = fifth!;
    assert.equal((await memberOf(scene.t, id(), replaced.user.userId)).state, 'replaced');
    refused(
      await call(replaced.socket, 'evaluation:join', { evaluationId: id() }),
      'MEMBER_REPLACED',
      'join',
    );

    // The draw seats a spare in the free seat; the expert confirms as usual and joins the committee.
    // Who was redrawn is the draw's secret until they answer: the invited spare is the one whose answer counts.
    const newcomer = await eventually('a redrawn expert invited and confirming', async () => {
      for (const spare of scene.spares) {
        const answer = await request(scene.t.app)
          .post(`/api/v1/expert-draws/${scene.drawId}/response`)
          .set(bearer(spare.token))
          .send({ decision: 'confirm' });
        if (answer.status === 200) return spare;
      }
      return null;
    });
    const member = await eventually('the redrawn expert on the committee', async () =>
      (await membersOf(scene.t, id())).find((m) => m.userId === newcomer.userId && m.state !== 'replaced'),
    );
    const socket = await clients.connect(newcomer.token, '/evaluation');
    const joined = await snapshotOf(socket, id());
    assert.equal(joined.you.memberId, member.id);
    const newSeat = { user: newcomer, memberId: member.id, socket };
    ok(await room.signed(newSeat, 'evaluation:declare', declaration(id(), member.id, names)), 'declare');
    seats = [first!, second!, third!, fourth!, newSeat];
    const other = scene.spares.find((s) => s !== newcomer)!;
    outsider = { user: other, socket: await clients.connect(other.token, '/evaluation') };
  });

  it('elects a leader and reviews every bid, step by step', async () => {
    for (const seat of seats)
      ok(await room.step(seat, 'evaluation:vote-leader', { candidateMemberId: seats[0]!.memberId }), 'vote');
    const formed = await room.snapshot(seats[0]!);
    assert.equal(formed.leaderMemberId, seats[0]!.memberId);
    assert.equal(formed.you.audience, 'leader');
    refused(await room.advance('review'), 'STEP_CHANGED', 'advance from a step the evaluation is not in');
    ok(await room.advance('forming'), 'to review');
    admitted = (await room.snapshot(seats[0]!)).bids.filter((b) => b.rejection === null).map((b) => b.bidId);
    for (const bidId of admitted)
      for (const seat of seats)
        ok(
          await room.signed(
            seat,
            'evaluation:review',
            reviewSheet(id(), seat.memberId, bidId, allPass(plan)),
          ),
          'review',
        );
    ok(await room.advance('review'), 'to clarification');
    ok(await room.advance('clarification'), 'to scoring');
    assert.equal((await room.snapshot(seats[0]!)).step, 'scoring');
  });

  it('pushes each step to the rooms: supervisors with actor and address, members without', async () => {
    const [, second] = seats;
    const toSupervisor = nextEvent<EvaluationLogEntry>(supervisor, 'evaluation:log');
    const toMember = nextEvent<EvaluationLogEntry>(seats[3]!.socket, 'evaluation:log');
    const toObserver = nextEvent<EvaluationLogEntry>(agency, 'evaluation:log');
    const ack = ok(await sheet(second!, admitted[0]!), 'sheet');
    const [supervised, member, observed] = await Promise.all([toSupervisor, toMember, toObserver]);
    assert.equal(supervised.seq, ack.seq);
    assert.equal(supervised.kind, 'sheet-submitted');
    assert.equal(supervised.actor?.userId, second!.user.userId);
    assert.ok(supervised.ip);
    assert.equal(member.seq, ack.seq);
    assert.equal(member.actor, undefined);
    assert.equal(member.ip, undefined);
    assert.equal(JSON.stringify(member.data).includes('scores'), false);
    assert.equal(observed.seq, ack.seq);
    assert.equal(observed.actor, undefined, 'observers do not learn who');
    assert.equal(observed.ip, undefined);
  });

  it('gives a member who drops mid-sheet everything acknowledged when it comes back with its lastSeq', async () => {
    const dropping = seats[2]!;
    ok(await sheet(dropping, admitted[0]!), 'first sheet');
    ok(await sheet(dropping, admitted[1]!), 'second sheet');
    const lastSeq = (await room.snapshot(dropping)).seq;
    dropping.socket.close();
    // The others go on while it is away.
    const during: number[] = [];
    for (const seat of [seats[0]!, seats[3]!]) during.push(ok(await sheet(seat, admitted[0]!), 'sheet').seq);

    dropping.socket = await clients.connect(dropping.user.token, '/evaluation');
    const back = await room.snapshot(dropping, lastSeq);
    assert.deepEqual(
      back.mySheets
        .filter((s) => s.kind === 'score')
        .map((s) => s.bidId)
        .sort(),
      [admitted[0]!, admitted[1]!].sort(),
    );
    assert.deepEqual(
      back.log.map((e) => e.seq),
      during,
      'the log after its cursor: exactly what happened while it was away',
    );
    assert.equal(back.truncated, false);
    assert.equal(back.seq, during.at(-1));
  });

  it('answers a retried event id with its first answer and writes nothing', async () => {
    const seat = seats[1]!;
    const eventId = randomUUID();
    const first = ok(await sheet(seat, admitted[1]!, 0.8, eventId), 'sheet');
    const before = await seqNow();
    const again = ok(await sheet(seat, admitted[1]!, 0.8, eventId), 'retry');
    assert.deepEqual(again, { ...first, replayed: true });
    // Even a retry with another body under the same id is the first step's answer, never a second step.
    const changed = ok(await sheet(seat, admitted[1]!, 0.5, eventId), 'retry with other scores');
    assert.equal(changed.replayed, true);
    assert.equal(await seqNow(), before);
    const mine = (await room.snapshot(seat)).mySheets.find(
      (s) => s.kind === 'score' && s.bidId === admitted[1],
    );
    assert.equal(mine?.version, 1);
    assert.deepEqual((mine?.payload as { scores: unknown }).scores, scoresAt(plan, 0.8));
  });

  it('refuses every event to everyone who may not send it, and changes nothing', async () => {
    const before = await seqNow();
    const someBid = admitted[0]!;
    const inputs = async (who: {
      user: CommitteeUser | { keys?: undefined };
      memberId: string;
    }): Promise<Record<string, unknown>> => {
      const signer = 'keys' in who.user && who.user.keys ? (who.user as CommitteeUser) : null;
      const signed = async (payload: { evaluationId: string }) =>
        signer
          ? signedInput(signer, payload)
          : {
              evaluationId: id(),
              eventId: randomUUID(),
              payload,
              signature: 'AAAA',
              certificateSerial: 'ab',
            };
      return {
        'evaluation:declare': await signed(declaration(id(), who.memberId, ['x'])),
        'evaluation:vote-leader': {
          evaluationId: id(),
          eventId: randomUUID(),
          candidateMemberId: seats[0]!.memberId,
        },
        'evaluation:review': await signed(reviewSheet(id(), who.memberId, someBid, allPass(plan))),
        'evaluation:score': await signed(scoreSheet(id(), who.memberId, someBid, scoresAt(plan, 0.5))),
        'evaluation:advance': { evaluationId: id(), eventId: randomUUID(), from: 'scoring' },
        'evaluation:clarify': {
          evaluationId: id(),
          eventId: randomUUID(),
          bidId: someBid,
          question: '请说明工期安排',
          answerDeadline: new Date(scene.t.clock.now().getTime() + 3600_000).toISOString(),
        },
        'evaluation:time-short': { evaluationId: id(), eventId: randomUUID() },
      };
    };
    const stranger = { keys: undefined };
    const cases: {
      who: string;
      socket: Socket;
      input: Record<string, unknown>;
      join: string | null;
      step: string;
    }[] = [
      {
        who: 'bidder',
        socket: bidder,
        input: await inputs({ user: stranger, memberId: randomUUID() }),
        join: 'NOT_FOUND',
        step: 'FORBIDDEN',
      },
      {
        who: 'supervisor',
        socket: supervisor,
        input: await inputs({ user: stranger, memberId: randomUUID() }),
        join: null,
        step: 'FORBIDDEN',
      },
      {
        who: 'agency',
        socket: agency,
        input: await inputs({ user: stranger, memberId: randomUUID() }),
        join: null,
        step: 'FORBIDDEN',
      },
      {
        who: 'an expert not on the committee',
        socket: outsider.socket,
        input: await inputs({ user: outsider.user, memberId: randomUUID() }),
        join: 'NOT_FOUND',
        step: 'NOT_FOUND',
      },
      {
        who: 'the replaced member',
        socket: replaced.socket,
        input: await inputs(replaced),
        join: 'MEMBER_REPLACED',
        step: 'MEMBER_REPLACED',
      },
    ];
    for (const c of cases) {
      const joined = await call(c.socket, 'evaluation:join', { evaluationId: id() });
      if (c.join === null) ok(joined, `${c.who} joining`);
      else refused(joined, c.join, `${c.who} joining`);
      for (const [event, input] of Object.entries(c.input))
        refused(await call(c.socket, event, input), c.step, `${event} by ${c.who}`);
    }
    assert.equal(await seqNow(), before, 'nothing was logged');
  });

  it('runs on to the result', async () => {
    for (const bidId of admitted)
      for (const seat of seats) {
        const mine = (await room.snapshot(seat)).mySheets.some(
          (s) => s.kind === 'score' && s.bidId === bidId,
        );
        if (!mine) ok(await sheet(seat, bidId, 0.7 + admitted.indexOf(bidId) * 0.05), 'sheet');
      }
    ok(await room.advance('scoring'), 'to ranking');
    const ranking = (await room.snapshot(seats[0]!)).ranking!;
    assert.equal(ranking.length, admitted.length);
    ok(await room.advance('ranking'), 'to concluded');
    const observed = await snapshotOf(agency, id());
    assert.equal(observed.step, 'concluded');
    assert.deepEqual(
      observed.result?.candidates.map((c) => c.bidId),
      ranking.slice(0, 3).map((r) => r.bidId),
    );
    // An advance from a step already left moves nothing on.
    const before = await seqNow();
    refused(await room.advance('ranking'), 'STEP_CHANGED', 'advance from a step already left');
    assert.equal((await snapshotOf(agency, id())).step, 'concluded');
    assert.equal(await seqNow(), before);
  });
});
