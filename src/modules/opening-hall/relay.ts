import type { DomainEvents, EventBus } from '../../platform/events.js';
import type { Logger } from '../../platform/logger.js';
import type { BidRef, HallEventKind } from './kinds.js';
import type { HallEvent } from './models.js';
import { numbered, type OpeningProgressSource } from './progress.js';
import type { StepWitness } from './witness.js';
import { ALREADY_DONE, type HallWriter, type NewHallEvent } from './writer.js';

/** Who hears of the hall's steps once they are stored (the Socket.IO gateway; nobody without a server). */
export interface HallBroadcaster {
  event(event: HallEvent): void;
  /** The opening's progress changed: send each audience its fresh view. */
  progress(tenderId: string): void;
}

type OpeningEventName = Extract<keyof DomainEvents, `opening.${string}`> & HallEventKind;

/**
 * Relays the opening module's domain events into the hall: each is stored as a hall event with the tender's
 * next number, then broadcast. Events of one tender are relayed one at a time in the order they arrive, and
 * each at most once (a redelivery is recognised by its once-key), so every client sees one ordered history.
 */
export class OpeningRelay {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly writer: HallWriter,
    private readonly opening: OpeningProgressSource,
    private readonly broadcaster: () => HallBroadcaster,
    private readonly witness: StepWitness,
    private readonly log: Logger,
  ) {}

  subscribe(events: EventBus): void {
    const relay = <K extends OpeningEventName>(name: K, build: (p: DomainEvents[K]) => Promise<Relayed>) =>
      events.on(name, (payload) =>
        this.enqueue(payload.tenderId, () => this.store(payload.tenderId, name, build(payload))),
      );
    relay('opening.started', async () => ({ data: {}, onceKey: 'started' }));
    relay('opening.share-released', async ({ position }) => ({
      data: { position },
      onceKey: `share-released:${position}`,
    }));
    relay('opening.share-wrong', async ({ tenderId, position, bidId }) => ({
      data: { position, bid: await this.bidRef(tenderId, bidId), private: { bidId } },
      onceKey: `share-wrong:${position}:${bidId}`,
    }));
    relay('opening.bid-settled', async ({ tenderId, bidId, outcome }) => ({
      data: { outcome, bid: await this.bidRef(tenderId, bidId), private: { bidId } },
      onceKey: `bid-settled:${bidId}`,
    }));
    relay('opening.section-failed', async ({ sectionId }) => ({
      data: { sectionId },
      onceKey: `section-failed:${sectionId}`,
    }));
    relay('opening.record-published', async ({ sectionId }) => ({
      data: { sectionId },
      onceKey: `record-published:${sectionId}`,
    }));
    relay('opening.completed', async ({ status }) => ({ data: { status }, onceKey: 'completed' }));
  }

  /** Waits for every relay in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  private enqueue(tenderId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(tenderId) ?? Promise.resolve();
    const next = previous.then(work).catch((err: unknown) => {
      this.log.error({ err, tenderId }, 'relaying an opening event into the hall failed');
    });
    this.queues.set(tenderId, next);
    void next.finally(() => {
      if (this.queues.get(tenderId) === next) this.queues.delete(tenderId);
    });
    return next;
  }

  private async store(tenderId: string, kind: OpeningEventName, relayed: Promise<Relayed>): Promise<void> {
    const { data, onceKey } = await relayed;
    const who = await this.witness(kind, tenderId, data as Record<string, unknown>);
    const input: NewHallEvent = { tenderId, kind, data, onceKey, public: true, who };
    try {
      const { event } = await this.writer.append(input);
      this.broadcaster().event(event);
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === ALREADY_DONE)) throw err;
    }
    this.broadcaster().progress(tenderId);
  }

  private async bidRef(tenderId: string, bidId: string): Promise<BidRef | null> {
    const progress = await this.opening.progress(tenderId);
    for (const section of progress?.sections ?? []) {
      const index = numbered(section.bids).findIndex((b) => b.bidId === bidId);
      if (index >= 0) return { sectionId: section.sectionId, number: index + 1, of: section.bids.length };
    }
    return null;
  }
}

interface Relayed {
  data: object;
  onceKey: string;
}
