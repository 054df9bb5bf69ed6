/**
 * The realtime kit's wire format, as both ends see it. Types only, importing nothing, so the browser can take
 * them through src/contracts without a line of server code.
 */

/** A refused or failed event: `code` is stable (clients match on it), `message` is for people. */
export interface SocketError {
  code: string;
  message: string;
  /** Structured data, such as the failing fields of a VALIDATION_FAILED. */
  details?: unknown;
  /** The event's request id, also in the server's log and the audit chain. */
  requestId?: string;
}

/**
 * The acknowledgement of a client event, sent only once the handler's work is committed. On success the
 * handler's answer fields sit next to `ok` (the opening hall's clients read `answer.snapshot`, `answer.event`).
 */
export type SocketAnswer<R extends object> = ({ ok: true } & R) | { ok: false; error: SocketError };

/** One client→server event of a contract: what the client sends and what a success answers. */
export interface SocketCall<I = unknown, R extends object = object> {
  input: I;
  result: R;
}

/** A namespace's client→server events, by name (written as an interface: `C extends SocketCalls<C>`). */
export type SocketCalls<C = Record<string, SocketCall>> = { [N in keyof C]: SocketCall };

/** Socket.IO's listen/emit map for a contract's calls: `(payload, ack) => void` per event. */
export type ClientEventsOf<C extends SocketCalls<C>> = {
  [N in keyof C & string]: (
    payload: C[N]['input'],
    ack: (answer: SocketAnswer<C[N]['result']>) => void,
  ) => void;
};

/** The answer a client gets for one event of a contract. */
export type AnswerOf<C extends SocketCalls<C>, N extends keyof C> = SocketAnswer<C[N]['result']>;

/** A namespace's server→client events: one payload each, no acknowledgement. */
export type ServerEventsOf<E extends object> = {
  [N in keyof E & string]: (payload: E[N]) => void;
};
