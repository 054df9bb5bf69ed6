import { DAY_MS, type Violation } from './rule.js';

/**
 * SS Art.22: an objection (异议) to the tender documents is raised at least 10 days before the bid
 * deadline and answered within 3 days; the tender is suspended while it is open.
 */
export const OBJECTION_CUTOFF_DAYS = 10;
export const OBJECTION_ANSWER_DAYS = 3;

export function objectionWindow(bidDeadline: Date, raisedAt: Date): Violation[] {
  if (bidDeadline.getTime() - raisedAt.getTime() >= OBJECTION_CUTOFF_DAYS * DAY_MS) return [];
  return [
    {
      code: 'OBJECTION_TOO_LATE',
      field: 'content',
      message: `Objections to the tender documents close ${OBJECTION_CUTOFF_DAYS} days before the bid deadline`,
      params: { closedAt: new Date(bidDeadline.getTime() - OBJECTION_CUTOFF_DAYS * DAY_MS).toISOString() },
    },
  ];
}

export const objectionAnswerDue = (raisedAt: Date) =>
  new Date(raisedAt.getTime() + OBJECTION_ANSWER_DAYS * DAY_MS);
