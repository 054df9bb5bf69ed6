import type { z } from 'zod';
import type {
  answerSchema,
  checkInSchema,
  hallBidView,
  hallEventView,
  hallProgressMessage,
  hallProgressView,
  hallSnapshotView,
  joinSchema,
  leaveSchema,
  objectionSchema,
} from '../modules/opening-hall/schemas.js';
import type { ClientEventsOf, ServerEventsOf, SocketAnswer } from '../platform/realtime/wire.js';

export type HallEvent = z.output<typeof hallEventView>;
export type HallBid = z.output<typeof hallBidView>;
export type HallProgress = z.output<typeof hallProgressView>;
export type HallSection = HallProgress['sections'][number];
export type HallSnapshot = z.output<typeof hallSnapshotView>;
export type HallObjection = HallSnapshot['objections'][number];
export type HallProgressMessage = z.output<typeof hallProgressMessage>;

/** A hall step's answer: the stored event as its author sees it, and whether it was a retry of a stored one. */
export interface HallStepResult {
  event: HallEvent;
  replayed: boolean;
}

/** The opening hall's client→server events (`/opening`; `/opening-public` answers the steps UNAUTHENTICATED). */
export interface HallCalls {
  'hall:join': { input: z.input<typeof joinSchema>; result: { snapshot: HallSnapshot } };
  'hall:leave': { input: z.input<typeof leaveSchema>; result: Record<never, never> };
  'hall:check-in': { input: z.input<typeof checkInSchema>; result: HallStepResult };
  'hall:objection': { input: z.input<typeof objectionSchema>; result: HallStepResult };
  'hall:answer': { input: z.input<typeof answerSchema>; result: HallStepResult };
}
export type HallStep = 'hall:check-in' | 'hall:objection' | 'hall:answer';
export type HallAnswer<N extends keyof HallCalls> = SocketAnswer<HallCalls[N]['result']>;

/** What the hall pushes to the sockets in a tender's room. */
export interface HallPushes {
  'hall:event': HallEvent;
  'hall:progress': HallProgressMessage;
}

/** Socket.IO's typed maps for both ends: `Socket<HallServerEvents, HallClientEvents>` in the browser. */
export type HallClientEvents = ClientEventsOf<HallCalls>;
export type HallServerEvents = ServerEventsOf<HallPushes>;
