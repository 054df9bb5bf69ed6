import type { Transaction } from 'sequelize';
import type { AnyEnvelope, EventBus, EventName } from '../../platform/events.js';
import type { AlertRaiser } from './alerts.js';
import type { ScreenInputs } from './inputs.js';
import {
  lowestRejected,
  priceScreens,
  shortPeriod,
  singleBid,
  uploadScreens,
  type Finding,
  type ScreenSettings,
} from './screens/index.js';

/** The screener's cursor in the event stream (event_cursors): keep the name, or it screens from the start. */
export const SCREENS_CONSUMER = 'supervision-screens';

/** The events a screen reads; the cursor moves past the others unseen. */
const SCREENED = [
  'bid.submitted',
  'bid.replaced',
  'tender.published',
  'tender.bidding-closed',
  'opening.section-failed',
  'opening.record-published',
  'evaluation.concluded',
] as const satisfies readonly EventName[];

/**
 * Runs the screens as the events they read arrive, as a durable consumer of the stream: each event is
 * screened in the transaction that moves the cursor, so its alerts are raised exactly once, and a replayed
 * event finds the alerts of its findings already there (their fingerprints). The price screens run when a
 * section's opening record is published: before the committee sits.
 */
export class Screener {
  constructor(
    private readonly inputs: ScreenInputs,
    private readonly raiser: AlertRaiser,
    private readonly events: EventBus,
    private readonly settings: ScreenSettings,
  ) {}

  subscribe(): void {
    this.events.consume(SCREENS_CONSUMER, (t, event) => this.screen(t, event), { types: SCREENED });
  }

  /** Screens every committed event not screened yet, now (tests; the consumer also runs by itself). */
  idle(): Promise<void> {
    return this.events.consumers.drain(SCREENS_CONSUMER);
  }

  /** Screens one event and raises what it finds: the consumer's handler. */
  async screen(t: Transaction, event: AnyEnvelope): Promise<void> {
    const tenderId = event.tenderId;
    if (!tenderId) return;
    // Every read first, then the writes: the reads run outside `t` and must not wait on its writes.
    const findings = await this.findings(tenderId, event);
    for (const finding of findings) await this.raiser.raise(t, tenderId, finding, event.seq);
  }

  async findings(tenderId: string, e: AnyEnvelope): Promise<Finding[]> {
    const { inputs, settings } = this;
    switch (e.type) {
      case 'bid.submitted':
      case 'bid.replaced': {
        // The screens read every upload as it stands: a later upload's screening will see this one too.
        if (await inputs.uploadedSince(tenderId, e.seq)) return [];
        const facts = { uploads: await inputs.uploads(tenderId) };
        return uploadScreens.flatMap((screen) => screen(facts, settings));
      }
      case 'tender.published':
      case 'tender.bidding-closed': {
        const facts = await inputs.period(tenderId, e.seq);
        return facts ? shortPeriod(facts, settings) : [];
      }
      case 'opening.section-failed': {
        const count = await inputs.received(tenderId, e.data.sectionId);
        return singleBid({ sectionId: e.data.sectionId, stage: 'received', count, seq: e.seq }, settings);
      }
      case 'opening.record-published': {
        const section = await inputs.section(tenderId, e.data.sectionId);
        if (!section) return [];
        const { prices, opened } = section;
        return [
          ...singleBid({ sectionId: prices.sectionId, stage: 'opened', count: opened, seq: e.seq }, settings),
          ...priceScreens.flatMap((screen) => screen(prices, settings)),
        ];
      }
      case 'evaluation.concluded': {
        const section = await inputs.section(tenderId, e.data.sectionId);
        if (!section) return [];
        return lowestRejected(
          { prices: section.prices, candidates: e.data.candidates, seq: e.seq },
          settings,
        );
      }
      default:
        return [];
    }
  }
}
