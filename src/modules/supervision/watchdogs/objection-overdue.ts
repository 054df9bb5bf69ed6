import { chinaTime } from '../../../platform/china/beijing-time.js';
import type { CheckPayload, Watchdog } from './kinds.js';

interface ObjectionCheck extends CheckPayload {
  objectionId: string;
}

/** The first instant an unanswered objection is overdue: just after its due time (as the tenders module reads it). */
export const overdueFrom = (answerDueAt: string) => new Date(Date.parse(answerDueAt) + 1);

/**
 * SS Art.22 (docs/domain.md §2): an objection (异议) to the tender documents is answered within 3 days, and
 * the tender waits meanwhile. Raised: the check is due just after the objection's answer due time; overdue
 * if it is still unanswered then, or was answered after it (a check that ran late still sees that).
 */
export const objectionOverdue: Watchdog<ObjectionCheck> = {
  kind: 'objection-overdue',
  triggers: ['tender.objection-raised'],
  async plan(event, reads) {
    if (event.type !== 'tender.objection-raised') return [];
    const { tenderId, objectionId } = event.data;
    const objection = (await reads.objections(tenderId)).find((o) => o.id === objectionId);
    if (!objection) return [];
    return [
      {
        key: objectionId,
        runAt: overdueFrom(objection.answerDueAt),
        payload: { tenderId, objectionId, seq: event.seq },
      },
    ];
  },
  async check({ tenderId, objectionId, seq }, reads, now) {
    const objection = (await reads.objections(tenderId)).find((o) => o.id === objectionId);
    if (!objection) return [];
    const due = Date.parse(objection.answerDueAt);
    const answered = objection.answeredAt === null ? null : Date.parse(objection.answeredAt);
    const overdue = answered === null ? now.getTime() > due : answered > due;
    if (!overdue) return [];
    const [tender, party] = await Promise.all([reads.tender(tenderId), reads.partyName(objection.partyId)]);
    const dueText = chinaTime(objection.answerDueAt);
    const summary =
      answered === null
        ? `The objection ${party} raised on ${chinaTime(objection.submittedAt)} was not answered by ${dueText} (3 days, SS Art.22)`
        : `The objection ${party} raised on ${chinaTime(objection.submittedAt)} was answered late, on ${chinaTime(objection.answeredAt!)} (due ${dueText})`;
    return [
      {
        indicator: 'objection-overdue',
        severity: 'warning',
        sectionId: null,
        identity: `objection:${objectionId}`,
        summary,
        seqs: [seq],
        details: {
          tenderCode: tender?.code ?? null,
          tenderTitle: tender?.title ?? null,
          party,
          submittedAt: objection.submittedAt,
          answerDueAt: objection.answerDueAt,
          answeredAt: objection.answeredAt,
        },
      },
    ];
  },
};
