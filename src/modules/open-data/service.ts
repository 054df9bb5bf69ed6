import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { AnyEnvelope, EventBus } from '../../platform/events.js';
import { pageByKeyset } from '../../platform/http/keyset.js';
import type { TenderEvent } from '../tenders/index.js';
import type { TenderView } from '../tenders/index.js';
import type { ReleaseTag } from './codelists.js';
import type { OcdsRelease, OpenDataModels } from './models.js';
import { recordPackage, releasePackage, type Publisher } from './packages.js';
import { addBids, type OcdsBid } from './bids.js';
import { buildRelease, value, type Amendment, type Release } from './release.js';
import type { PostBidPorts, TendersPort } from './ports.js';
import {
  addCandidateAwards,
  addConfirmedAward,
  addPartyRoles,
  awardId,
  type OcdsCandidate,
} from './awards.js';
import { addContracts, paymentTransaction, performanceMilestone, signedContract } from './contracts.js';

export interface OpenDataDeps {
  events: EventBus;
  tenders: TendersPort;
  clock: Clock;
  /** The publisher's registered OCDS prefix, e.g. "ocds-yg0000-"; ocid = prefix + tender code. */
  ocdsPrefix: string;
  publicUrl: string;
  publisherName: string;
  /** The award and opening modules, built after this one; read when a post-bid event is handled. */
  postBid?: PostBidPorts;
}

/** The durable consumer that releases the post-bid steps (its cursor's key: keep it stable). */
export const POST_BID_CONSUMER = 'open-data-post-bid';

const parse = (row: OcdsRelease) => JSON.parse(row.json) as Release;

/**
 * Open data (docs/domain.md §7): every public step of a tender as an OCDS 1.1 release, written in the step's own
 * transaction and never changed, served per tender as a release package and as a record with the compiled
 * release, and to harvesters as one feed. Drafts are never released.
 */
export class OpenDataService {
  constructor(
    private readonly models: OpenDataModels,
    private readonly deps: OpenDataDeps,
  ) {}

  subscribe(): void {
    const { events } = this.deps;
    events.within('tender.published', (t, e) => this.release(t, e, 'tender'));
    events.within('tender.clarified', (t, e) => this.release(t, e, 'tenderAmendment', e.number));
    events.within('tender.cancelled', (t, e) => this.release(t, e, 'tenderCancellation'));
    events.within('tender.suspended', (t, e) => this.release(t, e, 'tenderUpdate'));
    events.within('tender.resumed', (t, e) => this.release(t, e, 'tenderUpdate'));
    events.within('tender.bidding-closed', (t, e) => this.release(t, e, 'tenderUpdate'));
    events.within('tender.opening-started', (t, e) => this.release(t, e, 'tenderUpdate'));
    events.within('tender.evaluation-started', (t, e) => this.release(t, e, 'tenderUpdate'));
    events.within('tender.failed', (t, e) => this.release(t, e, 'tenderUpdate'));
    // The award's steps are released by a durable consumer, after their commit, in stream order: the
    // candidates are read through the award module's public overview, which sees only committed rows.
    if (this.deps.postBid) {
      events.consume(POST_BID_CONSUMER, (t, e) => this.releasePostBid(t, e), {
        types: [
          'award.publicity-published',
          'award.confirmed',
          'contract.signed',
          'performance.milestone-recorded',
          'performance.payment-recorded',
          'performance.changed',
          'performance.accepted',
          'performance.terminated',
        ],
      });
    }
  }

