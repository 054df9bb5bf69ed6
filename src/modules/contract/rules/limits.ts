import { addCalendarDays, beijingDate, endOfBeijingDay } from '../../../platform/china/working-days.js';

/*
 * The contract's time limits, counted as every period in days (docs/domain.md §8): calendar days, the day of
 * the triggering act not counted, the last day ending at 24:00 Beijing time (Civil Code Art.201, 203).
 */

/** ZB Art.46: the contract is signed within 30 days of the award notice (中标通知书发出之日起三十日内). */
export const CONTRACT_DAYS = 30;
/** The job's warning day: 5 days before the limit, while there is still time to sign. */
export const CONTRACT_WARNING_DAY = 25;
/** SS Art.57: deposits are returned within 5 days of the contract (书面合同签订后5日内). */
export const DEPOSIT_RETURN_DAYS = 5;

/** The last millisecond of the n-th day after `from`'s Beijing date (24:00 Beijing of that day, exclusive). */
export const endOfDayAfter = (from: Date, n: number) =>
  endOfBeijingDay(addCalendarDays(beijingDate(from), n));

/** 23:59:59.999 Beijing of the 30th day after the notice: the contract signed up to here is on time. */
export const contractDeadline = (noticeAt: Date) => endOfDayAfter(noticeAt, CONTRACT_DAYS);

/** 00:00 Beijing of the given day after the notice (day 1 is the day after the notice's date). */
export const startOfDay = (noticeAt: Date, day: number) =>
  new Date(endOfDayAfter(noticeAt, day - 1).getTime() + 1);

/** Whether a contract signed at `signedAt` is after the 30 days (still recorded, flagged late). */
export const signedLate = (noticeAt: Date, signedAt: Date) => signedAt > contractDeadline(noticeAt);

/** 23:59:59.999 Beijing of the 5th day after signing: deposits returned up to here are on time. */
export const depositReturnDeadline = (signedAt: Date) => endOfDayAfter(signedAt, DEPOSIT_RETURN_DAYS);

export const depositReturnedLate = (signedAt: Date, returnedAt: Date) =>
  returnedAt > depositReturnDeadline(signedAt);
