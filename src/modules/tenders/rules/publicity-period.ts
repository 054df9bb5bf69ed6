import { addCalendarDays, beijingDate, endOfBeijingDay } from '../../../platform/china/working-days.js';
import type { Violation } from './rule.js';

/**
 * SS Art.54: the publicity lasts at least 3 days (公示期不得少于3日). Calendar days; the day it starts is not
 * counted (Civil Code Art.201), so it may end no earlier than 24:00 Beijing time of the third day after the
 * start's Beijing date, i.e. 00:00 of the fourth. A start at 10:00 on 2 March ends at 00:00 on 6 March at the
 * earliest. No rest-day extension: this is a minimum length, not a deadline for someone's act.
 */
export const PUBLICITY_MIN_DAYS = 3;
/** A bound against typing errors (a year instead of a day): no publicity runs longer than this. */
export const PUBLICITY_MAX_DAYS = 30;

export interface PublicityPeriodFacts {
  startsAt: Date;
  endsAt: Date;
}

/** The earliest end: 00:00 Beijing of the fourth day after the start's day (24:00 of the third). */
export const earliestPublicityEnd = (startsAt: Date) =>
  new Date(endOfBeijingDay(addCalendarDays(beijingDate(startsAt), PUBLICITY_MIN_DAYS)).getTime() + 1);

export function publicityPeriod(facts: PublicityPeriodFacts): Violation[] {
  const earliest = earliestPublicityEnd(facts.startsAt);
  if (facts.endsAt < earliest) {
    return [
      {
        code: 'PUBLICITY_TOO_SHORT',
        field: 'endsAt',
        message: `The candidates are shown for at least ${PUBLICITY_MIN_DAYS} days`,
        params: { earliestEndAt: earliest.toISOString() },
      },
    ];
  }
  const latest = new Date(earliest.getTime() + (PUBLICITY_MAX_DAYS - PUBLICITY_MIN_DAYS) * 24 * 3600_000);
  if (facts.endsAt > latest) {
    return [
      {
        code: 'PUBLICITY_TOO_LONG',
        field: 'endsAt',
        message: `A publicity runs at most ${PUBLICITY_MAX_DAYS} days`,
        params: { latestEndAt: latest.toISOString() },
      },
    ];
  }
  return [];
}
