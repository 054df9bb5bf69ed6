import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Cluster } from '../../platform/cluster/index.js';
import { notFound } from '../../platform/errors.js';
import type { EventBus, EventOrigin } from '../../platform/events.js';
import { encodeKeyset } from '../../platform/http/keyset.js';
import type { Logger } from '../../platform/logger.js';
import type { Page } from '../../platform/http/pagination.js';
import type { TenderEvent } from '../tenders/index.js';
import type { Category, TenderStatus } from '../tenders/index.js';
import type { TenderView } from '../tenders/index.js';
import { awardNotice, type AwardText } from './award-notice.js';
import { candidatesNotice, type CandidatesText } from './candidates-notice.js';
import { contractNotice, type ContractText } from './contract-notice.js';
import { cancellationNotice } from './cancellation-notice.js';
import { clarificationNotice } from './clarification-notice.js';
import { failureNotice, openingRecordNotice, type OpeningRecordText } from './opening-notice.js';
import './events.js';
import { FeedCache } from './feed-cache.js';
import { feedPageQuery, isoInstant, type FeedRow } from './feed.js';
import { readFeedRows } from './feed-rows.js';
import type { NoticeKind } from './kinds.js';
import type { Notice, NoticeModels } from './models.js';
import type { FeedQuery, NoticeSummary, NoticeView } from './schemas.js';
import { tenderNotice, type NoticeLinks, type NoticeText } from './tender-notice.js';
import type { TendersPort } from './ports.js';

export interface NoticeDeps {
  events: EventBus;
  tenders: TendersPort;
  /** Absolute base of public links, e.g. https://ygjy.example.cn */
  publicUrl: string;
  platformName: string;
  /** How long an anonymous reader's feed page may be served from memory (0: never). */
  feedCacheMs: number;
  /** The other nodes, told of every feed change so their caches drop it at once. */
  cluster: Pick<Cluster, 'publish' | 'subscribe'>;
  log: Logger;
}

export function toNoticeSummary(n: Notice): NoticeSummary {
  return {
    id: n.id,
    tenderId: n.tenderId,
    kind: n.kind,
    title: n.title,
    regionCode: n.regionCode,
    category: n.category,
    tenderStatus: n.tenderStatus,
    publishedAt: n.publishedAt.toISOString(),
    dateModified: n.dateModified.toISOString(),
  };
}

/** A feed row as its summary; the copied columns hold only what the notice's model allows. */
function feedEntry(r: FeedRow): NoticeSummary {
  return {
    id: r.id,
    tenderId: r.tender_id,
    kind: r.kind as NoticeKind,
    title: r.title,
    regionCode: r.region_code,
    category: r.category as Category,
    tenderStatus: r.tender_status as NoticeSummary['tenderStatus'],
    publishedAt: isoInstant(r.published_at),
    dateModified: isoInstant(r.date_modified),
  };
}

/**
 * Notices (公告) written by the platform from the tender's own data, never typed twice, and the public feed
 * of them (EB Art.9: free access to all public information). Each notice commits in the transaction of the
 * tender change it announces, so there is never a change without its notice or a notice without its change.
 */
export class NoticesService {
  readonly feedCache: FeedCache;

  constructor(
    private readonly models: NoticeModels,
    private readonly deps: NoticeDeps,
  ) {
    this.feedCache = new FeedCache(deps.feedCacheMs);
    this.feedCache.share(deps.cluster, (err) =>
      deps.log.warn(
        { err },
        'could not tell the other nodes of a feed change; theirs expires within FEED_CACHE_MS',
      ),
    );
  }

  /** Hooks the notices into the tender's lifecycle; compose calls it once. */
  subscribe(): void {
    const { events } = this.deps;
    events.within('tender.published', (t, e, cause) => this.announce(t, cause, e, 'tender', 1));
    events.within('tender.clarified', (t, e, cause) => this.announce(t, cause, e, 'clarification', e.number));
    events.within('tender.cancelled', (t, e, cause) => this.announce(t, cause, e, 'cancellation', 1));
    events.within('tender.suspended', (t, e) => this.followTender(t, e));
    events.within('tender.resumed', (t, e) => this.followTender(t, e));
    events.within('tender.bidding-closed', (t, e) => this.followTender(t, e));
    events.within('tender.opening-started', (t, e) => this.followTender(t, e));
    events.within('tender.evaluation-started', (t, e) => this.followTender(t, e));
    events.within('tender.failed', (t, e) => this.followTender(t, e));
    events.within('tender.publicity-started', (t, e) => this.followTender(t, e));
    events.within('tender.awarded', (t, e) => this.followTender(t, e));
  }

  /**
   * 中标候选人公示 of one section, in the publicity's transaction (the award module calls it); `number` counts
   * the tender's publicities. Returns the notice's id.
   */
  async announceCandidates(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    number: number,
    text: Omit<CandidatesText, 'platformName' | 'objectionsUrl'>,
    at: Date,
  ): Promise<string | null> {
    const full: CandidatesText = {
      ...text,
      platformName: this.deps.platformName,
      objectionsUrl: `${this.deps.publicUrl}/#/tenders/${tenderId}`,
    };
    return this.announceText(t, origin, tenderId, 'candidates', number, at, (tender) =>
      candidatesNotice(tender, full, at.toISOString()),
    );
  }

  /** 中标结果公告 of one section, in the award's transaction (the award module calls it). */
  async announceAward(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    number: number,
    text: AwardText,
    at: Date,
  ): Promise<string | null> {
    return this.announceText(t, origin, tenderId, 'award', number, at, (tender) =>
      awardNotice(tender, text, at.toISOString()),
    );
  }

