import type { AnyEnvelope, EventBus, EventName } from '../../platform/events.js';
import type { PricedBid, SectionPrices, TenderPeriodFacts, Upload } from './screens/index.js';
import {
  SCREENS_READER,
  type BidUploadsPort,
  type OpeningReadsPort,
  type ReportedDevice,
  type TendersPort,
} from './ports.js';

export interface InputDeps {
  events: EventBus;
  bids: BidUploadsPort;
  opening: OpeningReadsPort;
  tenders: TendersPort;
}

const UPLOADS = ['bid.submitted', 'bid.replaced'] as const satisfies readonly EventName[];

/** Events read per query when a tender's history is gathered. */
const PAGE = 500;

/**
 * The machine identifiers a screen compares. The CPU id is left out on purpose: what Windows reports as the
 * processor id is the model's signature, the same on every machine of that model, so it would pair strangers.
 */
function machineOf(device: ReportedDevice | null): string[] {
  if (!device) return [];
  return [
    ...(device.deviceId ? [`device:${device.deviceId}`] : []),
    ...(device.macHashes ?? []).map((h) => `mac:${h}`),
    ...(device.diskIds ?? []).map((d) => `disk:${d}`),
  ];
}

const versionKey = (bidId: string, version: number) => `${bidId}/${version}`;

/**
 * The facts the screens judge, gathered from the event stream (what happened, with its numbers, addresses
 * and times) and from the other modules' reads (what the events do not carry: devices, prices, the schedule).
 * Always the tender's state as it stands, so a replayed event sees what its first reading saw or more.
 */
export class ScreenInputs {
  constructor(private readonly deps: InputDeps) {}

  /** The tender's events of these types, oldest first. */
  async history(tenderId: string, types: readonly EventName[]): Promise<AnyEnvelope[]> {
    const all: AnyEnvelope[] = [];
    for (let after = 0; ;) {
      const batch = await this.deps.events.read(after, PAGE, { tenderId, types });
      if (batch.length === 0) return all;
      all.push(...batch);
      after = batch.at(-1)!.seq;
    }
  }

  /** Whether the tender received another sealed file after event `seq`. */
  async uploadedSince(tenderId: string, seq: number): Promise<boolean> {
    const later = await this.deps.events.read(seq, 1, { tenderId, types: UPLOADS });
    return later.length > 0;
  }

  /** Every sealed file received for the tender (withdrawn ones too: the upload happened). */
  async uploads(tenderId: string): Promise<Upload[]> {
    const [received, supervised] = await Promise.all([
      this.history(tenderId, UPLOADS),
      this.deps.bids.supervised(SCREENS_READER, tenderId),
    ]);
    const machines = new Map<string, string[]>();
    const names = new Map<string, string>();
    for (const item of supervised.items) {
      names.set(item.bidder.partyId, item.bidder.name);
      for (const v of item.versions) machines.set(versionKey(item.bid.id, v.version), machineOf(v.device));
    }
    const uploads: Upload[] = [];
    for (const e of received) {
      if (e.type !== 'bid.submitted' && e.type !== 'bid.replaced') continue;
      const { bidId, version, sectionId, bidderPartyId, at } = e.data;
      uploads.push({
        seq: e.seq,
        bidId,
        version,
        sectionId,
        bidder: { partyId: bidderPartyId, name: names.get(bidderPartyId) ?? '' },
        at: Date.parse(at),
        ip: e.ip,
        machine: machines.get(versionKey(bidId, version)) ?? [],
      });
    }
    return uploads;
  }

  /**
   * A section's published opening record: its opened bids with their prices (each with the event of the
   * upload that was opened), how many were opened, and the maximum price. Null before the record is out.
   */
  async section(
    tenderId: string,
    sectionId: string,
  ): Promise<{ prices: SectionPrices; opened: number } | null> {
    const published = (await this.history(tenderId, ['opening.record-published'])).find(
      (e) => e.type === 'opening.record-published' && e.data.sectionId === sectionId,
    );
    if (!published) return null;
    const [{ records }, tender, uploads] = await Promise.all([
      this.deps.opening.records(null, tenderId),
      this.deps.tenders.view(tenderId),
      this.history(tenderId, UPLOADS),
    ]);
    const record = records.find((r) => r.record.section.id === sectionId)?.record;
    if (!record) return null;
    const seqOf = new Map<string, number>();
    for (const e of uploads)
      if (e.type === 'bid.submitted' || e.type === 'bid.replaced')
        seqOf.set(versionKey(e.data.bidId, e.data.version), e.seq);
    const opened = record.bids.filter((b) => b.outcome === 'opened');
    const bids: PricedBid[] = opened.flatMap((b) =>
      typeof b.values.price === 'number'
        ? [
            {
              bidId: b.bidId,
              bidder: { partyId: b.bidder.partyId, name: b.bidder.name },
              priceFen: b.values.price,
              seq: seqOf.get(versionKey(b.bidId, b.version)) ?? null,
            },
          ]
        : [],
    );
    const maxPriceFen = tender.sections.find((s) => s.id === sectionId)?.maxPriceFen ?? null;
    return { prices: { sectionId, maxPriceFen, recordSeq: published.seq, bids }, opened: opened.length };
  }

  /** How many bids a section received at the deadline (a failed section has no record). */
  async received(tenderId: string, sectionId: string): Promise<number> {
    const state = await this.deps.opening.state(null, tenderId);
    return state.sections?.find((s) => s.sectionId === sectionId)?.bidCount ?? 0;
  }

  /** The published schedule, with the events that told it. */
  async period(tenderId: string, seq: number): Promise<TenderPeriodFacts | null> {
    const [tender, published] = await Promise.all([
      this.deps.tenders.view(tenderId),
      this.history(tenderId, ['tender.published']),
    ]);
    if (!tender.publishedAt) return null;
    return {
      publishedAt: Date.parse(tender.publishedAt),
      documentsFrom: Date.parse(tender.schedule.documentsFrom),
      bidDeadline: Date.parse(tender.schedule.bidDeadline),
      seqs: [...new Set([...published.map((e) => e.seq), seq])],
    };
  }
}
