import { randomUUID } from 'node:crypto';
import { literal, Op, type Order, type Transaction } from 'sequelize';
import { canonicalJson, sha256Hex } from '../../../../crypto/index.js';
import type { Actor, RequestContext } from '../../../platform/auth/roles.js';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import { AppError, conflict, notFound, unprocessable } from '../../../platform/errors.js';
import type { EventBus, EventOrigin } from '../../../platform/events.js';
import type { Job, JobContext, JobQueue } from '../../../platform/jobs/index.js';
import type { EvaluationLog, StepResult } from '../log.js';
import type { Membership } from '../membership.js';
import type { Evaluation, EvaluationModels } from '../models.js';
import type { CertificatesPort } from '../ports.js';
import { isActive, type RankingRow } from '../ranking.js';
import type { Signatures } from '../signatures.js';
import type { EvaluationSnapshots, TenderFactsPort } from '../snapshot.js';
import { buildReportContent, type ContentDeps, type ReportContent } from './content.js';
import type { EvaluationReport, ReportModels, ReportVerdict } from './models.js';

/** The durable job that completes a report at its signing deadline, keyed by the report's id. */
export const REPORT_DEADLINE_JOB = 'evaluation.report-deadline';
/** What a member signs to agree with or dissent from a report. */
export const REPORT_SIGNATURE_TYPE = 'yangguang.evaluation.report-signature/1';
export const EXPORT_FORMAT = 'yangguang.evaluation.report-export/1';

/**
 * An evaluation's reports, the current one first. A re-evaluation's new report can share its predecessor's
 * `generatedAt` to the millisecond (a frozen test clock; MariaDB keeps milliseconds only), so the one not
 * superseded comes first whatever the time says; at most one report of an evaluation is not superseded.
 */
const CURRENT_FIRST: Order = [
  [literal("CASE WHEN state = 'superseded' THEN 1 ELSE 0 END"), 'ASC'],
  ['generatedAt', 'DESC'],
  ['supersededAt', 'DESC'],
];

/** The completed report as other modules read it (candidate publicity, award). */
export interface CompletedReport {
  reportId: string;
  evaluationId: string;
  tenderId: string;
  sectionId: string;
  completedAt: Date;
  digest: string;
  candidates: RankingRow[];
}

/** The signed payload a member's browser makes (reasons only and always with a dissent). */
export interface ReportSignaturePayload {
  type: typeof REPORT_SIGNATURE_TYPE;
  evaluationId: string;
  memberId: string;
  reportId: string;
  digest: string;
  agree: boolean;
  reasons: string | null;
}

export interface SignatureView {
  memberId: string;
  memberName: string;
  verdict: ReportVerdict | null;
  reasons: string | null;
  signedAt: string | null;
}

export interface ReportView {
  reportId: string;
  state: EvaluationReport['state'];
  digest: string;
  generatedAt: string;
  signingDeadline: string;
  completedAt: string | null;
  supersededAt: string | null;
  content: ReportContent;
  /** Every active member, with their answer so far (null: not yet). */
  signatures: SignatureView[];
  /** The caller's own seat: whether they still owe an answer. */
  me: { memberId: string; verdict: ReportVerdict | null } | null;
}

export interface ReportExport {
  format: typeof EXPORT_FORMAT;
  content: ReportContent;
  digest: string;
  state: EvaluationReport['state'];
  completedAt: string | null;
  rootCertificatePem: string;
  signatures: {
    memberId: string;
    memberName: string;
    verdict: ReportVerdict;
    reasons: string | null;
    signedAt: string;
    payload: ReportSignaturePayload | null;
    signature: string | null;
    certificateSerial: string | null;
    certificatePem: string | null;
  }[];
}

export interface ReportDeps extends ContentDeps {
  db: Database;
  events: EventBus;
  clock: Clock;
  jobs: JobQueue;
  timeline: EvaluationLog;
  membership: Membership;
  signatures: Signatures;
  certificates: CertificatesPort;
  snapshots: EvaluationSnapshots;
  facts: TenderFactsPort;
  rootCertPem: string;
  signingHours: number;
}

const HOUR_MS = 3_600_000;
const systemOrigin = (requestId: string): EventOrigin => ({ actor: null, ip: 'system', requestId });
const reportClosed = (state: string) =>
  conflict('REPORT_CLOSED', `This report is ${state}: it takes no more signatures`, { state });

