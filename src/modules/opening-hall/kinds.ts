/**
 * What happens in the opening hall. The hall's own steps (check-in, objection, answer) are made by people
 * through the hall; the `opening.*` steps are the opening module's domain events, relayed in order.
 */
export const HALL_EVENT_KINDS = [
  'check-in',
  'objection',
  'answer',
  'opening.started',
  'opening.share-released',
  'opening.share-wrong',
  'opening.bidder-key-submitted',
  'opening.bid-settled',
  'opening.section-failed',
  'opening.record-published',
  'opening.completed',
] as const;
export type HallEventKind = (typeof HALL_EVENT_KINDS)[number];

/** A bid as the hall names it before the record: its place among its section's bids, never its bidder. */
export interface BidRef {
  sectionId: string;
  /** 1-based, in an order that says nothing about the bidder (the bid ids' order). */
  number: number;
  of: number;
}

/**
 * Each kind's data as stored. Fields under `private` (bidder names, bid ids) reach supervisors only;
 * the rest is public once the event is.
 */
export interface HallEventData {
  'check-in': { private: { partyId: string; partyName: string } };
  objection: { text: string; private: { partyId: string; partyName: string } };
  answer: { objectionId: string; text: string };
  'opening.started': Record<string, never>;
  'opening.share-released': { position: number };
  'opening.share-wrong': { position: number; bid: BidRef | null; private: { bidId: string } };
  /** A bidder sent its own content key (EB Art.30): which numbered bid, and whether the key checked. */
  'opening.bidder-key-submitted': { valid: boolean; bid: BidRef | null; private: { bidId: string } };
  'opening.bid-settled': { outcome: string; bid: BidRef | null; private: { bidId: string } };
  'opening.section-failed': { sectionId: string };
  'opening.record-published': { sectionId: string };
  'opening.completed': { status: string };
}

/** Who looks at the hall: what each sees is decided by the server, per event (docs/design.md §7). */
export type Audience = 'public' | 'supervisor';

/** An event as a client receives it. */
export interface HallWireEvent {
  tenderId: string;
  /** The reader's cursor: every event's number for supervisors, the public number for everyone else. */
  seq: number;
  id: string;
  kind: HallEventKind;
  at: string;
  data: Record<string, unknown>;
  /** True on the reader's own check-in or objection. */
  mine?: boolean;
  /** Supervisors only: who did it and from where. */
  actor?: { userId: string | null; role: string | null; partyId: string | null; name: string | null };
  ip?: string | null;
}
