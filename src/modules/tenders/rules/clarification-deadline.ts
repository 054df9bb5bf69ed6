import { DAY_MS } from './rule.js';

/**
 * ZB Art.23, SS Art.21: a clarification or amendment reaches bidders at least 15 days before the bid
 * deadline; one issued later moves the deadline out to 15 days after it. Returns the deadline to use.
 */
export const CLARIFICATION_NOTICE_DAYS = 15;

export function deadlineAfterClarification(
  bidDeadline: Date,
  issuedAt: Date,
): { bidDeadline: Date; moved: boolean } {
  const earliest = issuedAt.getTime() + CLARIFICATION_NOTICE_DAYS * DAY_MS;
  if (bidDeadline.getTime() >= earliest) return { bidDeadline, moved: false };
  return { bidDeadline: new Date(earliest), moved: true };
}
