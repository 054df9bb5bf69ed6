import { Op, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { Actor, RequestContext } from '../../platform/auth/roles.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events.js';
import type { JobQueue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/logger.js';
import { Clarifications, type ClarificationView } from './clarifications.js';
import { Committee, runsTender } from './committee.js';
import { EvaluationCreation } from './creation.js';
import { Extension } from './extension.js';
import type { EvaluationFacade } from './gateway.js';
import { EvaluationLog, type StepResult } from './log.js';
import { Membership } from './membership.js';
import type { Evaluation, EvaluationModels } from './models.js';
import type {
  CertificatesPort,
  CommitteePort,
  CreditCriterionPort,
  IdentityPort,
  OpeningPort,
  TendersPort,
} from './ports.js';
import { Ranking } from './ranking.js';
import { Reopening, type ReopenedEvaluation, type ReopenOrder } from './reopening.js';
import type { ReportModels } from './report/models.js';
import {
  Reports,
  type CompletedReport,
  type ReportExport,
  type ReportSignaturePayload,
  type ReportView,
} from './report/reports.js';
import { Review } from './review.js';
import type {
  advanceSchema,
  answerBody,
  clarifySchema,
  declareSchema,
  evaluationSummaryView,
  reviewSchema,
  scoreSchema,
  timeShortSchema,
  voteLeaderSchema,
} from './schemas.js';
import { Scoring } from './scoring.js';
import { Signatures } from './signatures.js';
import {
  EvaluationSnapshots,
  logEntryFor,
  tenderFactsFrom,
  type EvaluationSnapshot,
  type LogEntryView,
  type TenderFactsPort,
} from './snapshot.js';
import { Steps } from './steps.js';

type In<S extends z.ZodType> = z.output<S>;
export type EvaluationSummary = z.output<typeof evaluationSummaryView>;

/** A page of the REST log; the room's snapshot carries the same entries. */
const LOG_PAGE = 500;
/** The evaluations a list shows, newest first: a supervisor's screen, not an archive. */
const LIST_LIMIT = 200;

export interface EvaluationParts {
  membership: Membership;
  committee: Committee;
  review: Review;
  scoring: Scoring;
  steps: Steps;
  clarifications: Clarifications;
  extension: Extension;
  snapshots: EvaluationSnapshots;
  facts: TenderFactsPort;
  reopening: Reopening;
  reports: Reports;
}

/**
 * The evaluation's facade (docs/domain.md §4-§5): what the Socket.IO gateway and the REST routes call. Every
 * step is authorized against the evaluation as it stands in the database when it runs (membership, the
 * leader, the step), committed with its numbered log entry and audit entry, and only then answered.
 */
export class EvaluationService implements EvaluationFacade {
  constructor(
    private readonly models: EvaluationModels,
    private readonly parts: EvaluationParts,
  ) {}

  join(actor: Actor, evaluationId: string, lastSeq?: number): Promise<EvaluationSnapshot> {
    return this.parts.snapshots.build(actor, evaluationId, lastSeq);
  }

  /** The number of the evaluation's last step (0 before any, or for no such evaluation): one indexed read. */
  async lastSeq(evaluationId: string): Promise<number> {
    const evaluation = await this.models.Evaluation.findByPk(evaluationId, { attributes: ['lastSeq'] });
    return evaluation?.lastSeq ?? 0;
  }

  declare(ctx: RequestContext, input: In<typeof declareSchema>): Promise<StepResult> {
    return this.parts.committee.declare(ctx, input);
  }

  voteLeader(ctx: RequestContext, input: In<typeof voteLeaderSchema>): Promise<StepResult> {
    return this.parts.committee.voteLeader(ctx, input);
  }

  review(ctx: RequestContext, input: In<typeof reviewSchema>): Promise<StepResult> {
    return this.parts.review.submit(ctx, input);
  }

  score(ctx: RequestContext, input: In<typeof scoreSchema>): Promise<StepResult> {
    return this.parts.scoring.submitScore(ctx, input);
  }

  advance(ctx: RequestContext, input: In<typeof advanceSchema>): Promise<StepResult> {
    return this.parts.steps.advance(ctx, input);
  }

  clarify(ctx: RequestContext, input: In<typeof clarifySchema>): Promise<StepResult> {
    return this.parts.clarifications.ask(ctx, input);
  }

  timeShort(ctx: RequestContext, input: In<typeof timeShortSchema>): Promise<StepResult> {
    return this.parts.extension.timeShort(ctx, input);
  }

  // --- REST -------------------------------------------------------------------------------------------

  /**
   * The evaluations the caller takes part in: a member's own (not those they were replaced on), every one for
   * supervisors, those of the tenders their party runs for the tenderee and agency.
   */
  async list(actor: Actor): Promise<EvaluationSummary[]> {
    const { Evaluation: Evaluations, EvaluationMember } = this.models;
    const order: [string, string][] = [
      ['startedAt', 'DESC'],
      ['id', 'ASC'],
    ];
    const seats = await EvaluationMember.findAll({
      where: { userId: actor.userId, state: { [Op.ne]: 'replaced' } },
    });
    const seatOf = new Map(seats.map((m) => [m.evaluationId, m.id]));
    let rows: Evaluation[];
    if (actor.role === 'supervisor' || actor.role === 'tenderee' || actor.role === 'agency') {
      rows = await Evaluations.findAll({ order, limit: LIST_LIMIT * 5 });
    } else {
      rows = await Evaluations.findAll({ where: { id: [...seatOf.keys()] }, order, limit: LIST_LIMIT });
    }
    const out: EvaluationSummary[] = [];
    for (const e of rows) {
      if (out.length >= LIST_LIMIT) break;
      const facts = await this.parts.facts.tenderFacts(e.tenderId, e.sectionId);
      const seat = seatOf.get(e.id);
      let audience: EvaluationSummary['audience'] | null = null;
      if (seat) audience = e.leaderMemberId === seat ? 'leader' : 'member';
      else if (actor.role === 'supervisor') audience = 'supervisor';
      else if (facts && runsTender(actor, facts)) audience = 'observer';
      if (!audience) continue;
      out.push({
        evaluationId: e.id,
        tenderId: e.tenderId,
        tenderCode: facts?.code ?? '',
        tenderTitle: facts?.title ?? '',
        sectionName: facts?.sectionName ?? '',
        step: e.step,
        startedAt: e.startedAt.toISOString(),
        scheduledEndAt: e.scheduledEndAt.toISOString(),
        audience,
      });
    }
    return out;
  }

  /** The evaluation as the caller may see it (404 to anyone not concerned). */
  get(actor: Actor, evaluationId: string): Promise<EvaluationSnapshot> {
    return this.parts.snapshots.build(actor, evaluationId);
  }

  /** The timeline after `after`: supervisors with who and from where, everyone else concerned without. */
  async logOf(actor: Actor, evaluationId: string, after = 0): Promise<{ items: LogEntryView[] }> {
    const evaluation = await this.models.Evaluation.findByPk(evaluationId);
    if (!evaluation) throw notFound('Evaluation');
    const facts = await this.parts.facts.tenderFacts(evaluation.tenderId, evaluation.sectionId);
    const { audience } = await this.parts.snapshots.audienceOf(actor, evaluation, facts);
    const entries = await this.models.EvaluationLogEntry.findAll({
      where: { evaluationId, seq: { [Op.gt]: after } },
      order: [['seq', 'ASC']],
      limit: LOG_PAGE,
    });
    return { items: entries.map((e) => logEntryFor(e, audience)) };
  }

  clarificationsOf(actor: Actor): Promise<ClarificationView[]> {
    return this.parts.clarifications.mine(actor);
  }

  answer(
    ctx: RequestContext,
    clarificationId: string,
    body: In<typeof answerBody>,
  ): Promise<ClarificationView> {
    return this.parts.clarifications.answer(ctx, clarificationId, body);
  }

  addRepresentative(ctx: RequestContext, evaluationId: string, userId: string): Promise<StepResult> {
    return this.parts.committee.addRepresentative(ctx, evaluationId, userId);
  }

  /**
   * 责令重新评审: back to scoring for the same committee, the superseded result kept in the log (reopening.ts).
   * Called by supervision's instruction in its transaction; authorization is the caller's (supervisors only).
   */
  reopen(
    ctx: RequestContext,
    evaluationId: string,
    order: ReopenOrder,
    t?: Transaction,
  ): Promise<ReopenedEvaluation> {
    return this.parts.reopening.reopen(ctx, evaluationId, order, t);
  }

  /** The evaluation's tender and step (404 if unknown), for an instruction about to be issued on it. */
  standing(evaluationId: string): Promise<{ tenderId: string; step: string }> {
    return this.parts.reopening.standing(evaluationId);
  }

  // --- the evaluation report (report/) -------------------------------------------------------------

  /**
   * For other modules (candidate publicity, award): the evaluation's completed report with its candidates;
   * null while members are still signing, or once a re-evaluation superseded it.
   */
  completedReport(evaluationId: string): Promise<CompletedReport | null> {
    return this.parts.reports.completed(evaluationId);
  }

  /** The latest report with every member's answer so far (members, the tender's runners, supervisors). */
  report(actor: Actor, evaluationId: string): Promise<ReportView> {
    return this.parts.reports.view(actor, evaluationId);
  }

  reportExport(actor: Actor, evaluationId: string): Promise<ReportExport> {
    return this.parts.reports.exportOf(actor, evaluationId);
  }

  signReport(
    ctx: RequestContext,
    evaluationId: string,
    input: { payload: ReportSignaturePayload; signature: string; certificateSerial: string },
  ): Promise<StepResult> {
    return this.parts.reports.sign(ctx, evaluationId, input);
  }

  /**
   * The opening's committee check: whether the actor sits (not replaced) on a running evaluation of the
   * tender, so they may read its opened bids and attachments (every read audited there).
   */
  async sitsOnRunningEvaluation(actor: Actor, tenderId: string): Promise<boolean> {
    const seats = await this.models.EvaluationMember.findAll({
      where: { userId: actor.userId, state: { [Op.ne]: 'replaced' } },
      attributes: ['evaluationId'],
    });
    if (seats.length === 0) return false;
    const running = await this.models.Evaluation.count({
      where: {
        id: seats.map((s) => s.evaluationId),
        tenderId,
        step: { [Op.ne]: 'concluded' },
      },
    });
    return running > 0;
  }
}

export interface EvaluationModuleDeps {
  db: Database;
  audit: AuditLog;
  clock: Clock;
  events: EventBus;
  log: Logger;
  tenders: TendersPort;
  certificates: CertificatesPort;
  identity: IdentityPort;
  experts: CommitteePort;
  opening: OpeningPort;
  trustProxy: boolean;
  /** The durable scheduler (the report's signing deadline). */
  jobs: JobQueue;
  /** The platform root, carried in a report's export so it verifies offline. */
  rootCertPem: string;
  /** REPORT_SIGNING_HOURS: how long members have to sign the report after conclusion. */
  reportSigningHours: number;
}

export interface EvaluationModule {
  service: EvaluationService;
  /** The numbered timeline; the gateway listens to it. */
  log: EvaluationLog;
  snapshots: EvaluationSnapshots;
  creation: EvaluationCreation;
  ranking: Ranking;
  /** The evaluation report: generation, signing, the deadline job (report/reports.ts). */
  reports: Reports;
  trustProxy: boolean;
  /** The credit module fills the creation's credit criterion port (it is built after this module). */
  setCreditCheck(check: CreditCriterionPort): void;
}

/**
 * Builds the evaluation from its parts: the creation consumer is registered with the event stream, and the
 * opening is told who sits on a running committee (its reads of opened bids ask).
 */
export function createEvaluationModule(
  models: EvaluationModels & ReportModels,
  deps: EvaluationModuleDeps,
): EvaluationModule {
  const { events, clock } = deps;
  const timeline = new EvaluationLog(models, {
    db: deps.db,
    audit: deps.audit,
    clock,
    log: deps.log,
    holds: deps.tenders.holds,
  });
  const membership = new Membership(models);
  const signatures = new Signatures({ certificates: deps.certificates, clock });
  const ranking = new Ranking(models, { events, clock });
  const facts = tenderFactsFrom(deps.tenders);
  const snapshots = new EvaluationSnapshots(models, { clock, tenders: facts });
  const common = { timeline, membership, events, clock };
  const reports = new Reports(models, {
    db: deps.db,
    events,
    clock,
    jobs: deps.jobs,
    timeline,
    membership,
    signatures,
    certificates: deps.certificates,
    snapshots,
    facts,
    tenders: deps.tenders,
    opening: deps.opening,
    rootCertPem: deps.rootCertPem,
    signingHours: deps.reportSigningHours,
  });
  reports.subscribe();
  const service = new EvaluationService(models, {
    membership,
    committee: new Committee(models, {
      ...common,
      signatures,
      tenders: deps.tenders,
      identity: deps.identity,
      experts: deps.experts,
      opening: deps.opening,
    }),
    review: new Review(models, { ...common, signatures }),
    scoring: new Scoring(models, { log: timeline, signatures, membership, ranking, events, clock }),
    steps: new Steps(models, { ...common, ranking }),
    clarifications: new Clarifications(models, { ...common, tenders: deps.tenders }),
    extension: new Extension(models, { log: timeline, membership, events, clock }),
    snapshots,
    facts,
    reopening: new Reopening(models, { db: deps.db, timeline, events }),
    reports,
  });
  const creation = new EvaluationCreation(models, {
    events,
    clock,
    log: deps.log,
    tenders: deps.tenders,
    opening: deps.opening,
    experts: deps.experts,
    timeline,
  });
  creation.subscribe();
  deps.opening.setCommitteeCheck((actor, tenderId) => service.sitsOnRunningEvaluation(actor, tenderId));
  return {
    service,
    log: timeline,
    snapshots,
    creation,
    ranking,
    reports,
    trustProxy: deps.trustProxy,
    setCreditCheck: (check) => creation.setCreditCheck(check),
  };
}
