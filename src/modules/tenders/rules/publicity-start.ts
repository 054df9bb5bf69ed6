import { addCalendarDays, beijingDate, endOfBeijingDay } from '../../../platform/china/working-days.js';
import type { Violation } from './rule.js';

/**
 * SS Art.54: the candidates are published within 3 days of receiving the evaluation report (自收到评标报告之日
 * 起3日内). 日 are calendar days; as in every period the law counts in days, the day the report completed is not
 * counted and the period ends at 24:00 Beijing time of its last day (Civil Code Art.201, 203). So the latest
 * start is the last millisecond of the third Beijing date after the report's. The publicity cannot start
 * before the report exists, nor in the past (a minute's grace for a picker that shows minutes).
 */
export const PUBLICITY_START_DAYS = 3;
export const START_GRACE_MS = 60_000;

export interface PublicityStartFacts {
  /** When the evaluation report was completed (every member signed, or the signing deadline passed). */
  reportCompletedAt: Date;
  startsAt: Date;
}

/** The last instant a publicity may start: 23:59:59.999 Beijing of the third day after the report's day. */
export const latestPublicityStart = (reportCompletedAt: Date) =>
  endOfBeijingDay(addCalendarDays(beijingDate(reportCompletedAt), PUBLICITY_START_DAYS));

export function publicityStart(facts: PublicityStartFacts, now: Date): Violation[] {
  const { reportCompletedAt, startsAt } = facts;
  const latest = latestPublicityStart(reportCompletedAt);
  if (startsAt > latest) {
    return [
      {
        code: 'PUBLICITY_TOO_LATE',
        field: 'startsAt',
        message: `The candidates must be published within ${PUBLICITY_START_DAYS} days of the evaluation report`,
        params: { latestStartAt: latest.toISOString() },
      },
    ];
  }
  const earliest = new Date(Math.max(reportCompletedAt.getTime(), now.getTime() - START_GRACE_MS));
  if (startsAt < earliest) {
    return [
      {
        code: 'PUBLICITY_START_PAST',
        field: 'startsAt',
        message: 'The publicity cannot start in the past or before the evaluation report was completed',
        params: { earliestStartAt: earliest.toISOString() },
      },
    ];
  }
  return [];
}