/**
 * The evaluation report (评标报告, PB Art.42; docs/domain.md §5): generated from the data in the transaction
 * that concludes the evaluation, frozen with its digest; every active member signs the digest (agrees) or
 * dissents with written reasons; once all have answered, or at the signing deadline with the silent recorded
 * as agreeing, it is completed and `evaluation.report-completed` goes out in that same transaction. A
 * re-evaluation (reopening.ts) supersedes it; the next conclusion generates a new one.
 */
export class Reports {
  constructor(
    private readonly models: EvaluationModels & ReportModels,
    private readonly deps: ReportDeps,
  ) {}

  /** Generation on conclusion and supersession on reopening, both inside the changing transaction. */
  subscribe(): void {
    const { events } = this.deps;
    events.within('evaluation.concluded', async (t, e) => {
      await this.generate(t, e.evaluationId);
    });
    events.within('evaluation.reopened', async (t, e) => {
      await this.supersede(t, e.evaluationId);
    });
    this.deps.jobs.register<{ reportId: string }>(
      REPORT_DEADLINE_JOB,
      (job, ctx) => this.atDeadline(job, ctx),
      {
        maxAttempts: 10,
      },
    );
  }

  /** The report of a just-concluded evaluation (its row is locked by the concluding step). */
  async generate(t: Transaction, evaluationId: string): Promise<EvaluationReport> {
    const evaluation = await this.models.Evaluation.findByPk(evaluationId, { transaction: t });
    if (!evaluation) throw notFound('Evaluation');
    const now = this.deps.clock.now();
    const id = randomUUID();
    const content = await buildReportContent(this.models, this.deps, t, evaluation, id, now);
    const json = canonicalJson(content);
    const signingDeadline = new Date(now.getTime() + this.deps.signingHours * HOUR_MS);
    const report = await this.models.EvaluationReport.create(
      {
        id,
        evaluationId,
        tenderId: evaluation.tenderId,
        sectionId: evaluation.sectionId,
        state: 'signing',
        content: json,
        digest: await sha256Hex(json),
        generatedAt: now,
        signingDeadline,
        completedAt: null,
        supersededAt: null,
      },
      { transaction: t },
    );
    await this.deps.jobs.schedule(t, {
      kind: REPORT_DEADLINE_JOB,
      key: id,
      runAt: signingDeadline,
      payload: { reportId: id },
    });
    return report;
  }

  /** A re-evaluation: the evaluation's reports, signing or completed, are superseded and stay readable. */
  async supersede(t: Transaction, evaluationId: string): Promise<void> {
    const open = await this.models.EvaluationReport.findAll({
      where: { evaluationId, state: { [Op.ne]: 'superseded' } },
      transaction: t,
    });
    for (const report of open) {
      if (report.state === 'signing') await this.deps.jobs.cancel(t, REPORT_DEADLINE_JOB, report.id);
      report.set({ state: 'superseded', supersededAt: this.deps.clock.now() });
      await report.save({ transaction: t });
    }
  }

  /** The evaluation's completed report for other modules; null while signing, or once superseded. */
  async completed(evaluationId: string): Promise<CompletedReport | null> {
    const report = await this.models.EvaluationReport.findOne({
      where: { evaluationId, state: 'completed' },
      order: [['generatedAt', 'DESC']],
    });
    if (!report) return null;
    const content = JSON.parse(report.content) as ReportContent;
    return {
      reportId: report.id,
      evaluationId,
      tenderId: report.tenderId,
      sectionId: report.sectionId,
      completedAt: report.completedAt!,
      digest: report.digest,
      candidates: content.candidates,
    };
  }

  /** The latest report of the evaluation, to whoever may see the evaluation (404 otherwise). */
  async view(actor: Actor, evaluationId: string): Promise<ReportView> {
    const { report, memberId } = await this.readable(actor, evaluationId);
    const signed = await this.models.EvaluationReportSignature.findAll({ where: { reportId: report.id } });
    const byMember = new Map(signed.map((s) => [s.memberId, s]));
    const members = await this.deps.membership.activeMembers(undefined, evaluationId);
    const signatures = members.map((m) => {
      const s = byMember.get(m.id);
      return {
        memberId: m.id,
        memberName: m.name,
        verdict: s?.verdict ?? null,
        reasons: s?.reasons ?? null,
        signedAt: s?.signedAt.toISOString() ?? null,
      };
    });
    return {
      reportId: report.id,
      state: report.state,
      digest: report.digest,
      generatedAt: report.generatedAt.toISOString(),
      signingDeadline: report.signingDeadline.toISOString(),
      completedAt: report.completedAt?.toISOString() ?? null,
      supersededAt: report.supersededAt?.toISOString() ?? null,
      content: JSON.parse(report.content) as ReportContent,
      signatures,
      me: memberId ? { memberId, verdict: byMember.get(memberId)?.verdict ?? null } : null,
    };
  }

