import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../../api.js';
import { currentSession } from '../../session.js';
import type { HallEvent, HallProgress, HallSnapshot } from './hall-types.js';

export interface HallHandlers {
  snapshot(snapshot: HallSnapshot): void;
  event(event: HallEvent): void;
  progress(opening: HallProgress): void;
  connection(live: boolean): void;
}

interface Answer {
  ok: boolean;
  error?: { code: string; message: string };
  snapshot?: HallSnapshot;
  event?: HallEvent;
}

/**
 * One tender's hall over Socket.IO: signed in on `/opening` (the session token), otherwise on the public,
 * read-only `/opening-public`. On every (re)connect it joins with the last number it saw and gets the full
 * state back, so a dropped connection loses nothing.
 */
export class HallClient {
  private readonly socket: Socket;
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
    this.socket.on('hall:event', (event: HallEvent) => {
      if (event.tenderId !== tenderId) return;
      if (event.seq <= this.lastSeq) return; // already in the snapshot
      this.lastSeq = event.seq;
      handlers.event(event);
    });
    this.socket.on('hall:progress', (message: { tenderId: string; opening: HallProgress }) => {
      if (message.tenderId === tenderId) handlers.progress(message.opening);
    });
  }

  async join(): Promise<void> {
    const answer = await this.ask('hall:join', { tenderId: this.tenderId, lastSeq: this.lastSeq });
    const snapshot = answer.snapshot!;
    this.lastSeq = snapshot.seq;
    this.handlers.snapshot(snapshot);
    this.handlers.connection(true);
  }

  /** A step with its own id: a retry after a lost answer is the same step, never a second one. */
  async step(name: 'hall:check-in' | 'hall:objection' | 'hall:answer', payload: object): Promise<HallEvent> {
    const body = { tenderId: this.tenderId, eventId: crypto.randomUUID(), ...payload };
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.ask(name, body)).event!;
      } catch (err) {
        const retry = !(err instanceof ApiError) || err.code === 'HALL_UNAVAILABLE';
        if (!retry || attempt >= 3) throw err;
      }
    }
  }

  close(): void {
    this.socket.close();
  }

  private async ask(name: string, payload: object): Promise<Answer> {
    const answer = (await this.socket.timeout(10_000).emitWithAck(name, payload)) as Answer;
    if (!answer.ok) {
      const code = answer.error?.code ?? 'UNKNOWN';
      throw new ApiError(0, code, answer.error?.message ?? code, undefined, '');
    }
    return answer;
  }
}
