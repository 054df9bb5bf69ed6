import type { Transaction } from 'sequelize';
import type { AnyEnvelope, EventBus, EventName } from '../../platform/events.js';
import type { AlertRaiser } from './alerts.js';
import type { BidFiles } from './history/bid-files.js';
import type { Outcomes, SectionOutcome } from './history/outcomes.js';
import type { ScreenInputs } from './inputs.js';
import {
  deemedCollusion,
  expertDeviation,
  lowestRejected,
  priceScreens,
  sameFile,
  sameIp,
  shortPeriod,
  singleBid,
  uploadScreens,
  winRate,
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
  'opening.bidder-key-submitted',
  'evaluation.concluded',
] as const satisfies readonly EventName[];

/** What screening one event found, and what it adds to the screens' own history. */
interface Screening {
  findings: Finding[];
  /** A concluded section's outcomes, for the win-rate history. */
  outcomes?: { sectionId: string; list: SectionOutcome[] };
}

/** The screens' own readings, kept between events (history/); without them those screens find nothing. */
export interface ScreenHistory {
  files?: BidFiles;
  outcomes?: Outcomes;
}

/**
 * Runs the screens as the events they read arrive, as a durable consumer of the stream: each event is
 * screened in the transaction that moves the cursor, so its alerts are raised exactly once, and a replayed
 * event finds the alerts of its findings already there (their fingerprints). The screens that need the
 * opening run when a section's opening record is published: before the committee sits.
 */
export class Screener {
  constructor(
    private readonly inputs: ScreenInputs,
    private readonly raiser: AlertRaiser,
    private readonly events: EventBus,
    private readonly settings: ScreenSettings,
    private readonly kept: ScreenHistory = {},
  ) {}

  subscribe(): void {
    this.events.consume(SCREENS_CONSUMER, (t, event) => this.screen(t, event), {
      types: SCREENED,
      prepare: (event) => this.prepare(event),
    });
  }

  /** Screens every committed event not screened yet, now (tests; the consumer also runs by itself). */
  idle(): Promise<void> {
    return this.events.consumers.drain(SCREENS_CONSUMER);
  }

  /**
   * Before a published opening record is screened, outside the consumer's transaction: each opened bid of the
   * section is read once (its attachments decrypted on demand by the opening, an audited read of its own).
   */
  async prepare(event: AnyEnvelope): Promise<void> {
    if (event.type !== 'opening.record-published' || !this.kept.files) return;
    await this.kept.files.prepare(event.data.tenderId, event.data.sectionId, event.seq);
  }

  /** Screens one event and raises what it finds: the consumer's handler. */
  async screen(t: Transaction, event: AnyEnvelope): Promise<void> {
    const tenderId = event.tenderId;
    if (!tenderId) return;
    // Every read first, then the writes: the reads run outside `t` and must not wait on its writes.
    const { findings, outcomes } = await this.screening(tenderId, event);
    if (outcomes && this.kept.outcomes) {
      await this.kept.outcomes.record(
        t,
        { tenderId, sectionId: outcomes.sectionId, seq: event.seq },
        outcomes.list,
      );
    }
    for (const finding of findings) await this.raiser.raise(t, tenderId, finding, event.seq);
  }

  async findings(tenderId: string, e: AnyEnvelope): Promise<Finding[]> {
    return (await this.screening(tenderId, e)).findings;
  }

  private async screening(tenderId: string, e: AnyEnvelope): Promise<Screening> {
    const { inputs, settings } = this;
    switch (e.type) {
      case 'bid.submitted':
      case 'bid.replaced': {
        // The screens read every upload as it stands: a later upload's screening will see this one too.
        if (await inputs.uploadedSince(tenderId, e.seq)) return { findings: [] };
        const facts = { uploads: await inputs.uploads(tenderId) };
        return { findings: uploadScreens.flatMap((screen) => screen(facts, settings)) };
      }
      case 'tender.published':
        return { findings: await this.period(tenderId, e.seq) };
      case 'tender.bidding-closed': {
        // At the deadline the bidders are known: their download addresses and their deposits' accounts.
        const [period, { downloads }, deposits] = await Promise.all([
          this.period(tenderId, e.seq),
          inputs.addresses(tenderId),
          inputs.deposits(tenderId),
        ]);
        return {
          findings: [
            ...period,
            ...sameIp({ uploads: [], downloads }, settings),
            ...deemedCollusion({ sectionId: null, seq: e.seq, deposits }, settings),
          ],
        };
      }
      case 'opening.bidder-key-submitted': {
        const { decryptions } = await inputs.addresses(tenderId);
        return { findings: sameIp({ uploads: [], decryptions }, settings) };
      }
      case 'opening.section-failed': {
        const count = await inputs.received(tenderId, e.data.sectionId);
        return {
          findings: singleBid(
            { sectionId: e.data.sectionId, stage: 'received', count, seq: e.seq },
            settings,
          ),
        };
      }
      case 'opening.record-published': {
        const { sectionId } = e.data;
        const [section, files] = await Promise.all([
          inputs.section(tenderId, sectionId),
          inputs.openedFiles(tenderId, sectionId),
        ]);
        if (!section) return { findings: [] };
        const { prices, opened } = section;
        return {
          findings: [
            ...singleBid({ sectionId, stage: 'opened', count: opened, seq: e.seq }, settings),
            ...priceScreens.flatMap((screen) => screen(prices, settings)),
            ...(files
              ? [
                  ...sameFile({ sectionId, recordSeq: files.recordSeq, bids: files.bids }, settings),
                  ...deemedCollusion({ sectionId, seq: files.recordSeq, people: files.people }, settings),
                ]
              : []),
          ],
        };
      }
      case 'evaluation.concluded': {
        const { sectionId, evaluationId, candidates } = e.data;
        const section = await inputs.section(tenderId, sectionId);
        if (!section) return { findings: [] };
        const [committee, history] = await Promise.all([
          inputs.committee(evaluationId, sectionId, e.seq),
          inputs.winRate(section.prices, candidates, e.seq),
        ]);
        return {
          findings: [
            ...lowestRejected({ prices: section.prices, candidates, seq: e.seq }, settings),
            ...(committee ? expertDeviation(committee, settings) : []),
            ...(history ? winRate(history.facts, settings) : []),
          ],
          ...(history && { outcomes: { sectionId, list: history.outcomes } }),
        };
      }
      default:
        return { findings: [] };
    }
  }

  private async period(tenderId: string, seq: number): Promise<Finding[]> {
    const facts = await this.inputs.period(tenderId, seq);
    return facts ? shortPeriod(facts, this.settings) : [];
  }
}
