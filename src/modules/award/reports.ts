import type { Transaction } from 'sequelize';
import type { AnyEnvelope, EventBus, EventName } from '../../platform/events.js';
import type { AwardModels, AwardReport, StoredCandidate } from './models.js';
import type { OpeningPort, ReportCompletedData, ReportsPort } from './ports.js';

const REPORT_COMPLETED: EventName = 'evaluation.report-completed';
const REOPENED: EventName = 'evaluation.reopened';
/** The cursor's key in event_cursors: keep it stable. */
export const CONSUMER = 'award-reports';

/**
 * Takes each completed evaluation report in (a durable consumer of the event stream), with its recommended
 * candidates and their bidders, as the ground for the section's publicity and award. A re-evaluation
 * (责令重新评审) supersedes what rests on the earlier report: a new report is taken in when it completes.
 */
export class ReportIntake {
  constructor(
    private readonly models: AwardModels,
    private readonly deps: { events: EventBus; reports: ReportsPort; opening: OpeningPort },
  ) {}

  subscribe(): void {
    this.deps.events.consume(CONSUMER, (t, e) => this.handle(t, e), {
      types: [REPORT_COMPLETED, REOPENED],
    });
  }

  private async handle(t: Transaction, e: AnyEnvelope): Promise<void> {
    const { AwardReport } = this.models;
    if (e.type === 'evaluation.reopened') {
      await AwardReport.update(
        { supersededAt: e.at },
        { where: { evaluationId: e.data.evaluationId, supersededAt: null }, transaction: t },
      );
      return;
    }
    if (e.type !== 'evaluation.report-completed') return;
    const data: ReportCompletedData = e.data;
    if (await AwardReport.findByPk(data.reportId, { transaction: t })) return;
    // Null once a re-evaluation superseded it: its successor arrives with its own event.
    const report = await this.deps.reports.completedReport(data.evaluationId);
    if (!report || report.reportId !== data.reportId) return;
    const bids = await this.deps.opening.bidsForEvaluation(report.tenderId, report.sectionId, t);
    const partyOf = new Map(bids.map((b) => [b.bidId, b.bidderPartyId]));
    const candidates: StoredCandidate[] = report.candidates.map((c) => ({
      rank: c.rank,
      bidId: c.bidId,
      bidderPartyId: partyOf.get(c.bidId) ?? '',
      bidderName: c.bidderName,
      priceFen: c.priceFen,
      score: c.score,
      technicalScore: c.technicalScore,
      priceScore: c.priceScore,
    }));
    await AwardReport.update(
      { supersededAt: report.completedAt },
      { where: { sectionId: report.sectionId, supersededAt: null }, transaction: t },
    );
    await AwardReport.create(
      {
        id: report.reportId,
        tenderId: report.tenderId,
        sectionId: report.sectionId,
        evaluationId: report.evaluationId,
        digest: report.digest,
        completedAt: report.completedAt,
        candidates: JSON.stringify(candidates),
        supersededAt: null,
      },
      { transaction: t },
    );
  }
}

/** The section's report the publicity and award rest on: the latest one not superseded. */
export function currentReport(
  models: AwardModels,
  sectionId: string,
  t?: Transaction,
): Promise<AwardReport | null> {
  return models.AwardReport.findOne({
    where: { sectionId, supersededAt: null },
    order: [['completedAt', 'DESC']],
    transaction: t,
  });
}

export const candidatesOf = (report: AwardReport): StoredCandidate[] =>
  JSON.parse(report.candidates) as StoredCandidate[];
