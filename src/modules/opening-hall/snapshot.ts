import type { Actor } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Tender } from '../tenders/index.js';
import type { Audience, HallWireEvent } from './kinds.js';
import type { HallEvent, OpeningHallModels } from './models.js';
import { bidState, numbered, type OpeningProgress, type OpeningProgressSource } from './progress.js';
import { mayAnswer, OBJECTION_WINDOW_MS } from './service.js';
import { toWire } from './views.js';

/** At most this many events after a cursor are sent with a snapshot; the snapshot itself is complete. */
export const MAX_EVENTS_AFTER = 500;

export function audienceOf(actor: Actor | null): Audience {
  return actor?.role === 'supervisor' ? 'supervisor' : 'public';
}

/** The opening's progress as an audience may see it: bids by number, names and ids for supervisors only. */
export function progressView(progress: OpeningProgress | null, audience: Audience) {
  if (!progress) return null;
  const supervisor = audience === 'supervisor';
  return {
    startedAt: progress.startedAt.toISOString(),
    windowEndsAt: progress.windowEndsAt.toISOString(),
    completedAt: progress.completedAt?.toISOString() ?? null,
    result: progress.result,
    threshold: progress.threshold,
    releasedPositions: progress.releasedPositions,
    sections: progress.sections.map((section) => ({
      sectionId: section.sectionId,
      status: section.status,
      bidCount: section.bidCount,
      bids: numbered(section.bids).map((bid, i) => ({
        number: i + 1,
        of: section.bids.length,
        shares: bid.validShares,
        wrongShares: bid.wrongShares,
        bidderKey: bid.bidderKey,
        state: bidState(bid, progress.threshold),
        outcome: bid.outcome,
        ...(supervisor && { bidId: bid.bidId, bidderPartyId: bid.bidderPartyId, reason: bid.reason }),
      })),
      // Names and prices: only in the record, and the record only once published.
      record: section.status === 'published' ? section.record : null,
    })),
  };
}
export type ProgressView = ReturnType<typeof progressView>;

/**
 * The hall's whole current state for one reader, plus the events after the reader's cursor: what a client
 * needs on first load and after a reconnect, so a dropped connection loses nothing.
 */
export class HallSnapshots {
  constructor(
    private readonly models: OpeningHallModels,
    private readonly deps: { clock: Clock; opening: OpeningProgressSource },
  ) {}

  async build(viewer: Actor | null, tender: Tender, after = 0) {
    const audience = audienceOf(viewer);
    const now = this.deps.clock.now();
    const [hall, events, progress] = await Promise.all([
      this.models.OpeningHall.findByPk(tender.id),
      this.models.HallEvent.findAll({ where: { tenderId: tender.id }, order: [['seq', 'ASC']] }),
      this.deps.opening.progress(tender.id),
    ]);
    const wire = (e: HallEvent) => toWire(e, audience, viewer);
    const opened = now >= tender.bidDeadline;
    const checkIns = events.filter((e) => e.kind === 'check-in');
    const answers = new Map(
      events.filter((e) => e.kind === 'answer').map((e) => [JSON.parse(e.data).objectionId as string, e]),
    );
    const objections = events
      .filter((e) => e.kind === 'objection')
      .map((e) => ({ ...wire(e)!, answer: answers.has(e.id) ? wire(answers.get(e.id)!) : null }));
    const cursorOf = (e: HallEvent) => (audience === 'supervisor' ? e.seq : (e.publicSeq ?? 0));
    const after_ = events
      .filter((e) => cursorOf(e) > after)
      .map(wire)
      .filter((e): e is HallWireEvent => e !== null);
    const mineChecked = checkIns.some((e) => viewer?.role === 'bidder' && e.actorPartyId === viewer.partyId);
    const objectionEnd = progress?.completedAt
      ? progress.completedAt.getTime() + OBJECTION_WINDOW_MS
      : Infinity;
    return {
      tenderId: tender.id,
      code: tender.code,
      title: tender.title,
      tenderStatus: tender.status,
      serverTime: now.toISOString(),
      openingTime: tender.bidDeadline.toISOString(),
      audience,
      seq: hall ? (audience === 'supervisor' ? hall.lastSeq : hall.lastPublicSeq) : 0,
      you: viewer
        ? {
            role: viewer.role,
            checkedIn: mineChecked,
            mayObject: viewer.role === 'bidder' && mineChecked && opened && now.getTime() <= objectionEnd,
            mayAnswer: mayAnswer(viewer, tender),
          }
        : null,
      // How many bidders checked in is told only from the opening time (before it, it would count bidders).
      checkIns:
        audience === 'supervisor'
          ? { count: checkIns.length, list: checkIns.map(wire).filter((e): e is HallWireEvent => e !== null) }
          : { count: opened ? checkIns.length : null, list: [] },
      objections,
      opening: progressView(progress, audience),
      events: after_.slice(0, MAX_EVENTS_AFTER),
      truncated: after_.length > MAX_EVENTS_AFTER,
    };
  }
}
export type HallSnapshot = Awaited<ReturnType<HallSnapshots['build']>>;
