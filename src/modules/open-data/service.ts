import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import { pageByKeyset } from '../../platform/http/keyset.js';
import type { TenderEvent } from '../tenders/index.js';
import type { TenderView } from '../tenders/index.js';
import type { ReleaseTag } from './codelists.js';
import type { OcdsRelease, OpenDataModels } from './models.js';
import { recordPackage, releasePackage, type Publisher } from './packages.js';
import { addBids, type OcdsBid } from './bids.js';
import { buildRelease, type Amendment, type Release } from './release.js';
import type { TendersPort } from './ports.js';

export interface OpenDataDeps {
  events: EventBus;
  tenders: TendersPort;
  clock: Clock;
  /** The publisher's registered OCDS prefix, e.g. "ocds-yg0000-"; ocid = prefix + tender code. */
  ocdsPrefix: string;
  publicUrl: string;
  publisherName: string;
}

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
