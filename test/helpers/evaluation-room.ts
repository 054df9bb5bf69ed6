import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { bearer } from './api.js';
import type { EvaluationSnapshot } from '../../src/contracts/evaluation.js';
import {
  allPass,
  call,
  declaration,
  evaluationOf,
  memberOf,
  reviewSheet,
  scoresAt,
  scoreSheet,
  sign,
  signedInput,
  type Ack,
  type CommitteeUser,
  type EvaluationScene,
} from './evaluation.js';
import type { SocketClients } from './sockets.js';

/*
 * A committee driven over real sockets, the way members' browsers do it: each member on its own connection to
 * `/evaluation`, every step signed by the member's own key and acknowledged after commit.
 */

export interface Seat {
  user: CommitteeUser;
  memberId: string;
  socket: Socket;
}

export type StepAck = Ack<{ seq: number; replayed: boolean }>;

/** The acknowledgement must be a success; its answer fields. */
export function ok<T>(ack: Ack<T>, what = 'the call'): T & { ok: true } {
  if (!ack.ok) assert.fail(`${what} failed: ${ack.error.code} ${ack.error.message}`);
  return ack;
}

/** The acknowledgement must be this error. */
export function refused(ack: Ack<unknown>, code: string, what = 'the call'): void {
  if (ack.ok) assert.fail(`${what} succeeded, ${code} expected`);
  assert.equal(ack.error.code, code, `${what}: ${ack.error.message}`);
}

export async function snapshotOf(socket: Socket, evaluationId: string, lastSeq?: number) {
  const ack = await call<{ snapshot: EvaluationSnapshot }>(socket, 'evaluation:join', {
    evaluationId,
    ...(lastSeq !== undefined && { lastSeq }),
  });
  return ok(ack, 'evaluation:join').snapshot;
}

export class Committee {
  private constructor(
    readonly scene: EvaluationScene,
    readonly evaluationId: string,
    readonly seats: Seat[],
  ) {}

  /** Every drawn expert connected and in the room. */
  static async open(scene: EvaluationScene, clients: SocketClients): Promise<Committee> {
    const evaluation = await evaluationOf(scene.t, scene.tender.id, scene.section.id);
    const seats: Seat[] = [];
    for (const user of scene.experts) {
      const member = await memberOf(scene.t, evaluation.id, user.userId);
      const socket = await clients.connect(user.token, '/evaluation');
      seats.push({ user, memberId: member.id, socket });
    }
    const committee = new Committee(scene, evaluation.id, seats);
    for (const seat of seats) await snapshotOf(seat.socket, evaluation.id);
    return committee;
  }

  get leader(): Seat {
    return this.seats[0]!;
  }

  snapshot(seat: Seat | Socket, lastSeq?: number) {
    return snapshotOf('socket' in seat ? seat.socket : seat, this.evaluationId, lastSeq);
  }

  step(seat: Seat, event: string, input: Record<string, unknown>): Promise<StepAck> {
    return call(seat.socket, event, { evaluationId: this.evaluationId, eventId: randomUUID(), ...input });
  }

  async signed(
    seat: Seat,
    event: string,
    payload: { evaluationId: string },
    eventId?: string,
  ): Promise<StepAck> {
    return call(seat.socket, event, await signedInput(seat.user, payload, eventId));
  }

  async declareAll(): Promise<void> {
    const names = (await this.snapshot(this.leader)).bids.map((b) => b.bidderName);
    for (const seat of this.seats)
      ok(
        await this.signed(seat, 'evaluation:declare', declaration(this.evaluationId, seat.memberId, names)),
        'declare',
      );
  }

  /** Everyone votes for the first seat. */
  async electLeader(): Promise<void> {
    for (const seat of this.seats)
      ok(
        await this.step(seat, 'evaluation:vote-leader', { candidateMemberId: this.leader.memberId }),
        'vote',
      );
  }

  async advance(from: string): Promise<StepAck> {
    return this.step(this.leader, 'evaluation:advance', { from });
  }

  /** Every member reviews every admitted bid: all pass, but those in `failing` fail on the first criterion. */
  async reviewAll(failing: readonly string[] = []): Promise<void> {
    const snapshot = await this.snapshot(this.leader);
    const plan = snapshot.plan as { criteria: { key: string; kind: string }[] };
    const passing = allPass(plan);
    const firstKey = Object.keys(passing)[0]!;
    for (const bid of snapshot.bids.filter((b) => b.rejection === null)) {
      const verdicts = failing.includes(bid.bidId)
        ? { ...passing, [firstKey]: { pass: false, reason: '营业执照已过期' } }
        : passing;
      for (const seat of this.seats)
        ok(
          await this.signed(
            seat,
            'evaluation:review',
            reviewSheet(this.evaluationId, seat.memberId, bid.bidId, verdicts),
          ),
          'review',
        );
    }
  }

  /** forming → review → clarification → scoring, with declarations, the election and the review. */
  async toScoring(failing: readonly string[] = []): Promise<void> {
    await this.declareAll();
    await this.electLeader();
    ok(await this.advance('forming'), 'advance from forming');
    await this.reviewAll(failing);
    ok(await this.advance('review'), 'advance from review');
    ok(await this.advance('clarification'), 'advance from clarification');
  }

  /** Every member scores every bid at `share` of each criterion's points; the leader concludes the ranking. */
  async scoreAllAndConclude(share = 0.8): Promise<void> {
    const plan = this.scene.section.evaluationPlan as Parameters<typeof scoresAt>[0];
    for (const bid of this.scene.bids)
      for (const seat of this.seats)
        ok(
          await this.signed(
            seat,
            'evaluation:score',
            scoreSheet(this.evaluationId, seat.memberId, bid.bidId, scoresAt(plan, share)),
          ),
          'score',
        );
    ok(await this.advance('scoring'), 'to ranking');
    ok(await this.advance('ranking'), 'conclude');
  }

  /** These members sign the current report, agreeing, over the REST API (as their browsers would). */
  async signReport(app: Express, seats: readonly Seat[]): Promise<void> {
    const path = `/api/v1/evaluations/${this.evaluationId}/report`;
    for (const seat of seats) {
      const report = (await request(app).get(path).set(bearer(seat.user.token)).expect(200)).body as {
        reportId: string;
        digest: string;
      };
      const payload = {
        type: 'yangguang.evaluation.report-signature/1',
        evaluationId: this.evaluationId,
        memberId: seat.memberId,
        reportId: report.reportId,
        digest: report.digest,
        agree: true,
        reasons: null,
      };
      await request(app)
        .post(`${path}/signatures`)
        .set(bearer(seat.user.token))
        .send({ payload, ...(await sign(seat.user, payload)) })
        .expect(201);
    }
  }
}
