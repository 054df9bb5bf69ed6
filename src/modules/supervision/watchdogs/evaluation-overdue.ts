import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { CheckPayload, Watchdog } from './kinds.js';

interface EvaluationCheck extends CheckPayload {
  evaluationId: string;
  sectionId: string;
  scheduledEndAt: string;
}

/**
 * An evaluation past its planned time: the committee meets for the duration the section's plan gives
 * (src/modules/evaluation, extended by a vote). The check is due just after the scheduled end; overdue if the
 * evaluation has not concluded by then. An extension moves the end and schedules a check at the new end (the
 * key names the end), and the check of the old end then finds the evaluation still within its time.
 */
export const evaluationOverdue: Watchdog<EvaluationCheck> = {
  kind: 'evaluation-overdue',
  triggers: ['evaluation.created', 'evaluation.extended'],
  async plan(event, reads) {
    if (event.type !== 'evaluation.created' && event.type !== 'evaluation.extended') return [];
    const { tenderId, sectionId, evaluationId } = event.data;
    const scheduledEndAt =
      event.type === 'evaluation.extended'
        ? event.data.scheduledEndAt
        : (await reads.evaluation(evaluationId))?.scheduledEndAt;
    if (!scheduledEndAt) return [];
    const end = Date.parse(scheduledEndAt);
    return [
      {
        key: `${evaluationId}:${end}`,
        runAt: new Date(end + 1),
        payload: { tenderId, sectionId, evaluationId, scheduledEndAt, seq: event.seq },
      },
    ];
  },
  async check({ tenderId, sectionId, evaluationId, seq }, reads, now) {
    const evaluation = await reads.evaluation(evaluationId);
    if (!evaluation || evaluation.step === 'concluded') return [];
    if (now.getTime() <= Date.parse(evaluation.scheduledEndAt)) return [];
    const tender = await reads.tender(tenderId);
    const end = evaluation.scheduledEndAt;
    return [
      {
        indicator: 'evaluation-overdue',
        severity: 'warning',
        sectionId,
        identity: `evaluation:${evaluationId}:${Date.parse(end)}`,
        summary: `The evaluation of ${evaluation.sectionName || 'a section'} was planned to end by ${chinaTime(end)} and is still at the ${evaluation.step} step`,
        seqs: [seq],
        details: {
          tenderCode: tender?.code ?? null,
          tenderTitle: tender?.title ?? null,
          sectionName: evaluation.sectionName,
          step: evaluation.step,
          scheduledEndAt: end,
        },
      },
    ];
  },
};
