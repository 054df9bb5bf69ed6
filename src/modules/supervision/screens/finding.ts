import { fenToYuanGrouped } from '../../../platform/money.js';

/*
 * What every screen shares: the facts it reads (uploads as the stream saw them, a section's opened prices)
 * and the finding it reports. A finding names its evidence by the stream's event numbers, so a supervisor
 * can open each event; its `identity` is what makes it this finding and no other (an address, a machine, a
 * section), so the same finding met again (an event replayed, a later bid) is recognised, never raised twice.
 */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The indicators of docs/domain.md §6 that the event stream supports today; each is a file here. */
export type IndicatorId =
  | 'same-device'
  | 'same-ip'
  | 'upload-cluster'
  | 'price-steps'
  | 'price-close'
  | 'near-budget'
  | 'single-bid'
  | 'short-period'
  | 'lowest-rejected'
  | 'same-file'
  | 'deemed-collusion'
  | 'expert-deviation'
  | 'win-rate';

export interface Finding {
  indicator: IndicatorId;
  severity: Severity;
  /** The section it is about; null for the tender as a whole (an address shared across sections). */
  sectionId: string | null;
  /** With the indicator and the tender, what makes the finding itself (its fingerprint). */
  identity: string;
  /** For people: what was found, with names and amounts. */
  summary: string;
  /** The stream's events that show it, ascending. */
  seqs: number[];
  /** The facts behind it, as data (bidders, prices, addresses). */
  details: Record<string, unknown>;
}

export interface Bidder {
  partyId: string;
  name: string;
}

/** One sealed file received: a bid.submitted or bid.replaced event, with what its upload recorded. */
export interface Upload {
  /** The event's number in the stream. */
  seq: number;
  bidId: string;
  version: number;
  sectionId: string;
  bidder: Bidder;
  /** When it was received, in ms since the epoch. */
  at: number;
  /** The client's address, from the event's envelope. */
  ip: string;
  /** The machine identifiers the bidder's client reported (`device:…`, `mac:…`, `disk:…`). */
  machine: string[];
}

export interface UploadFacts {
  uploads: Upload[];
}

/** An opened bid of a section's published opening record, with its price. */
export interface PricedBid {
  bidId: string;
  bidder: Bidder;
  priceFen: number;
  /** The upload event of the version that was opened, when the stream has it. */
  seq: number | null;
}

/** A section's opening as the published record tells it: what was opened and at which prices. */
export interface SectionPrices {
  sectionId: string;
  /** The section's maximum price (招标控制价) in fen, if it has one. */
  maxPriceFen: number | null;
  /** The opening.record-published event. */
  recordSeq: number;
  /** Bids opened with a price, in the record's order. */
  bids: PricedBid[];
}

export const yuan = (fen: number) => `¥${fenToYuanGrouped(fen)}`;

/** The distinct bidders among items, by party id, in first-seen order. */
export function biddersOf(items: readonly { bidder: Bidder }[]): Bidder[] {
  const seen = new Map<string, Bidder>();
  for (const { bidder } of items) if (!seen.has(bidder.partyId)) seen.set(bidder.partyId, bidder);
  return [...seen.values()];
}

export const namesOf = (bidders: readonly Bidder[]) => bidders.map((b) => b.name || b.partyId).join(', ');

/** The event numbers, ascending, once each, without the unknown ones. */
export function seqsOf(seqs: readonly (number | null)[]): number[] {
  return [...new Set(seqs.filter((s): s is number => s !== null))].sort((a, b) => a - b);
}

/** Whether `part / whole` is at most `bp` basis points (1 bp = 0.01 %), exactly, in integers. */
export function withinBp(part: number, whole: number, bp: number): boolean {
  return BigInt(part) * 10_000n <= BigInt(whole) * BigInt(bp);
}
