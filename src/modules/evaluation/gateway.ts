import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { EvaluationCalls, EvaluationServerEvents } from '../../contracts/evaluation.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import { socketEventsFor, type Realtime, type RealtimeNamespace } from '../../platform/realtime/index.js';
import type { Evaluation, EvaluationLogEntry } from './models.js';
import {
  advanceSchema,
  clarifySchema,
  declareSchema,
  joinSchema,
  leaveSchema,
  reviewSchema,
  scoreSchema,
  timeShortSchema,
  voteLeaderSchema,
} from './schemas.js';
import type { LogFeed } from './scoring.js';
import { logEntryFor, type Audience, type EvaluationSnapshot } from './snapshot.js';

export const EVALUATION_NAMESPACE = '/evaluation';
/** A client watches a few evaluations at most (a member of two sections, a supervisor's screens). */
const MAX_EVALUATIONS_PER_SOCKET = 10;
const AUDIENCES: readonly Audience[] = ['member', 'leader', 'supervisor', 'observer'];
/** Reads of the snapshot one join may take to catch a step committed while it joined the room. */
const MAX_JOIN_ROUNDS = 3;

/** One room per evaluation and audience: what is pushed to it is what that audience may see. */
export const evaluationRoom = (evaluationId: string, audience: Audience) =>
  `evaluation:${evaluationId}:${audience}`;
const evaluationOfRoom = (room: string): string | null => /^evaluation:([^:]+):/.exec(room)?.[1] ?? null;

type StepResult = { seq: number; replayed: boolean };
type Input<S extends z.ZodType> = z.output<S>;

/** What the gateway asks of the module's facade (service.ts); every answer comes from the database. */
export interface EvaluationFacade {
  join(actor: Actor, evaluationId: string, lastSeq?: number): Promise<EvaluationSnapshot>;
  /** The number of the evaluation's last step. */
  lastSeq(evaluationId: string): Promise<number>;
  declare(ctx: RequestContext, input: Input<typeof declareSchema>): Promise<StepResult>;
  voteLeader(ctx: RequestContext, input: Input<typeof voteLeaderSchema>): Promise<StepResult>;
  review(ctx: RequestContext, input: Input<typeof reviewSchema>): Promise<StepResult>;
  score(ctx: RequestContext, input: Input<typeof scoreSchema>): Promise<StepResult>;
  advance(ctx: RequestContext, input: Input<typeof advanceSchema>): Promise<StepResult>;
  clarify(ctx: RequestContext, input: Input<typeof clarifySchema>): Promise<StepResult>;
  timeShort(ctx: RequestContext, input: Input<typeof timeShortSchema>): Promise<StepResult>;
}

export interface EvaluationGatewayDeps {
  service: EvaluationFacade;
  /** The evaluation log (log.ts): the gateway hears of each committed step through it. */
  log: LogFeed;
  trustProxy: boolean;
}

const evaluationEvent = socketEventsFor<EvaluationCalls>();
/** Committee members are drawn experts and the tenderee's representatives (users of the tenderee party). */
const COMMITTEE: ('expert' | 'tenderee')[] = ['expert', 'tenderee'];

/**
 * The evaluation room on Socket.IO (`/evaluation`, docs/domain.md §5). Each step is authorized by role here
 * and by membership in the service, committed with its numbered log entry, and only then acknowledged; the
 * entry then goes to the evaluation's rooms as each audience may see it; the entry is also the nudge on which
 * clients ask `evaluation:join` with their lastSeq for a fresh snapshot (one write per socket and step, not two:
 * with 500 watchers in a room the writes are the cost). Nothing here is kept in memory
 * that another node would need: rooms are Socket.IO's (the Redis adapter spreads them), answers the database's.
 */
export class EvaluationGateway {
  readonly ns: RealtimeNamespace<EvaluationServerEvents>;

  constructor(
    realtime: Realtime,
    private readonly deps: EvaluationGatewayDeps,
  ) {
    this.ns = realtime.namespace<EvaluationServerEvents>(EVALUATION_NAMESPACE);
    realtime.serve(this.ns, this.events(), {
      trustProxy: deps.trustProxy,
      // Nothing was committed, or it is unknown: the client retries with the same event id, safely.
      unavailable: {
        code: 'EVALUATION_UNAVAILABLE',
        message: 'Not recorded; try again with the same eventId',
      },
    });
    deps.log.onLogged((entry, evaluation) => this.logged(entry, evaluation));
  }

