/*
 * The digest's calendar: Beijing days (UTC+8 all year, no daylight saving, so a fixed offset is exact).
 * A digest covers one Beijing day, named 'YYYY-MM-DD', and is composed at 08:00 Beijing the next morning.
 */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
/** 08:00 Beijing: the hour the digest of the day before is composed. */
export const DIGEST_HOUR_MS = 8 * 3600_000;

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Beijing date of an instant. */
export const beijingDate = (at: Date): string =>
  new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);

/** The instant a Beijing day starts (00:00 Beijing). */
export const dayStart = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);

export const nextDate = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** When the digest of `date` is composed: 08:00 Beijing the next day. */
export const composeAt = (date: string): Date =>
  new Date(dayStart(nextDate(date)).getTime() + DIGEST_HOUR_MS);

/** The day whose digest is composed next after `now` (at or after now). */
export const upcomingDigestDate = (now: Date): string =>
  beijingDate(new Date(now.getTime() - DIGEST_HOUR_MS - 1));

/** Whether `date` is a real calendar date (2026-02-30 is not). */
export function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const at = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === date;
}
