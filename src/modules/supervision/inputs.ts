import type { AnyEnvelope, EventBus, EventName } from '../../platform/events.js';
import type { BidFiles } from './history/bid-files.js';
import { withSection, type Outcomes, type SectionOutcome } from './history/outcomes.js';
import type {
  AddressUse,
  Bidder,
  CommitteeScoresFacts,
  DepositUse,
  NamedPerson,
  OpenedBidFiles,
  PricedBid,
  SectionPrices,
  TenderPeriodFacts,
  Upload,
  WinRateFacts,
} from './screens/index.js';
import {
  SCREENS_READER,
  type BidUploadsPort,
  type EvaluationRoomPort,
  type OpeningReadsPort,
  type ReportedDevice,
  type TendersPort,
} from './ports.js';

export interface InputDeps {
  events: EventBus;
  bids: BidUploadsPort;
  opening: OpeningReadsPort;
  tenders: TendersPort;
  /** The committee's totals (expert-deviation); without it that screen finds nothing. */
  evaluation?: EvaluationRoomPort;
  /** The opened bids' attachments and people as read after the opening (same-file, deemed-collusion). */
  files?: BidFiles;
  /** The win-rate history. */
  outcomes?: Outcomes;
}

const UPLOADS = ['bid.submitted', 'bid.replaced'] as const satisfies readonly EventName[];
/** Past every evaluation log entry: the screens read the room's state, not its log. */
const NO_LOG = Number.MAX_SAFE_INTEGER;

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

  /** The upload event of each bid version (`bidId/version`). */
  private async uploadSeqs(tenderId: string): Promise<Map<string, number>> {
    const seqOf = new Map<string, number>();
    for (const e of await this.history(tenderId, UPLOADS))
      if (e.type === 'bid.submitted' || e.type === 'bid.replaced')
        seqOf.set(versionKey(e.data.bidId, e.data.version), e.seq);
    return seqOf;
  }

  /** The bidders of the tender by party id (every party with a bid, withdrawn ones too). */
  private async biddersOf(tenderId: string): Promise<Map<string, Bidder>> {
    const { items } = await this.deps.bids.supervised(SCREENS_READER, tenderId);
    return new Map(items.map((i) => [i.bidder.partyId, { partyId: i.bidder.partyId, name: i.bidder.name }]));
  }

  /**
   * The bidders' steps from an address besides their uploads: documents downloaded (by parties that bid: a
   * download by anyone else is nobody's bid) and bids decrypted by their bidders, from the stream's envelopes.
   */
  async addresses(tenderId: string): Promise<{ downloads: AddressUse[]; decryptions: AddressUse[] }> {
    const [bidders, events] = await Promise.all([
      this.biddersOf(tenderId),
      this.history(tenderId, ['tender.document-downloaded', 'opening.bidder-key-submitted']),
    ]);
    const downloads: AddressUse[] = [];
    const decryptions: AddressUse[] = [];
    for (const e of events) {
      if (e.type !== 'tender.document-downloaded' && e.type !== 'opening.bidder-key-submitted') continue;
      const bidder = bidders.get(e.data.partyId);
      if (!bidder) continue;
      (e.type === 'tender.document-downloaded' ? downloads : decryptions).push({
        seq: e.seq,
        bidder,
        ip: e.ip,
      });
    }
    return { downloads, decryptions };
  }

  /** The deposits' accounts every upload declared, with the upload's event. */
  async deposits(tenderId: string): Promise<DepositUse[]> {
    const [{ items }, seqOf] = await Promise.all([
      this.deps.bids.supervised(SCREENS_READER, tenderId),
      this.uploadSeqs(tenderId),
    ]);
    return items.flatMap((item) =>
      item.versions.flatMap((v) => {
        const seq = seqOf.get(versionKey(item.bid.id, v.version));
        if (!v.depositAccount || seq === undefined) return [];
        const bidder = { partyId: item.bidder.partyId, name: item.bidder.name };
        return [{ bidId: item.bid.id, bidder, seq, ...v.depositAccount }];
      }),
    );
  }

  /**
   * A section's opened bids as read after the opening (their attachments, the people their forms name), with
   * each bid's bidder and upload event; null before the record is out or when nothing could be read.
   */
  async openedFiles(
    tenderId: string,
    sectionId: string,
  ): Promise<{ recordSeq: number; bids: OpenedBidFiles[]; people: NamedPerson[] } | null> {
    if (!this.deps.files) return null;
    const section = await this.section(tenderId, sectionId);
    if (!section) return null;
    const read = await this.deps.files.read(tenderId, sectionId);
    const byBid = new Map(section.prices.bids.map((b) => [b.bidId, b]));
    const names = new Map(section.prices.bids.map((b) => [b.bidder.partyId, b.bidder.name]));
    const seqOf = await this.uploadSeqs(tenderId);
    const bids: OpenedBidFiles[] = [];
    const people: NamedPerson[] = [];
    for (const r of read) {
      const bidder = byBid.get(r.bidId)?.bidder ?? {
        partyId: r.bidderPartyId,
        name: names.get(r.bidderPartyId) ?? '',
      };
      const seq = seqOf.get(versionKey(r.bidId, r.version)) ?? null;
      bids.push({ bidId: r.bidId, bidder, seq, files: r.files });
      for (const p of r.people) people.push({ bidId: r.bidId, bidder, seq, ...p });
    }
    return { recordSeq: section.prices.recordSeq, bids, people };
  }

  /** A concluded evaluation's totals per bid and member, as its room shows a supervisor. */
  async committee(
    evaluationId: string,
    sectionId: string,
    seq: number,
  ): Promise<CommitteeScoresFacts | null> {
    if (!this.deps.evaluation) return null;
    const room = await this.deps.evaluation.join(SCREENS_READER, evaluationId, NO_LOG);
    const names = new Map(room.bids.map((b) => [b.bidId, b.bidderName]));
    return {
      sectionId,
      evaluationId,
      seq,
      bids: room.revealed.map((r) => ({
        bidId: r.bidId,
        bidderName: names.get(r.bidId) ?? '',
        members: r.members.map((m) => ({
          memberId: m.memberId,
          name: m.name,
          totalHundredths: m.totalHundredths,
        })),
      })),
    };
  }

  /**
   * A concluded section's place in the win-rate history: each opened bid's bidder, and whether it ranked
   * first; with the history as it stands once this section is in.
   */
  async winRate(
    prices: SectionPrices,
    candidates: string[],
    seq: number,
  ): Promise<{ facts: WinRateFacts; outcomes: SectionOutcome[] } | null> {
    if (!this.deps.outcomes) return null;
    const winner = candidates[0];
    const outcomes = new Map<string, SectionOutcome>();
    for (const b of prices.bids) {
      const known = outcomes.get(b.bidder.partyId);
      outcomes.set(b.bidder.partyId, { bidder: b.bidder, won: (known?.won ?? false) || b.bidId === winner });
    }
    const list = [...outcomes.values()];
    const history = withSection(await this.deps.outcomes.records(prices.sectionId), list);
    return {
      facts: { sectionId: prices.sectionId, seq, history, bidders: list.map((o) => o.bidder.partyId) },
      outcomes: list,
    };
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