  /** The stored report row and its content, to the same readers as `view` (the PDF route). */
  async forPdf(actor: Actor, evaluationId: string): Promise<{ report: EvaluationReport; view: ReportView }> {
    const view = await this.view(actor, evaluationId);
    const report = (await this.models.EvaluationReport.findByPk(view.reportId))!;
    return { report, view };
  }

  /** The self-contained, offline-verifiable export (`yangguang verify-report`). */
  async exportOf(actor: Actor, evaluationId: string): Promise<ReportExport> {
    const { report } = await this.readable(actor, evaluationId);
    const rows = await this.models.EvaluationReportSignature.findAll({
      where: { reportId: report.id },
      order: [['signedAt', 'ASC']],
    });
    const signatures: ReportExport['signatures'] = [];
    for (const s of rows) {
      const cert = s.certificateSerial
        ? await this.deps.certificates.get(s.certificateSerial).catch(() => null)
        : null;
      signatures.push({
        memberId: s.memberId,
        memberName: s.memberName,
        verdict: s.verdict,
        reasons: s.reasons,
        signedAt: s.signedAt.toISOString(),
        payload: s.payload ? (JSON.parse(s.payload) as ReportSignaturePayload) : null,
        signature: s.signature,
        certificateSerial: s.certificateSerial,
        certificatePem: cert?.pem ?? null,
      });
    }
    return {
      format: EXPORT_FORMAT,
      content: JSON.parse(report.content) as ReportContent,
      digest: report.digest,
      state: report.state,
      completedAt: report.completedAt?.toISOString() ?? null,
      rootCertificatePem: this.deps.rootCertPem,
      signatures,
    };
  }

  /**
   * A member's signature (agree) or dissent with reasons, verified like the sheets' (signatures.ts), in the
   * evaluation's timeline as `report-signed` (audited, pushed in the room). The last answer completes it.
   */
  sign(
    ctx: RequestContext,
    evaluationId: string,
    input: { payload: ReportSignaturePayload; signature: string; certificateSerial: string },
  ): Promise<StepResult> {
    return this.deps.timeline.step(ctx, evaluationId, null, 'report-signed', async (t, evaluation) => {
      const member = await this.models.EvaluationMember.findOne({
        where: { evaluationId, userId: ctx.actor!.userId },
        transaction: t,
      });
      if (!member || !isActive(member))
        throw new AppError(403, 'NOT_A_MEMBER', 'Only the members of the committee sign its report');
      const { payload } = input;
      const report = await this.models.EvaluationReport.findOne({
        where: { id: payload.reportId, evaluationId },
        transaction: t,
      });
      if (!report) throw unprocessable('PAYLOAD_MISMATCH', 'The signed payload names another report');
      if (report.state !== 'signing') throw reportClosed(report.state);
      // Past the deadline the silent are deemed to agree (the job may not have run yet): no late answers.
      if (this.deps.clock.now() >= report.signingDeadline) throw reportClosed('past its signing deadline');
      const already = await this.models.EvaluationReportSignature.findOne({
        where: { reportId: report.id, memberId: member.id },
        transaction: t,
      });
      if (already) throw conflict('REPORT_ALREADY_SIGNED', 'You have already answered this report');
      if (payload.digest !== report.digest)
        throw unprocessable('DIGEST_MISMATCH', "The signed digest is not this report's digest");
      await this.deps.signatures.verifySigned(t, member, payload, input.signature, input.certificateSerial);
      const now = this.deps.clock.now();
      await this.models.EvaluationReportSignature.create(
        {
          id: randomUUID(),
          reportId: report.id,
          evaluationId,
          memberId: member.id,
          userId: member.userId,
          memberName: member.name,
          verdict: payload.agree ? 'agree' : 'dissent',
          reasons: payload.agree ? null : payload.reasons,
          payload: canonicalJson(payload),
          signature: input.signature,
          certificateSerial: input.certificateSerial,
          signedAt: now,
        },
        { transaction: t },
      );
      const completed = await this.completeIfAnswered(t, ctx, evaluation, report);
      return {
        data: {
          reportId: report.id,
          memberId: member.id,
          name: member.name,
          agree: payload.agree,
          completed,
        },
      };
    });
  }