  /** 合同公告 of one section, in the contract's transaction (the contract module calls it). */
  async announceContract(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    number: number,
    text: ContractText,
    at: Date,
  ): Promise<string | null> {
    return this.announceText(t, origin, tenderId, 'contract', number, at, (tender) =>
      contractNotice(tender, text, at.toISOString()),
    );
  }

  /** The opening record (开标记录) of one section, in the opening's transaction (the opening module calls it). */
  async announceOpeningRecord(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    number: number,
    record: OpeningRecordText,
    at: Date,
  ) {
    await this.announceText(t, origin, tenderId, 'opening-record', number, at, (tender) =>
      openingRecordNotice(tender, record, at.toISOString()),
    );
  }

  /**
   * 暂停公告 / 恢复公告 of a supervisory instruction, in the instruction's transaction (the supervision module
   * calls it with the text it composed from the tender). Returns the notice's id, null for an unpublished tender.
   */
  async announceInstruction(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    kind: 'suspension' | 'resumption',
    number: number,
    at: Date,
    compose: (tender: TenderView) => NoticeText,
  ): Promise<string | null> {
    return this.announceText(t, origin, tenderId, kind, number, at, compose);
  }

  /** 流标公告 for one section that had fewer than 3 bids, in the opening's transaction. */
  async announceFailure(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    number: number,
    section: { code: string; name: string; bidCount: number },
    at: Date,
  ) {
    await this.announceText(t, origin, tenderId, 'failure', number, at, (tender) =>
      failureNotice(tender, section, at.toISOString()),
    );
  }

  /** A page of the feed, newest change first, in one statement (see feedPageQuery). */
  async list(query: FeedQuery): Promise<Page<NoticeSummary>> {
    const sequelize = this.models.Notice.sequelize!;
    const rows = await readFeedRows(sequelize, feedPageQuery(query, sequelize.getDialect()));
    const items = rows.slice(0, query.limit).map(feedEntry);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > query.limit && last ? encodeKeyset({ at: last.dateModified, id: last.id }) : null;
    return { items, nextCursor };
  }

  async get(id: string): Promise<NoticeView> {
    const notice = await this.models.Notice.findByPk(id);
    if (!notice) throw notFound('Notice');
    return { ...toNoticeSummary(notice), body: notice.body };
  }

  /** One tender's notices by kind and number: supervision's watchdogs check that none is missing. */
  async ofTender(tenderId: string): Promise<{ kind: NoticeKind; number: number }[]> {
    const rows = await this.models.Notice.findAll({ where: { tenderId }, attributes: ['kind', 'number'] });
    return rows.map((n) => ({ kind: n.kind, number: n.number }));
  }

  /** Generates and stores a notice of `kind` for the tender as it stands inside the transaction `t`. */
  /** A notice from a tender event, in its transaction; `cause` is that event (its actor publishes the notice). */
  private async announce(
    t: Transaction,
    cause: EventOrigin,
    event: TenderEvent,
    kind: NoticeKind,
    number: number,
  ) {
    await this.announceText(t, cause, event.tenderId, kind, number, new Date(event.at), (tender) =>
      this.compose(kind, tender, number),
    );
  }

  private async announceText(
    t: Transaction,
    origin: EventOrigin,
    tenderId: string,
    kind: NoticeKind,
    number: number,
    at: Date,
    compose: (tender: TenderView) => NoticeText,
  ): Promise<string | null> {
    const tender = await this.deps.tenders.view(tenderId, t);
    // A draft cancelled before publication was never public, so there is nothing to announce.
    if (!tender.publishedAt) return null;
    await this.copyStatus(t, tender.id, tender.status, at.toISOString());
    const text = compose(tender);
    const notice = await this.models.Notice.create(
      {
        id: randomUUID(),
        tenderId: tender.id,
        kind,
        number,
        ...text,
        regionCode: tender.regionCode,
        category: tender.category,
        tenderStatus: tender.status,
        publishedAt: at,
        dateModified: at,
      },
      { transaction: t },
    );
    await this.deps.events.publishAfterCommit(t, origin, 'notice.published', {
      noticeId: notice.id,
      tenderId: tender.id,
      kind,
      title: notice.title,
    });
    return notice.id;
  }

  private async followTender(t: Transaction, event: TenderEvent) {
    const tender = await this.deps.tenders.find(event.tenderId, t);
    if (tender) await this.copyStatus(t, tender.id, tender.status, event.at);
  }

  /** The tender's status, copied to its notices on every event, which moves them up the feed. */
  private async copyStatus(t: Transaction, tenderId: string, status: TenderStatus, at: string) {
    t.afterCommit(() => this.feedCache.invalidate());
    await this.models.Notice.update(
      { tenderStatus: status, dateModified: new Date(at) },
      { where: { tenderId }, transaction: t },
    );
  }

  private compose(kind: NoticeKind, tender: TenderView, number: number): NoticeText {
    const links: NoticeLinks = {
      platformName: this.deps.platformName,
      documentsUrl: `${this.deps.publicUrl}/api/v1/tenders/${tender.id}/documents`,
    };
    switch (kind) {
      case 'tender':
        return tenderNotice(tender, links);
      case 'clarification':
        return clarificationNotice(tender, number);
      case 'cancellation':
        return cancellationNotice(tender);
      default:
        throw new Error(`notices of kind ${kind} are not generated yet`);
    }
  }
}