  private events() {
    const { service } = this.deps;
    return [
      evaluationEvent({
        name: 'evaluation:join',
        access: 'authenticated',
        schema: joinSchema,
        handler: async ({ data: { evaluationId, lastSeq }, actor, socket }) => {
          const joined = new Set(
            [...socket.rooms].map(evaluationOfRoom).filter((id) => id && id !== evaluationId),
          );
          if (joined.size >= MAX_EVALUATIONS_PER_SOCKET)
            throw new AppError(429, 'EVALUATION_TOO_MANY', 'Too many evaluations open on this connection');
          let snapshot = await service.join(actor, evaluationId, lastSeq);
          for (let round = 1; ; round++) {
            // The audience may have changed since the last join (elected leader): one room, the current one.
            await moveToRoom(socket, evaluationId, snapshot.you.audience);
            // A step committed between the read and the room's join was pushed before this socket was in the
            // room: read again, now that every later step reaches it. A room stepping faster than that is
            // caught up by the client on the next push.
            if (round === MAX_JOIN_ROUNDS || (await service.lastSeq(evaluationId)) <= snapshot.seq)
              return { snapshot };
            snapshot = await service.join(actor, evaluationId, lastSeq);
          }
        },
      }),
      evaluationEvent({
        name: 'evaluation:leave',
        access: 'authenticated',
        schema: leaveSchema,
        handler: async ({ data: { evaluationId }, socket }) => {
          await leaveRooms(socket, evaluationId);
          return {};
        },
      }),
      evaluationEvent({
        name: 'evaluation:declare',
        access: COMMITTEE,
        schema: declareSchema,
        handler: ({ data, ctx }) => service.declare(ctx, data),
      }),
      evaluationEvent({
        name: 'evaluation:vote-leader',
        access: COMMITTEE,
        schema: voteLeaderSchema,
        handler: ({ data, ctx }) => service.voteLeader(ctx, data),
      }),
      evaluationEvent({
        name: 'evaluation:review',
        access: COMMITTEE,
        schema: reviewSchema,
        handler: ({ data, ctx }) => service.review(ctx, data),
      }),
      evaluationEvent({
        name: 'evaluation:score',
        access: COMMITTEE,
        schema: scoreSchema,
        handler: ({ data, ctx }) => service.score(ctx, data),
      }),
      evaluationEvent({
        name: 'evaluation:advance',
        access: COMMITTEE,
        schema: advanceSchema,
        handler: ({ data, ctx }) => service.advance(ctx, data),
      }),
      evaluationEvent({
        name: 'evaluation:clarify',
        access: COMMITTEE,
        schema: clarifySchema,
        handler: ({ data, ctx }) => service.clarify(ctx, data),
      }),
      evaluationEvent({
        name: 'evaluation:time-short',
        access: COMMITTEE,
        schema: timeShortSchema,
        handler: ({ data, ctx }) => service.timeShort(ctx, data),
      }),
    ];
  }

  /** A committed step: the entry to each audience's room as it may see it. */
  private logged(entry: EvaluationLogEntry, evaluation: Pick<Evaluation, 'id'>): void {
    const id = evaluation.id;
    this.ns.to(evaluationRoom(id, 'supervisor')).emit('evaluation:log', logEntryFor(entry, 'supervisor'));
    const others = AUDIENCES.filter((a) => a !== 'supervisor').map((a) => evaluationRoom(id, a));
    this.ns.to(others).emit('evaluation:log', logEntryFor(entry, 'member'));
  }
}

/** Into the audience's room, then out of the others: never out of all of them, not even for a moment. */
async function moveToRoom(socket: Socket, evaluationId: string, audience: Audience): Promise<void> {
  await socket.join(evaluationRoom(evaluationId, audience));
  for (const other of AUDIENCES)
    if (other !== audience) await socket.leave(evaluationRoom(evaluationId, other));
}

async function leaveRooms(socket: Socket, evaluationId: string): Promise<void> {
  for (const audience of AUDIENCES) await socket.leave(evaluationRoom(evaluationId, audience));
}
