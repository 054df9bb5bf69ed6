import { randomUUID } from 'node:crypto';
import { Op, type Transaction } from 'sequelize';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { Signer } from '../../platform/keys/signer.js';
import { EVALUATION_NAMES } from '../publication/index.js';
import {
  can,
  earliestPublicityEnd,
  latestPublicityStart,
  mayManage,
  publicityPeriod,
  publicityStart,
  ruleViolation,
  type Tender,
  type TenderView,
} from '../tenders/index.js';
import './events.js';
import { PASS_OVER_GROUNDS, REASON_MIN_CHARS, type PassOverGround } from './grounds.js';
import { issueLetters, letterPdf } from './letters.js';
import type {
  Award,
  AwardLetter,
  AwardModels,
  AwardPublicity,
  AwardReport,
  PassedOver,
  StoredCandidate,
} from './models.js';
import type { NoticesPort, OpeningPort, TendersPort } from './ports.js';
import { candidatesOf, currentReport } from './reports.js';
import { awardView, letterView, sectionStateView, type SectionState } from './views.js';

export interface AwardDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  signer: Signer;
  tenders: TendersPort;
  opening: OpeningPort;
  notices: NoticesPort;
}

export interface PublicityInput {
  /** Absent: now. */
  startsAt?: Date;
  endsAt: Date;
}

export interface AwardInput {
  /** The rank of the candidate confirmed as winner (1 to 3). */
  candidateRank: number;
  /** Each candidate ranked before it, with the ground and written reason it is passed over (SS Art.55). */
  passedOver: { rank: number; ground: PassOverGround; reason?: string }[];
}

/** What `issue` needs to make an award: the section's report and publicity, the winner, those passed over. */
interface IssueFacts {
  view: TenderView;
  section: TenderView['sections'][number];
  report: AwardReport;
  publicityId: string;
  winner: StoredCandidate;
  passedOver: PassedOver[];
  now: Date;
  action: 'award.confirm' | 'award.next-candidate';
  /** The tender to move to awarded (its last evaluated section), or null. */
  transition: Tender | null;
  /** The refused award this one replaces, and its bid. */
  supersedes?: { awardId: string; bidId: string };
}

/** What the contract (the next stage) needs of a section's award. */
export interface AwardFacts {
  awardId: string;
  tenderId: string;
  sectionId: string;
  bidId: string;
  bidderPartyId: string;
  bidderName: string;
  priceFen: number;
  /** When the 中标通知书 was issued: the 30 days to sign the contract run from here (ZB Art.46). */
  noticeAt: Date;
}

/**
 * Candidate publicity (中标候选人公示, SS Art.54) and the award (定标, ZB Art.40, 45; SS Art.55) of each section
 * of a tender whose evaluation report is completed: the tenderee or its agency publishes the candidates within
 * 3 days for at least 3, objections meanwhile hold the award until answered, and after the publicity the
 * winner is confirmed in rank order, with the signed letters and the public result notice in one transaction.
 */
export class AwardService {
  constructor(
    private readonly models: AwardModels,
    private readonly deps: AwardDeps,
  ) {}

  /** The platform's signing certificate, for those who check a letter's signature offline. */
  get certificatePem(): string {
    return this.deps.signer.certPem;
  }

