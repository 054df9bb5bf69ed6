import type { TenderRule, Violation } from './rule.js';

/**
 * The schedule's dates must follow each other: documents from < to ≤ bid deadline, and the clarification
 * deadline before the bid deadline (the opening is at the bid deadline, ZB Art.34).
 */
export const scheduleOrder: TenderRule = ({ schedule: s }) => {
  const out: Violation[] = [];
  const broken = (field: string, message: string) =>
    out.push({ code: 'SCHEDULE_OUT_OF_ORDER', field, message });
  if (s.documentsTo <= s.documentsFrom)
    broken('schedule.documentsTo', 'Documents must be available until after they are issued');
  if (s.documentsTo > s.bidDeadline)
    broken('schedule.documentsTo', 'Documents cannot stay on offer after the bid deadline');
  if (s.clarificationDeadline >= s.bidDeadline) {
    broken('schedule.clarificationDeadline', 'The clarification deadline must come before the bid deadline');
  }
  if (s.clarificationDeadline < s.documentsFrom) {
    broken(
      'schedule.clarificationDeadline',
      'The clarification deadline cannot come before the documents are issued',
    );
  }
  return out;
};
