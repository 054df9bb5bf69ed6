import type { HallCalls, HallServerEvents } from '../../contracts/opening-hall.js';
import type { Actor } from '../../platform/auth/roles.js';
import { AppError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import {
  rooms,
  socketEventsFor,
  type Realtime,
  type RealtimeNamespace,
} from '../../platform/realtime/index.js';
import type { Audience } from './kinds.js';
import type { HallEvent } from './models.js';
import type { OpeningProgressSource } from './progress.js';
import type { HallBroadcaster } from './relay.js';
import { answerSchema, checkInSchema, joinSchema, leaveSchema, objectionSchema } from './schemas.js';
import type { HallService, Recorded } from './service.js';
import { audienceOf, progressView, type HallSnapshots } from './snapshot.js';
import { toAuthorWire, toWire } from './views.js';

export const HALL_NAMESPACE = '/opening';
/** Anonymous, read-only: its steps are all refused UNAUTHENTICATED. */
export const PUBLIC_HALL_NAMESPACE = '/opening-public';
const MAX_HALLS_PER_SOCKET = 10;

const room = (tenderId: string, audience: Audience) => rooms.tender(tenderId, audience);
const hallEvent = socketEventsFor<HallCalls>();

/**
 * The opening hall on Socket.IO. Signed-in users connect to `/opening` with their session token (Realtime
 * checks it, ends the socket with the session); the public connects to `/opening-public` without one. Each
 * joins a tender's room for its audience; steps are authorized per event, stored and audited, and only then
 * broadcast and acknowledged (the realtime kit acknowledges once the handler's promise resolves).
 */
export class HallGateway implements HallBroadcaster {
  private readonly authed: RealtimeNamespace<HallServerEvents>;
  private readonly open: RealtimeNamespace<HallServerEvents>;
  private readonly refreshing = new Map<string, boolean>();

  constructor(
    realtime: Realtime,
    private readonly deps: {
      service: HallService;
      snapshots: HallSnapshots;
      opening: OpeningProgressSource;
      log: Logger;
      trustProxy: boolean;
    },
  ) {
    this.authed = realtime.namespace<HallServerEvents>(HALL_NAMESPACE);
    this.open = realtime.publicNamespace<HallServerEvents>(PUBLIC_HALL_NAMESPACE);
    const events = this.events();
    const options = {
      trustProxy: deps.trustProxy,
      // Nothing was committed (or it is unknown): the client retries with the same event id, safely.
      unavailable: { code: 'HALL_UNAVAILABLE', message: 'Not recorded; try again' },
    };
    realtime.serve(this.authed, events, options);
    realtime.serve(this.open, events, options);
  }

  private events() {
    const { service, snapshots } = this.deps;
    const step = (recorded: Recorded, actor: Actor) => {
      // Stored and committed: now everyone hears of it (a replay was broadcast the first time).
      if (!recorded.replayed) this.event(recorded.event);
      return { event: toAuthorWire(recorded.event, audienceOf(actor), actor), replayed: recorded.replayed };
    };
    return [
      hallEvent({
        name: 'hall:join',
        access: 'public',
        schema: joinSchema,
        handler: async ({ data: { tenderId, lastSeq }, actor, socket }) => {
          const tender = await service.tender(tenderId);
          const others = new Set([...socket.rooms].map(rooms.tenderOf).filter((t) => t && t !== tenderId));
          if (others.size >= MAX_HALLS_PER_SOCKET)
            throw new AppError(429, 'HALL_TOO_MANY', 'Too many halls open');
          await socket.join(room(tenderId, audienceOf(actor)));
          return { snapshot: await snapshots.build(actor, tender, lastSeq ?? 0) };
        },
      }),
      hallEvent({
        name: 'hall:leave',
        access: 'public',
        schema: leaveSchema,
        handler: async ({ data: { tenderId }, actor, socket }) => {
          await socket.leave(room(tenderId, audienceOf(actor)));
          return {};
        },
      }),
      hallEvent({
        name: 'hall:check-in',
        access: ['bidder'],
        schema: checkInSchema,
        handler: async ({ data: { tenderId, eventId }, actor, ctx }) =>
          step(await service.checkIn(ctx, tenderId, eventId), actor),
      }),
      hallEvent({
        name: 'hall:objection',
        access: ['bidder'],
        schema: objectionSchema,
        handler: async ({ data: { tenderId, eventId, text }, actor, ctx }) =>
          step(await service.raiseObjection(ctx, tenderId, eventId, text), actor),
      }),
      hallEvent({
        name: 'hall:answer',
        access: ['tenderee', 'agency'],
        schema: answerSchema,
        handler: async ({ data: { tenderId, eventId, objectionId, text }, actor, ctx }) =>
          step(await service.answerObjection(ctx, tenderId, eventId, objectionId, text), actor),
      }),
    ];
  }

  event(event: HallEvent): void {
    const supervised = toWire(event, 'supervisor', null);
    if (supervised) this.authed.to(room(event.tenderId, 'supervisor')).emit('hall:event', supervised);
    const visible = toWire(event, 'public', null);
    if (!visible) return;
    for (const ns of [this.authed, this.open])
      ns.to(room(event.tenderId, 'public')).emit('hall:event', visible);
  }

  /** Sends the fresh progress; while one is being read, later calls coalesce into one more read. */
  progress(tenderId: string): void {
    if (this.refreshing.has(tenderId)) {
      this.refreshing.set(tenderId, true);
      return;
    }
    this.refreshing.set(tenderId, false);
    void this.sendProgress(tenderId)
      .catch((err: unknown) => this.deps.log.error({ err, tenderId }, 'hall progress failed'))
      .finally(() => {
        const again = this.refreshing.get(tenderId);
        this.refreshing.delete(tenderId);
        if (again) this.progress(tenderId);
      });
  }

  private async sendProgress(tenderId: string): Promise<void> {
    const progress = await this.deps.opening.progress(tenderId);
    const forSupervisors = { tenderId, opening: progressView(progress, 'supervisor') };
    this.authed.to(room(tenderId, 'supervisor')).emit('hall:progress', forSupervisors);
    const forPublic = { tenderId, opening: progressView(progress, 'public') };
    for (const ns of [this.authed, this.open])
      ns.to(room(tenderId, 'public')).emit('hall:progress', forPublic);
  }
}
