import { randomUUID } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import { AppError, unauthenticated, validationError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { Realtime } from '../../platform/realtime.js';
import type { Audience } from './kinds.js';
import type { HallEvent } from './models.js';
import type { HallBroadcaster } from './relay.js';
import { answerSchema, checkInSchema, joinSchema, leaveSchema, objectionSchema } from './schemas.js';
import type { HallService, Recorded } from './service.js';
import { audienceOf, progressView, type HallSnapshots } from './snapshot.js';
import type { OpeningProgressSource } from './progress.js';
import { toAuthorWire, toWire } from './views.js';

export const HALL_NAMESPACE = '/opening';
/** Anonymous, read-only: it has no handler that changes anything. */
export const PUBLIC_HALL_NAMESPACE = '/opening-public';
const MAX_HALLS_PER_SOCKET = 10;

type Ack = (answer: unknown) => void;
const room = (tenderId: string, audience: Audience) => `hall:${tenderId}:${audience}`;

/**
 * The opening hall on Socket.IO. Signed-in users connect to `/opening` with their session token (Realtime
 * checks it, ends the socket with the session); the public connects to `/opening-public` without one. Each
 * joins a tender's room for its audience; steps are authorized per event, stored and audited, and only then
 * broadcast and acknowledged.
 */
export class HallGateway implements HallBroadcaster {
  private readonly authed: Namespace;
  private readonly open: Namespace;
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
    this.authed = realtime.namespace(HALL_NAMESPACE);
    this.open = realtime.io.of(PUBLIC_HALL_NAMESPACE);
    this.authed.on('connection', (socket) => this.onConnection(socket, socket.data.actor as Actor));
    this.open.on('connection', (socket) => this.onConnection(socket, null));
  }

  private onConnection(socket: Socket, actor: Actor | null): void {
    const on = <S extends z.ZodType>(
      name: string,
      schema: S,
      work: (input: z.output<S>) => Promise<object>,
    ) =>
      socket.on(name, (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        void this.answer(ack as Ack, async () => {
          const parsed = schema.safeParse(payload);
          if (!parsed.success) throw validationError(parsed.error);
          return work(parsed.data);
        });
      });
    on('hall:join', joinSchema, async ({ tenderId, lastSeq }) => {
      const tender = await this.deps.service.tender(tenderId);
      const halls = [...socket.rooms].filter(
        (r) => r.startsWith('hall:') && !r.startsWith(`hall:${tenderId}:`),
      );
      if (halls.length >= MAX_HALLS_PER_SOCKET)
        throw new AppError(429, 'HALL_TOO_MANY', 'Too many halls open');
      await socket.join(room(tenderId, audienceOf(actor)));
      return { snapshot: await this.deps.snapshots.build(actor, tender, lastSeq ?? 0) };
    });
    on('hall:leave', leaveSchema, async ({ tenderId }) => {
      await socket.leave(room(tenderId, audienceOf(actor)));
      return {};
    });
    if (!actor) {
      // The public namespace only watches; say so rather than leave a step unanswered.
      for (const name of ['hall:check-in', 'hall:objection', 'hall:answer']) {
        socket.on(name, (_payload: unknown, ack: unknown) => {
          if (typeof ack === 'function')
            void this.answer(ack as Ack, () => Promise.reject(unauthenticated()));
        });
      }
      return;
    }
    const ctx = (): RequestContext => ({ actor, ip: this.ipOf(socket), requestId: `ws-${randomUUID()}` });
    const step = (recorded: Recorded) => {
      // Stored and committed: now everyone hears of it (a replay was broadcast the first time).
      if (!recorded.replayed) this.event(recorded.event);
      return { event: toAuthorWire(recorded.event, audienceOf(actor), actor), replayed: recorded.replayed };
    };
    on('hall:check-in', checkInSchema, async ({ tenderId, eventId }) =>
      step(await this.deps.service.checkIn(ctx(), tenderId, eventId)),
    );
    on('hall:objection', objectionSchema, async ({ tenderId, eventId, text }) =>
      step(await this.deps.service.raiseObjection(ctx(), tenderId, eventId, text)),
    );
    on('hall:answer', answerSchema, async ({ tenderId, eventId, objectionId, text }) =>
      step(await this.deps.service.answerObjection(ctx(), tenderId, eventId, objectionId, text)),
    );
  }

  event(event: HallEvent): void {
    const supervised = toWire(event, 'supervisor', null);
    this.authed.to(room(event.tenderId, 'supervisor')).emit('hall:event', supervised);
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

  private async answer(ack: Ack, work: () => Promise<object>): Promise<void> {
    try {
      ack({ ok: true, ...(await work()) });
    } catch (err) {
      if (err instanceof AppError) {
        ack({ ok: false, error: { code: err.code, message: err.message, details: err.details } });
        return;
      }
      // Nothing was committed (or it is unknown): the client retries with the same event id, safely.
      this.deps.log.error({ err }, 'opening hall event failed');
      ack({ ok: false, error: { code: 'HALL_UNAVAILABLE', message: 'Not recorded; try again' } });
    }
  }

  private ipOf(socket: Socket): string {
    const forwarded = socket.handshake.headers['x-forwarded-for'];
    const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
    return ((this.deps.trustProxy && first) || socket.handshake.address || 'unknown').slice(0, 64);
  }
}
