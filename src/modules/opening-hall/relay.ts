import type { Transaction } from 'sequelize';
import type { AnyEnvelope, EventBus } from '../../platform/events.js';
import type { BidRef, HallEventKind } from './kinds.js';
import type { HallEvent } from './models.js';
import { numbered, type OpeningProgressSource } from './progress.js';
import type { HallWriter, StepActor } from './writer.js';

/** Who hears of the hall's steps once they are stored (the Socket.IO gateway; nobody without a server). */
export interface HallBroadcaster {
  event(event: HallEvent): void;
  /** The opening's progress changed: send each audience its fresh view. */
  progress(tenderId: string): void;
}

/** The hall's cursor in the event stream (event_cursors): keep the name, or the hall reads from the start. */
export const HALL_CONSUMER = 'opening-hall';

/** The opening's domain events the hall shows, each as the hall event of the same kind. */
const RELAYED = [
  'opening.started',
  'opening.share-released',
  'opening.share-wrong',
  'opening.bidder-key-submitted',
  'opening.bid-settled',
  'opening.section-failed',
  'opening.record-published',
  'opening.completed',
] as const satisfies readonly HallEventKind[];

interface Relayed {
  data: object;
  onceKey: string;
}

/** Tenders whose bid numbering the relay keeps (openings running at once on one node, with room). */
const NUMBERED_TENDERS = 16;

/**
 * Relays the opening module's domain events into the hall, as a durable consumer of the event stream: each
 * event is read in stream order (so one ordered history for every client), stored as a hall event with the
 * tender's next number in the transaction that moves the hall's cursor, and broadcast once that commits. A
 * restarted server resumes at the first event not yet stored; a once-key per step makes a second delivery
 * (from an older stream, or a step repeated by the opening) store nothing. Supervisors see the actor and
 * address the event's envelope names.
 */
export class OpeningRelay {
  /** Each recent tender's bids by id with their numbers (bidRef). */
  private readonly numbers = new Map<string, Map<string, BidRef>>();

  constructor(
    private readonly writer: HallWriter,
    private readonly opening: OpeningProgressSource,
    private readonly broadcaster: () => HallBroadcaster,
    private readonly events: EventBus,
  ) {}

  subscribe(): void {
    this.events.consume(HALL_CONSUMER, (t, event) => this.relay(t, event), {
      types: RELAYED,
      // Its own short transaction, before the consumer's: see HallWriter.ensureHall.
      prepare: (event) => this.writer.ensureHall(event.tenderId!),
    });
  }

  /** Relays every committed opening event not relayed yet, now (tests; the consumer also runs by itself). */
  idle(): Promise<void> {
    return this.events.consumers.drain(HALL_CONSUMER);
  }

  private async relay(t: Transaction, event: AnyEnvelope): Promise<void> {
    const relayed = await this.build(event);
    const tenderId = event.tenderId;
    if (!relayed || !tenderId) return;
    const who: StepActor = {
      userId: event.actor?.userId ?? null,
      role: event.actor?.role ?? 'system',
      ip: event.ip,
      name: event.actor?.name ?? null,
    };
    const kind = event.type as HallEventKind;
    const stored = await this.writer.appendIn(t, { tenderId, kind, public: true, ...relayed, who });
    t.afterCommit(() => {
      if (stored) this.broadcaster().event(stored);
      this.broadcaster().progress(tenderId);
    });
  }

  private async build(event: AnyEnvelope): Promise<Relayed | null> {
    switch (event.type) {
      case 'opening.started':
        return { data: {}, onceKey: 'started' };
      case 'opening.share-released': {
        const { position } = event.data;
        return { data: { position }, onceKey: `share-released:${position}` };
      }
      case 'opening.share-wrong': {
        const { tenderId, position, bidId } = event.data;
        return {
          data: { position, bid: await this.bidRef(tenderId, bidId), private: { bidId } },
          onceKey: `share-wrong:${position}:${bidId}`,
        };
      }
      case 'opening.bidder-key-submitted': {
        // Which numbered bid, never which party: the party is in the envelope, for supervisors only.
        const { tenderId, bidId, valid } = event.data;
        return {
          data: { valid, bid: await this.bidRef(tenderId, bidId), private: { bidId } },
          onceKey: `bidder-key:${bidId}:${valid}`,
        };
      }
      case 'opening.bid-settled': {
        const { tenderId, bidId, outcome } = event.data;
        return {
          data: { outcome, bid: await this.bidRef(tenderId, bidId), private: { bidId } },
          onceKey: `bid-settled:${bidId}`,
        };
      }
      case 'opening.section-failed':
        return {
          data: { sectionId: event.data.sectionId },
          onceKey: `section-failed:${event.data.sectionId}`,
        };
      case 'opening.record-published':
        return {
          data: { sectionId: event.data.sectionId },
          onceKey: `record-published:${event.data.sectionId}`,
        };
      case 'opening.completed':
        return { data: { status: event.data.status }, onceKey: 'completed' };
      default:
        return null;
    }
  }

  /**
   * The bid's number in its section. The numbering is fixed once the opening froze the bids, so it is read
   * once per tender (a few recent tenders kept), not for every event: a 500-bid opening relays 500
   * settlements, and reading the whole progress for each made the hall's work grow with the square of it.
   */
  private async bidRef(tenderId: string, bidId: string): Promise<BidRef | null> {
    const known = this.numbers.get(tenderId)?.get(bidId);
    if (known) return known;
    const progress = await this.opening.progress(tenderId);
    if (!progress) return null;
    const refs = new Map<string, BidRef>();
    for (const section of progress.sections) {
      numbered(section.bids).forEach((b, index) =>
        refs.set(b.bidId, { sectionId: section.sectionId, number: index + 1, of: section.bids.length }),
      );
    }
    this.numbers.delete(tenderId);
    this.numbers.set(tenderId, refs);
    if (this.numbers.size > NUMBERED_TENDERS) this.numbers.delete(this.numbers.keys().next().value!);
    return refs.get(bidId) ?? null;
  }
}