  private async releasePostBid(t: Transaction, e: AnyEnvelope) {
    if (e.type === 'award.publicity-published') {
      const { tenderId, sectionId } = e.data;
      const { code, candidates } = await this.candidates(tenderId, sectionId, t);
      const at = e.at.toISOString();
      await this.release(t, { tenderId, code: '', at }, 'award', undefined, (r) =>
        addCandidateAwards(r, code, candidates, at),
      );
    } else if (e.type === 'award.confirmed') {
      const { tenderId, sectionId, bidId, noticeAt, supersededBidId } = e.data;
      const { code, candidates } = await this.candidates(tenderId, sectionId, t);
      await this.release(t, { tenderId, code: '', at: noticeAt }, 'awardUpdate', undefined, (r) =>
        addConfirmedAward(r, code, candidates, bidId, noticeAt, supersededBidId),
      );
    } else if (e.type === 'contract.signed') {
      const d = e.data;
      const c = await this.contractContext(d.tenderId, d.sectionId, t);
      const terms = await this.deps.postBid!.contract().contractFor(d.sectionId);
      if (!terms) throw new Error(`section ${d.sectionId} has no contract`);
      const contract = signedContract({
        ...d,
        awardID: c.awardID,
        sectionName: c.sectionName,
        subject: terms.subject,
        startsOn: terms.startsOn,
        dueAt: terms.dueAt,
      });
      await this.release(
        t,
        { tenderId: d.tenderId, code: '', at: d.signedAt },
        'contract',
        undefined,
        (r) => {
          addContracts(r, [contract]);
          addPartyRoles(r, c.parties.supplier, ['tenderer', 'supplier']);
        },
      );
    } else if (e.type === 'performance.milestone-recorded' || e.type === 'performance.payment-recorded') {
      const d = e.data;
      const c = await this.contractContext(d.tenderId, d.sectionId, t);
      const implementation =
        e.type === 'performance.payment-recorded'
          ? { transactions: [paymentTransaction(e.data, c.parties)] }
          : { milestones: [performanceMilestone(e.data)] };
      // The record's first implementation release is 'implementation', later ones 'implementationUpdate'.
      const earlier = await this.models.OcdsRelease.count({
        where: { tenderId: d.tenderId, tag: { [Op.like]: 'implementation%' } },
        transaction: t,
      });
      const at = e.type === 'performance.payment-recorded' ? e.data.paidAt : e.at.toISOString();
      const tag = earlier === 0 ? 'implementation' : 'implementationUpdate';
      await this.release(t, { tenderId: d.tenderId, code: '', at }, tag, undefined, (r) =>
        addContracts(r, [{ id: d.contractId, awardID: c.awardID, implementation }]),
      );
    } else if (e.type === 'performance.changed') {
      const d = e.data;
      const c = await this.contractContext(d.tenderId, d.sectionId, t);
      const before = await this.contractValueFen(d.tenderId, d.contractId, t);
      await this.release(
        t,
        { tenderId: d.tenderId, code: '', at: d.at },
        'contractAmendment',
        undefined,
        (r) =>
          addContracts(r, [
            {
              id: d.contractId,
              awardID: c.awardID,
              ...(before !== null && { value: value(before + d.amountChangeFen) }),
              amendments: [{ id: d.changeId, date: d.at, rationale: d.reason }],
            },
          ]),
      );
    } else if (e.type === 'performance.accepted' || e.type === 'performance.terminated') {
      const d = e.data;
      const c = await this.contractContext(d.tenderId, d.sectionId, t);
      const at = e.type === 'performance.accepted' ? e.data.acceptedAt : e.data.at;
      const description =
        e.type === 'performance.accepted'
          ? `已验收（${e.data.onTime ? '按期' : '逾期'}完成）`
          : `合同解除：${e.data.reason}`;
      await this.release(t, { tenderId: d.tenderId, code: '', at }, 'contractTermination', undefined, (r) =>
        addContracts(r, [{ id: d.contractId, awardID: c.awardID, status: 'terminated', description }]),
      );
    }
  }

  /** What a contract's releases name: its award, its section, the buyer and the supplier. */
  private async contractContext(tenderId: string, sectionId: string, t: Transaction) {
    const { award, opening } = this.deps.postBid!;
    const facts = await award().awardFor(sectionId, t);
    if (!facts) throw new Error(`section ${sectionId} has no award`);
    const tender = await this.deps.tenders.view(tenderId, t);
    const section = tender.sections.find((s) => s.id === sectionId);
    const bid = (await opening().bidsForEvaluation(tenderId, sectionId, t)).find(
      (b) => b.bidId === facts.bidId,
    );
    if (!section || !bid) throw new Error(`section ${sectionId} or its awarded bid is unknown`);
    return {
      awardID: awardId(section.code, facts.bidId),
      sectionName: section.name,
      parties: {
        buyer: tender.tenderee,
        supplier: { name: facts.bidderName, uscc: bid.bidderUscc },
      },
    };
  }

  /** The contract's value in fen as its releases so far state it (the last one that sets it). */
  private async contractValueFen(tenderId: string, contractId: string, t: Transaction) {
    const rows = await this.models.OcdsRelease.findAll({
      where: { tenderId },
      order: [['position', 'ASC']],
      transaction: t,
    });
    let fen: number | null = null;
    for (const row of rows) {
      const contracts = (parse(row).contracts as { id: string; value?: { amount: number } }[]) ?? [];
      const amount = contracts.find((c) => c.id === contractId)?.value?.amount;
      if (amount !== undefined) fen = Math.round(amount * 100);
    }
    return fen;
  }

