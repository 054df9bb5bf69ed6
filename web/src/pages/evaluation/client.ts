import { io, type Socket } from 'socket.io-client';
import { ApiError } from '../../api.js';
import { currentSession } from '../../session.js';
import type {
  EvaluationAnswer,
  EvaluationCalls,
  EvaluationClientEvents,
  EvaluationLogEntry,
  EvaluationServerEvents,
  EvaluationSnapshot,
} from './types.js';

/** The room's mutating calls: each carries a client-made eventId. */
export type StepName = Exclude<keyof EvaluationCalls, 'evaluation:join' | 'evaluation:leave'>;
export type StepInput<N extends StepName> = EvaluationCalls[N]['input'];

export interface RoomHandlers {
  snapshot(snapshot: EvaluationSnapshot): void;
  log(entry: EvaluationLogEntry): void;
  connection(live: boolean): void;
  failed(error: unknown): void;
}

/** An answer the server may not have recorded: the same eventId goes again once the connection is back. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true; // a timeout or a dropped connection
  return error.code === 'EVALUATION_UNAVAILABLE' || error.code === 'NETWORK';
}

/**
 * One evaluation over Socket.IO `/evaluation`, signed in with the session token. Every (re)connect and every
 * new `evaluation:log` entry asks `evaluation:join` with the last number seen: the answer is the whole state as this
 * user may see it plus the timeline entries after that number, so nothing is lost across a drop.
 */
export class RoomClient {
  private readonly socket: Socket<EvaluationServerEvents, EvaluationClientEvents>;
  private lastSeq = 0;
  private joining: Promise<void> | null = null;
  private joinAgain = false;
  private onConnectHooks: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly evaluationId: string,
    private readonly handlers: RoomHandlers,
  ) {
    this.socket = io('/evaluation', {
      auth: { token: currentSession()?.token ?? '' },
      transports: ['websocket'],
    });
    this.socket.on('connect', () => {
      void this.join().then(() => {
        for (const hook of this.onConnectHooks) hook();
      });
    });
    this.socket.on('disconnect', (reason) => {
      handlers.connection(false);
      // The server closed this connection (a restart, a balancer moving it): the client does not come back
      // on its own after that, so it asks again; an ended session is refused at the handshake instead.
      if (reason === 'io server disconnect' && !this.closed) setTimeout(() => this.socket.connect(), 1000);
    });
    this.socket.on('connect_error', (error) => {
      handlers.connection(false);
      // Refused by the server (the session ended): no automatic retry follows.
      if (!this.socket.active)
        handlers.failed(new ApiError(401, 'UNAUTHENTICATED', error.message, undefined, ''));
    });
    this.socket.on('evaluation:log', (entry) => {
      if (entry.evaluationId !== evaluationId) return;
      handlers.log(entry);
      // A step after the last one seen: the state changed, the fresh snapshot comes with the re-join.
      if (entry.seq > this.lastSeq) void this.join();
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Runs after each successful (re)join: the page resends what was not acknowledged. */
  whenJoined(hook: () => void): void {
    this.onConnectHooks.push(hook);
  }

  /** Joins (or re-joins) with the last seq seen; overlapping calls collapse into one more round. */
  join(): Promise<void> {
    if (this.joining) {
      this.joinAgain = true;
      return this.joining;
    }
    this.joining = (async () => {
      try {
        do {
          this.joinAgain = false;
          const { snapshot } = await this.ask('evaluation:join', {
            evaluationId: this.evaluationId,
            lastSeq: this.lastSeq,
          });
          if (snapshot.seq >= this.lastSeq) {
            // A capped timeline continues from its last entry in another round; the state is whole each time.
            const logTop = snapshot.log.at(-1)?.seq;
            this.lastSeq = snapshot.truncated && logTop !== undefined ? logTop : snapshot.seq;
            if (snapshot.truncated && logTop !== undefined) this.joinAgain = true;
            this.handlers.snapshot(snapshot);
          }
          this.handlers.connection(true);
        } while (this.joinAgain);
      } catch (error) {
        this.handlers.failed(error);
      } finally {
        this.joining = null;
      }
    })();
    return this.joining;
  }

  /** Sends one step as it is (its eventId included): a resend of the same input is the same step. */
  async send<N extends StepName>(name: N, input: StepInput<N>): Promise<EvaluationCalls[N]['result']> {
    if (!this.socket.connected) throw new ApiError(0, 'NETWORK', 'offline', undefined, '');
    return this.ask(name, input);
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }

  private async ask<N extends keyof EvaluationCalls>(name: N, payload: EvaluationCalls[N]['input']) {
    // Socket.IO cannot narrow its typed emit by a generic name; the contract types the answer instead.
    const timed = this.socket.timeout(10_000);
    const emit = timed.emitWithAck.bind(timed) as (
      n: N,
      p: EvaluationCalls[N]['input'],
    ) => Promise<EvaluationAnswer<N>>;
    const answer = await emit(name, payload);
    if (!answer.ok) {
      const { code, message, details, requestId } = answer.error;
      throw new ApiError(0, code, message || code, details, requestId ?? '');
    }
    return answer as EvaluationCalls[N]['result'];
  }
}
