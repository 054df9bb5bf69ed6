import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../../api.js';
import { currentSession } from '../../session.js';
import type {
  HallAnswer,
  HallCalls,
  HallClientEvents,
  HallEvent,
  HallProgress,
  HallServerEvents,
  HallSnapshot,
  HallStep,
} from './hall-types.js';

export interface HallHandlers {
  snapshot(snapshot: HallSnapshot): void;
  event(event: HallEvent): void;
  progress(opening: HallProgress | null): void;
  connection(live: boolean): void;
}

/**
 * One tender's hall over Socket.IO: signed in on `/opening` (the session token), otherwise on the public,
 * read-only `/opening-public`. On every (re)connect it joins with the last number it saw and gets the full
 * state back, so a dropped connection loses nothing.
 */
export class HallClient {
  private readonly socket: Socket<HallServerEvents, HallClientEvents>;
  private lastSeq = 0;

  constructor(
    private readonly tenderId: string,
    private readonly handlers: HallHandlers,
  ) {
    const token = currentSession()?.token;
    this.socket = io(token ? '/opening' : '/opening-public', {
      auth: token ? { token } : {},
      transports: ['websocket'],
    });
    this.socket.on('connect', () => void this.join());
    this.socket.on('disconnect', () => handlers.connection(false));
    this.socket.on('hall:event', (event) => {
      if (event.tenderId !== tenderId) return;
      if (event.seq <= this.lastSeq) return; // already in the snapshot
      // One went missing between (a recovered connection is the happy path only): the snapshot has it.
      if (event.seq > this.lastSeq + 1) return void this.join();
      this.lastSeq = event.seq;
      handlers.event(event);
    });
    this.socket.on('hall:progress', (message) => {
      if (message.tenderId === tenderId) handlers.progress(message.opening);
    });
  }

  async join(): Promise<void> {
    const answer = await this.ask('hall:join', { tenderId: this.tenderId, lastSeq: this.lastSeq });
    const { snapshot } = answer;
    this.handlers.connection(true);
    if (snapshot.seq < this.lastSeq) return; // a later push or join has already moved past it
    this.lastSeq = snapshot.seq;
    this.handlers.snapshot(snapshot);
  }

  /** A step with its own id: a retry after a lost answer is the same step, never a second one. */
  async step<N extends HallStep>(
    name: N,
    payload: Omit<HallCalls[N]['input'], 'tenderId' | 'eventId'>,
  ): Promise<HallEvent> {
    const body = {
      tenderId: this.tenderId,
      eventId: crypto.randomUUID(),
      ...payload,
    } as HallCalls[N]['input'];
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.ask(name, body)).event;
      } catch (err) {
        const retry = !(err instanceof ApiError) || err.code === 'HALL_UNAVAILABLE';
        if (!retry || attempt >= 3) throw err;
      }
    }
  }

  close(): void {
    this.socket.close();
  }

  private async ask<N extends keyof HallCalls>(name: N, payload: HallCalls[N]['input']) {
    // Socket.IO cannot narrow its typed emit by a generic name; the contract types the answer instead.
    const timed = this.socket.timeout(10_000);
    const emit = timed.emitWithAck.bind(timed) as (n: N, p: HallCalls[N]['input']) => Promise<HallAnswer<N>>;
    const answer = await emit(name, payload);
    if (!answer.ok) {
      const { code, message } = answer.error;
      throw new ApiError(0, code, message || code, undefined, answer.error.requestId ?? '');
    }
    return answer;
  }
}