  /** Completes the report once every active member has answered; false while someone still owes one. */
  private async completeIfAnswered(
    t: Transaction,
    origin: EventOrigin,
    evaluation: Evaluation,
    report: EvaluationReport,
  ): Promise<boolean> {
    const members = await this.deps.membership.activeMembers(t, evaluation.id);
    const answered = new Set(
      (
        await this.models.EvaluationReportSignature.findAll({
          where: { reportId: report.id },
          attributes: ['memberId'],
          transaction: t,
        })
      ).map((s) => s.memberId),
    );
    if (!members.every((m) => answered.has(m.id))) return false;
    await this.complete(t, origin, evaluation, report);
    await this.deps.jobs.cancel(t, REPORT_DEADLINE_JOB, report.id);
    return true;
  }

  private async complete(
    t: Transaction,
    origin: EventOrigin,
    evaluation: Evaluation,
    report: EvaluationReport,
  ) {
    const now = this.deps.clock.now();
    report.set({ state: 'completed', completedAt: now });
    await report.save({ transaction: t });
    await this.deps.events.emit(t, origin, 'evaluation.report-completed', {
      tenderId: report.tenderId,
      sectionId: report.sectionId,
      evaluationId: evaluation.id,
      reportId: report.id,
      digest: report.digest,
      completedAt: now.toISOString(),
    });
  }

  /**
   * The signing deadline (PB Art.42): each active member who neither signed nor dissented is recorded as
   * deemed-agreeing and the report completed, with the job, in one transaction under the evaluation's lock;
   * a second run (a crash, another node) finds it no longer signing and does nothing.
   */
  async atDeadline(job: Pick<Job<{ reportId: string }>, 'payload'>, ctx?: Pick<JobContext, 'complete'>) {
    await this.deps.db.transaction(async (t) => {
      const found = await this.models.EvaluationReport.findByPk(job.payload.reportId, { transaction: t });
      const evaluation = found
        ? await this.models.Evaluation.findByPk(found.evaluationId, { transaction: t, lock: t.LOCK.UPDATE })
        : null;
      const report = found
        ? await this.models.EvaluationReport.findByPk(found.id, { transaction: t, lock: t.LOCK.UPDATE })
        : null;
      if (!report || !evaluation || report.state !== 'signing') {
        await ctx?.complete(t, { status: 'nothing-to-do' });
        return;
      }
      const origin = systemOrigin(`report-deadline:${report.id}`);
      const members = await this.deps.membership.activeMembers(t, evaluation.id);
      const answered = new Set(
        (
          await this.models.EvaluationReportSignature.findAll({
            where: { reportId: report.id },
            transaction: t,
          })
        ).map((s) => s.memberId),
      );
      const now = this.deps.clock.now();
      const silent = members.filter((m) => !answered.has(m.id));
      for (const m of silent) {
        await this.models.EvaluationReportSignature.create(
          {
            id: randomUUID(),
            reportId: report.id,
            evaluationId: evaluation.id,
            memberId: m.id,
            userId: m.userId,
            memberName: m.name,
            verdict: 'deemed-agreeing',
            reasons: null,
            payload: null,
            signature: null,
            certificateSerial: null,
            signedAt: now,
          },
          { transaction: t },
        );
      }
      await this.complete(t, origin, evaluation, report);
      await this.deps.timeline.appendIn(t, origin, evaluation, {
        kind: 'report-completed',
        data: { reportId: report.id, deemedAgreeing: silent.map((m) => ({ memberId: m.id, name: m.name })) },
      });
      await ctx?.complete(t, { status: 'completed', deemedAgreeing: silent.length });
    });
  }

  /** The evaluation's latest report and the caller's seat, if they may read the evaluation at all. */
  private async readable(
    actor: Actor,
    evaluationId: string,
  ): Promise<{ report: EvaluationReport; memberId: string | null }> {
    const evaluation = await this.models.Evaluation.findByPk(evaluationId);
    if (!evaluation) throw notFound('Evaluation');
    const facts = await this.deps.facts.tenderFacts(evaluation.tenderId, evaluation.sectionId);
    const { member } = await this.deps.snapshots.audienceOf(actor, evaluation, facts);
    const report = await this.models.EvaluationReport.findOne({
      where: { evaluationId },
      order: CURRENT_FIRST,
    });
    if (!report) throw notFound('Evaluation report');
    return { report, memberId: member && isActive(member) ? member.id : null };
  }
}
