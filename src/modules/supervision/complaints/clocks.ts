import {
  beijingDate,
  endOfBeijingDay,
  type WorkingDayCalendar,
} from '../../../platform/china/working-days.js';

/** Calendar days after knowing within which a complaint is filed (SS Art.60). */
export const FILING_DAYS = 10;
/** Working days after receipt within which the complaint is accepted or not (SS Art.61). */
export const ACCEPTANCE_WORKING_DAYS = 3;
/** Working days after acceptance within which the decision is made, stopped periods aside (SS Art.61). */
export const DECISION_WORKING_DAYS = 30;

/** A period the decision clock stood still; `end` null while it still does. */
export interface StoppedPeriod {
  start: Date;
  end: Date | null;
}

/**
 * The last moment a complaint may be filed: the end of the 10th calendar day after the day of knowing (that day
 * not counted), moved to the next working day when it is a rest day (Civil Code Art.201, 203).
 */
export function filingDeadline(calendar: WorkingDayCalendar, knewOn: string): Date {
  return endOfBeijingDay(calendar.calendarPeriodEnd(knewOn, FILING_DAYS));
}

export interface AcceptanceClock {
  dueAt: Date;
  /** Working days left after today (Beijing) until the due date; 0 on the last day and after. */
  workingDaysLeft: number;
  overdue: boolean;
  estimated: boolean;
}

export function acceptanceClock(
  calendar: WorkingDayCalendar,
  filedAt: Date,
  reviewedAt: Date | null,
  now: Date,
): AcceptanceClock {
  const dueAt = calendar.addWorkingDays(filedAt, ACCEPTANCE_WORKING_DAYS);
  const used = calendar.workingDaysBetween(beijingDate(filedAt), beijingDate(reviewedAt ?? now));
  return {
    dueAt,
    workingDaysLeft: Math.max(0, ACCEPTANCE_WORKING_DAYS - used),
    overdue: (reviewedAt ?? now) > dueAt,
    estimated: !calendar.covers(beijingDate(dueAt)),
  };
}

export interface DecisionClock {
  /** Null while the clock is stopped: the due date moves by every working day it stands still. */
  dueAt: Date | null;
  workingDaysUsed: number;
  workingDaysLeft: number;
  stopped: boolean;
  overdue: boolean;
  estimated: boolean;
}

/**
 * A stopped period passes over the working days after the day it began, through the day it ended: the day
 * the clock stops still counts (work was done on it), the day it resumes does not (as a period's first day is
 * not counted). An open period passes over every day after its start.
 */
export function pausedBy(stops: StoppedPeriod[]): (day: string) => boolean {
  const ranges = stops.map((s) => ({
    after: beijingDate(s.start),
    through: s.end ? beijingDate(s.end) : '9999-12-31',
  }));
  return (day) => ranges.some((r) => day > r.after && day <= r.through);
}

/** The decision clock at `now` (or when the decision was made, for a decided complaint). */
export function decisionClock(
  calendar: WorkingDayCalendar,
  acceptedAt: Date,
  stops: StoppedPeriod[],
  decidedAt: Date | null,
  now: Date,
): DecisionClock {
  const paused = pausedBy(stops);
  const stopped = stops.some((s) => s.end === null);
  const until = decidedAt ?? now;
  const acceptedOn = beijingDate(acceptedAt);
  // The day of `until` counts once it has begun: a decision on the 30th working day is on time.
  const used = calendar.workingDaysBetween(acceptedOn, beijingDate(until), paused);
  const dueAt = stopped ? null : calendar.addWorkingDays(acceptedAt, DECISION_WORKING_DAYS, paused);
  return {
    dueAt,
    workingDaysUsed: used,
    workingDaysLeft: Math.max(0, DECISION_WORKING_DAYS - used),
    stopped,
    overdue: dueAt !== null && until > dueAt,
    estimated: dueAt !== null && !calendar.covers(beijingDate(dueAt)),
  };
}

/** Whether a knew-on date lies after today (Beijing): nobody knows of a harm tomorrow. */
export function isFutureDate(knewOn: string, now: Date): boolean {
  return knewOn > beijingDate(now);
}