  /** A section's published candidates, each with its bidder's USCC (the opening knows the bidders). */
  private async candidates(tenderId: string, sectionId: string, t: Transaction) {
    const { award, opening } = this.deps.postBid!;
    const state = (await award().overview(null, tenderId)).find((s) => s.section.id === sectionId);
    if (!state?.report) throw new Error(`section ${sectionId} has no published candidates`);
    const bids = await opening().bidsForEvaluation(tenderId, sectionId, t);
    const candidates: OcdsCandidate[] = state.report.candidates.map((c) => {
      const bid = bids.find((b) => b.bidId === c.bidId);
      if (!bid) throw new Error(`candidate bid ${c.bidId} was not evaluated`);
      return { ...c, bidderUscc: bid.bidderUscc };
    });
    return { code: state.section.code, candidates };
  }

  /**
   * A section's opened bids (the OCDS bids extension) as a tenderUpdate release, in the opening's transaction
   * once its record is published; the bidders join the parties as tenderers.
   */
  async releaseBids(t: Transaction, tenderId: string, at: Date, bids: OcdsBid[]) {
    const event = { tenderId, code: '', at: at.toISOString() };
    await this.release(t, event, 'tenderUpdate', undefined, (release) => addBids(release, bids));
  }

  async releasePackage(tenderId: string) {
    const releases = await this.releasesOf(tenderId);
    return releasePackage(
      this.url(`/ocds/tenders/${tenderId}/releases`),
      this.publisher(),
      releases,
      this.now(),
    );
  }

  async recordPackage(tenderId: string) {
    const releases = await this.releasesOf(tenderId);
    const uri = this.url(`/ocds/tenders/${tenderId}/record`);
    const packageUri = this.url(`/ocds/tenders/${tenderId}/releases`);
    return recordPackage(uri, this.publisher(), packageUri, releases, this.now());
  }

  /** Every release of every tender, oldest first, for harvesters; `since` starts at a date. */
  async feed(query: { since?: Date; cursor?: string; limit: number }) {
    const where = query.since ? { date: { [Op.gte]: query.since } } : {};
    const page = await pageByKeyset(this.models.OcdsRelease, where, {
      orderBy: 'date',
      direction: 'ASC',
      cursor: query.cursor,
      limit: query.limit,
    });
    const releases = page.items.map(parse);
    return {
      ...releasePackage(this.url('/ocds/releases'), this.publisher(), releases, this.now()),
      nextCursor: page.nextCursor,
    };
  }

  private async releasesOf(tenderId: string): Promise<Release[]> {
    const rows = await this.models.OcdsRelease.findAll({ where: { tenderId }, order: [['position', 'ASC']] });
    // No release means a draft or no such tender: either way nothing public to show.
    if (rows.length === 0) throw notFound('Tender');
    return rows.map(parse);
  }

  /** Writes the release of one step, inside the step's transaction `t`. */
  private async release(
    t: Transaction,
    event: TenderEvent,
    tag: ReleaseTag,
    clarification?: number,
    extend?: (release: Release) => void,
  ) {
    const tender = await this.deps.tenders.view(event.tenderId, t);
    if (!tender.publishedAt) return; // a draft cancelled before publication was never public
    const { OcdsRelease } = this.models;
    const previous = await OcdsRelease.findOne({
      where: { tenderId: tender.id },
      order: [['position', 'DESC']],
      transaction: t,
    });
    const position = (previous?.position ?? 0) + 1;
    const ocid = `${this.deps.ocdsPrefix}${tender.code}`;
    const releaseId = `${ocid}-${position}-${tag}`;
    const amendments =
      (previous && (parse(previous).tender as { amendments?: Amendment[] }).amendments) || [];
    if (clarification !== undefined) {
      amendments.push(amendmentOf(tender, clarification, previous?.releaseId, releaseId));
    }
    const release = buildRelease(tender, {
      ocid,
      releaseId,
      date: event.at,
      tag,
      amendments,
      documentsUrl: this.url(`/tenders/${tender.id}/documents`),
    });
    extend?.(release);
    await OcdsRelease.create(
      {
        id: randomUUID(),
        tenderId: tender.id,
        position,
        ocid,
        releaseId,
        tag: release.tag.join(','),
        date: new Date(event.at),
        json: JSON.stringify(release),
      },
      { transaction: t },
    );
  }

  private url(path: string) {
    return `${this.deps.publicUrl}/api/v1${path}`;
  }

  private publisher(): Publisher {
    return { name: this.deps.publisherName, uri: this.deps.publicUrl };
  }

  private now() {
    return this.deps.clock.now();
  }
}

/** A clarification or amendment as an OCDS amendment, linking the releases before and after it. */
function amendmentOf(
  tender: TenderView,
  number: number,
  before: string | undefined,
  after: string,
): Amendment {
  const c = tender.clarifications.find((x) => x.number === number);
  if (!c) throw new Error(`tender ${tender.id} has no clarification ${number}`);
  return {
    id: String(number),
    date: c.publishedAt,
    rationale: c.title,
    description: c.body,
    ...(before && { amendsReleaseID: before }),
    releaseID: after,
  };
}