  /** Publishes a section's candidates, with its notice; the tender's first publicity moves it to publicity. */
  async publishCandidates(ctx: RequestContext, tenderId: string, sectionId: string, input: PublicityInput) {
    const { db, audit, clock, events, tenders, notices } = this.deps;
    const id = await db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      if (!can(tender.status, 'publishCandidates'))
        throw conflict('TENDER_NOT_EVALUATED', `A ${tender.status} tender has no candidates to publish`);
      const view = await tenders.view(tenderId, t);
      const section = this.sectionOf(view, sectionId);
      const report = await currentReport(this.models, sectionId, t);
      if (!report)
        throw conflict('REPORT_NOT_COMPLETED', 'The evaluation report of this section is not completed');
      const existing = await this.models.AwardPublicity.findOne({
        where: { reportId: report.id },
        transaction: t,
      });
      if (existing)
        throw conflict('PUBLICITY_EXISTS', 'The candidates of this section are already published');
      const now = clock.now();
      const startsAt = input.startsAt ?? now;
      const broken = [
        ...publicityStart({ reportCompletedAt: report.completedAt, startsAt }, now),
        ...publicityPeriod({ startsAt, endsAt: input.endsAt }),
      ];
      if (broken.length > 0) throw ruleViolation(broken);
      const publicity = await this.models.AwardPublicity.create(
        {
          id: randomUUID(),
          tenderId,
          sectionId,
          reportId: report.id,
          startsAt,
          endsAt: input.endsAt,
          publishedAt: now,
          publishedBy: ctx.actor!.userId,
          noticeId: null,
        },
        { transaction: t },
      );
      // The tender moves first, so the notice carries the status it is published in.
      if (can(tender.status, 'startPublicity')) await tenders.transition(t, ctx, tender, 'startPublicity');
      const number = await this.models.AwardPublicity.count({ where: { tenderId }, transaction: t });
      const noticeId = await notices.announceCandidates(
        t,
        ctx,
        tenderId,
        number,
        {
          section: { code: section.code, name: section.name },
          evaluationMethod: EVALUATION_NAMES[section.evaluationPlan.method],
          reportCompletedAt: report.completedAt.toISOString(),
          startsAt: startsAt.toISOString(),
          endsAt: input.endsAt.toISOString(),
          candidates: candidatesOf(report),
        },
        now,
      );
      await publicity.update({ noticeId }, { transaction: t });
      await audit.append(t, ctx, {
        action: 'award.publish-candidates',
        subject: `tender:${tenderId}`,
        data: {
          sectionId,
          reportId: report.id,
          startsAt: startsAt.toISOString(),
          endsAt: input.endsAt.toISOString(),
        },
      });
      await events.emit(t, ctx, 'award.publicity-published', {
        tenderId,
        sectionId,
        publicityId: publicity.id,
        reportId: report.id,
        startsAt: startsAt.toISOString(),
        endsAt: input.endsAt.toISOString(),
      });
      return publicity.id;
    });
    return this.sectionState(ctx.actor, tenderId, sectionId, id);
  }

  /** A bidder objects to a section's candidates during their publicity; the award waits for the answer. */
  async objectToCandidates(ctx: RequestContext, tenderId: string, sectionId: string, content: string) {
    const tender = await this.deps.tenders.findVisible(ctx.actor, tenderId);
    const publicity = await this.currentPublicity(sectionId);
    if (!publicity || publicity.tenderId !== tender.id)
      throw conflict('PUBLICITY_NOT_PUBLISHED', 'The candidates of this section are not published');
    return this.deps.tenders.enquiries.objectToCandidates(ctx, tenderId, sectionId, publicity, content);
  }

  /**
   * Confirms the winner of a section (定标): the first candidate, or a later one when each ranked before it
   * is passed over on a ground of SS Art.55 with a written reason. Issues the signed letters and the result
   * notice; the last evaluated section's award moves the tender to awarded.
   */
  async confirm(ctx: RequestContext, tenderId: string, sectionId: string, input: AwardInput) {
    const { db, clock, tenders } = this.deps;
    const awardId = await db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      if (!can(tender.status, 'confirmAward'))
        throw conflict('TENDER_NOT_IN_PUBLICITY', `A ${tender.status} tender has no candidates to award`);
      const view = await tenders.view(tenderId, t);
      const section = this.sectionOf(view, sectionId);
      const report = await currentReport(this.models, sectionId, t);
      const publicity = report
        ? await this.models.AwardPublicity.findOne({ where: { reportId: report.id }, transaction: t })
        : null;
      if (!report || !publicity)
        throw conflict('PUBLICITY_NOT_PUBLISHED', 'The candidates of this section are not published');
      if (await this.current(sectionId, t))
        throw conflict('ALREADY_AWARDED', 'This section already has its winner');
      const now = clock.now();
      if (now < publicity.endsAt) {
        throw conflict('PUBLICITY_NOT_ENDED', 'The winner is confirmed after the publicity ends', {
          endsAt: publicity.endsAt.toISOString(),
        });
      }
      const open = await tenders.enquiries.openCandidateObjections(tenderId, sectionId, t);
      if (open > 0)
        throw conflict('OBJECTION_OPEN', `${open} objection(s) to the candidates are not answered yet`, {
          open,
        });
      const candidates = candidatesOf(report);
      const winner = candidates.find((c) => c.rank === input.candidateRank);
      if (!winner)
        throw unprocessable('CANDIDATE_UNKNOWN', `There is no candidate ranked ${input.candidateRank}`);
      const expected = candidates.filter((c) => c.rank < winner.rank).map((c) => c.rank);
      const given = input.passedOver.map((p) => p.rank);
      if (given.length !== expected.length || given.some((rank, i) => rank !== expected[i])) {
        throw unprocessable(
          'CANDIDATE_OUT_OF_ORDER',
          'Candidates are taken in rank order: give a ground for each one ranked before the winner, in order',
          { expected },
        );
      }
      const missing = input.passedOver.filter((p) => (p.reason ?? '').trim().length < REASON_MIN_CHARS);
      if (missing.length > 0) {
        throw unprocessable('GROUND_REASON_REQUIRED', 'Each candidate passed over needs a written reason', {
          ranks: missing.map((p) => p.rank),
        });
      }
      const passedOver: PassedOver[] = input.passedOver.map((p) => {
        const c = candidates.find((x) => x.rank === p.rank)!;
        return {
          rank: p.rank,
          bidId: c.bidId,
          bidderName: c.bidderName,
          ground: PASS_OVER_GROUNDS[p.ground],
          reason: p.reason!.trim(),
        };
      });
      return this.issue(t, ctx, {
        view,
        section,
        report,
        publicityId: publicity.id,
        winner,
        passedOver,
        now,
        action: 'award.confirm',
        // The last evaluated section's award moves the tender to awarded.
        transition: (await this.everySectionAwarded(t, view, sectionId)) ? tender : null,
      });
    });
    const award = (await this.models.Award.findByPk(awardId))!;
    return awardView(award);
  }

  /**
   * Keeps the winner's refusal to sign (SS Art.74) on its award, in the contract's transaction: the next
   * award names the refused winner as passed over with the refusal's reason.
   */
  subscribe(): void {
    this.deps.events.within('contract.refused', async (t, e) => {
      await this.models.Award.update(
        { refusedAt: new Date(e.at), refusalReason: e.reason },
        { where: { id: e.awardId }, transaction: t },
      );
    });
  }

  /**
   * Awards the next candidate still standing in the committee's rank order after the winner refused to sign
   * (SS Art.55, 74): the refused award is kept, superseded; the new one is at the candidate's own price with
   * the refused winner passed over as 放弃中标, new letters and a new 中标结果公告, and 'award.confirmed' starts
   * the contract's 30 days again. No candidate left: the tenderee must tender again (409).
   */
  async awardNext(ctx: RequestContext, tenderId: string, sectionId: string) {
    const { db, clock, tenders } = this.deps;
    const awardId = await db.transaction(async (t) => {
      const tender = await tenders.lockManaged(t, ctx, tenderId);
      if (!can(tender.status, 'awardNextCandidate'))
        throw conflict('TENDER_NOT_AWARDED', `A ${tender.status} tender has no refused award to pass on`);
      const view = await tenders.view(tenderId, t);
      const section = this.sectionOf(view, sectionId);
      const refused = await this.current(sectionId, t);
      if (!refused) throw conflict('SECTION_NOT_AWARDED', 'This section has no award');
      if (!refused.refusedAt || refused.refusalReason === null)
        throw conflict(
          'REFUSAL_NOT_RECORDED',
          "The next candidate is awarded only after the winner's refusal to sign is recorded",
        );
      const report = (await this.models.AwardReport.findByPk(refused.reportId, { transaction: t }))!;
      const next = candidatesOf(report)
        .filter((c) => c.rank > refused.candidateRank)
        .sort((a, b) => a.rank - b.rank)[0];
      if (!next)
        throw conflict(
          'NO_CANDIDATE_LEFT',
          'No candidate is left after the refused winner: the tenderee must tender again (SS Art.55)',
        );
      const passedOver: PassedOver[] = [
        ...(JSON.parse(refused.passedOver) as PassedOver[]),
        {
          rank: refused.candidateRank,
          bidId: refused.bidId,
          bidderName: refused.bidderName,
          ground: PASS_OVER_GROUNDS.declined,
          reason: refused.refusalReason,
        },
      ];
      const now = clock.now();
      await refused.update({ supersededAt: now }, { transaction: t });
      return this.issue(t, ctx, {
        view,
        section,
        report,
        publicityId: refused.publicityId,
        winner: next,
        passedOver,
        now,
        action: 'award.next-candidate',
        transition: null,
        supersedes: { awardId: refused.id, bidId: refused.bidId },
      });
    });
    const award = (await this.models.Award.findByPk(awardId))!;
    return awardView(award);
  }

  /** The section's confirmed award, for the contract (the next stage); null before it. */
  async awardFor(sectionId: string, t?: Transaction): Promise<AwardFacts | null> {
    const award = await this.current(sectionId, t);
    if (!award) return null;
    return {
      awardId: award.id,
      tenderId: award.tenderId,
      sectionId: award.sectionId,
      bidId: award.bidId,
      bidderPartyId: award.bidderPartyId,
      bidderName: award.bidderName,
      priceFen: award.priceFen,
      noticeAt: award.confirmedAt,
    };
  }

  /**
   * Every section of the tender as this stage sees it: the report's candidates and the limits to publish
   * them (for the tender's runners and supervisors), the publicity, open objections and the award. Others
   * see a section from its publicity on, as the public notices show it.
   */
  async overview(actor: Actor | null, tenderId: string): Promise<SectionState[]> {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    const view = await this.deps.tenders.view(tenderId);
    const states: SectionState[] = [];
    for (const section of view.sections) states.push(await this.state(actor, tender, section, null));
    return states;
  }

  /** The letters the caller may read: the addressee party's own, all for the tender's runners and supervisors. */
  async letters(actor: Actor, tenderId: string) {
    const tender = await this.deps.tenders.findVisible(actor, tenderId);
    const all = mayManage(actor, tender) || actor.role === 'supervisor';
    if (!all && !actor.partyId) throw forbidden();
    const rows = await this.models.AwardLetter.findAll({
      where: all ? { tenderId } : { tenderId, partyId: actor.partyId! },
      order: [
        ['issuedAt', 'ASC'],
        ['kind', 'ASC'],
      ],
    });
    const superseded = new Set(
      (
        await this.models.Award.findAll({
          where: { tenderId, supersededAt: { [Op.ne]: null } },
          attributes: ['id'],
        })
      ).map((a) => a.id),
    );
    return rows.map((l) => letterView(l, superseded.has(l.awardId)));
  }

  /** One letter as signed (for offline checking) and its PDF; 404 to anyone but its readers. */
  async letter(actor: Actor, letterId: string): Promise<AwardLetter> {
    const letter = await this.models.AwardLetter.findByPk(letterId);
    if (!letter) throw notFound('Letter');
    const tender = await this.deps.tenders.find(letter.tenderId);
    const reader =
      (tender && mayManage(actor, tender)) ||
      actor.role === 'supervisor' ||
      (actor.role === 'bidder' && actor.partyId === letter.partyId);
    if (!reader) throw notFound('Letter');
    return letter;
  }

  async letterPdf(ctx: RequestContext, letterId: string): Promise<{ letter: AwardLetter; pdf: Buffer }> {
    const letter = await this.letter(ctx.actor!, letterId);
    return { letter, pdf: await letterPdf(letter) };
  }

  private async sectionState(actor: Actor | null, tenderId: string, sectionId: string, _publicityId: string) {
    const tender = (await this.deps.tenders.find(tenderId))!;
    const view = await this.deps.tenders.view(tenderId);
    return this.state(actor, tender, this.sectionOf(view, sectionId), null);
  }

  private async state(
    actor: Actor | null,
    tender: Tender,
    section: TenderView['sections'][number],
    t: Transaction | null,
  ): Promise<SectionState> {
    const transaction = t ?? undefined;
    const runner = mayManage(actor, tender) || actor?.role === 'supervisor';
    const report = await currentReport(this.models, section.id, transaction);
    const publicity = report
      ? await this.models.AwardPublicity.findOne({ where: { reportId: report.id }, transaction })
      : null;
    const award = await this.current(section.id, transaction);
    const openObjections = await this.deps.tenders.enquiries.openCandidateObjections(
      tender.id,
      section.id,
      transaction,
    );
    const now = this.deps.clock.now();
    return sectionStateView({
      section,
      // The candidates go public with their publicity; before that only those who run the tender see them.
      report: report && (runner || publicity) ? report : null,
      limits:
        report && runner && !publicity
          ? {
              latestStartAt: latestPublicityStart(report.completedAt),
              earliestEndAt: earliestPublicityEnd(now),
            }
          : null,
      publicity,
      openObjections,
      award,
      now,
    });
  }

  private async currentPublicity(sectionId: string): Promise<AwardPublicity | null> {
    const report = await currentReport(this.models, sectionId);
    return report ? this.models.AwardPublicity.findOne({ where: { reportId: report.id } }) : null;
  }

  /**
   * Whether every section that was evaluated has its award: a section counts as evaluated when a report was
   * completed for it or its bids went to evaluation (a failed section, 流标, has neither).
   */
  private async everySectionAwarded(t: Transaction, view: TenderView, awarding: string): Promise<boolean> {
    for (const section of view.sections) {
      if (section.id === awarding) continue;
      const evaluated =
        (await this.models.AwardReport.count({ where: { sectionId: section.id }, transaction: t })) > 0 ||
        (await this.deps.opening.bidsForEvaluation(view.id, section.id, t)).length > 0;
      if (!evaluated) continue;
      const award: Award | null = await this.current(section.id, t);
      if (!award) return false;
    }
    return true;
  }

  /**
   * The award row at the winner's price, the signed letters to every bidder the committee reviewed, the
   * 中标结果公告, audit and 'award.confirmed' (the contract's 30 days and its deadline jobs run from it), in the
   * caller's transaction under the tender's lock.
   */
  private async issue(t: Transaction, ctx: RequestContext, f: IssueFacts): Promise<string> {
    const { audit, events, tenders, notices, signer, opening } = this.deps;
    const tenderId = f.view.id;
    const sectionId = f.section.id;
    const award = await this.models.Award.create(
      {
        id: randomUUID(),
        tenderId,
        sectionId,
        publicityId: f.publicityId,
        reportId: f.report.id,
        bidId: f.winner.bidId,
        bidderPartyId: f.winner.bidderPartyId,
        bidderName: f.winner.bidderName,
        candidateRank: f.winner.rank,
        priceFen: f.winner.priceFen,
        passedOver: JSON.stringify(f.passedOver),
        confirmedAt: f.now,
        confirmedBy: ctx.actor!.userId,
        noticeId: null,
      },
      { transaction: t },
    );
    // Every bidder whose bid the committee reviewed hears the result; the winner gets the 中标通知书.
    const opened = await opening.bidsForEvaluation(tenderId, sectionId, t);
    const bidders = opened.map((b) => ({ bidId: b.bidId, partyId: b.bidderPartyId, name: b.bidderName }));
    if (!bidders.some((b) => b.bidId === f.winner.bidId))
      bidders.unshift({ bidId: f.winner.bidId, partyId: f.winner.bidderPartyId, name: f.winner.bidderName });
    const letters = await issueLetters(this.models, signer, t, {
      awardId: award.id,
      tender: f.view,
      section: { id: f.section.id, code: f.section.code, name: f.section.name },
      winner: {
        name: f.winner.bidderName,
        priceFen: f.winner.priceFen,
        bidId: f.winner.bidId,
        partyId: f.winner.bidderPartyId,
      },
      bidders,
      issuedAt: f.now,
    });
    if (f.transition) await tenders.transition(t, ctx, f.transition, 'award');
    const number = await this.models.Award.count({ where: { tenderId }, transaction: t });
    const noticeId = await notices.announceAward(
      t,
      ctx,
      tenderId,
      number,
      {
        section: { code: f.section.code, name: f.section.name },
        winner: { name: f.winner.bidderName, priceFen: f.winner.priceFen, rank: f.winner.rank },
        passedOver: f.passedOver,
        confirmedAt: f.now.toISOString(),
      },
      f.now,
    );
    await award.update({ noticeId }, { transaction: t });
    await audit.append(t, ctx, {
      action: f.action,
      subject: `tender:${tenderId}`,
      data: {
        sectionId,
        awardId: award.id,
        bidId: f.winner.bidId,
        rank: f.winner.rank,
        priceFen: f.winner.priceFen,
        passedOver: f.passedOver.map((p) => ({ rank: p.rank, ground: p.ground })),
        letters: letters.length,
      },
    });
    await events.emit(t, ctx, 'award.confirmed', {
      tenderId,
      sectionId,
      awardId: award.id,
      bidId: f.winner.bidId,
      priceFen: f.winner.priceFen,
      noticeAt: f.now.toISOString(),
      ...(f.supersedes && { supersedes: f.supersedes.awardId, supersededBidId: f.supersedes.bidId }),
    });
    return award.id;
  }

  /** The section's current award: a superseded one (the next candidate was awarded) is kept but not current. */
  private current(sectionId: string, t?: Transaction): Promise<Award | null> {
    return this.models.Award.findOne({ where: { sectionId, supersededAt: null }, transaction: t });
  }

  private sectionOf(view: TenderView, sectionId: string) {
    const section = view.sections.find((s) => s.id === sectionId);
    if (!section) throw notFound('Tender section');
    return section;
  }
}
