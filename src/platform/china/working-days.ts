import chineseDays from 'chinese-days';

/**
 * Working days (工作日) as the State Council's holiday notices set them: weekends are rest days, except the
 * 调休 weekend days made working days, and the public holidays are rest days whatever the weekday. The data is
 * the `chinese-days` package's, which carries each year once its notice is out (usually in November of the
 * year before). Dates are Beijing dates 'YYYY-MM-DD'; instants are turned into Beijing dates (UTC+8, no
 * daylight saving) before anything is counted. See docs/domain.md §9 for the rules and the coverage.
 */

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Beijing date of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Beijing date (23:59:59.999 Beijing = 15:59:59.999Z): when a period ends. */
export function endOfBeijingDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS + DAY_MS - 1);
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addCalendarDays(date: string, n: number): string {
  assertDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function assertDate(date: string): void {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new Error(`Not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
}

/** Days the operator sets for a year the package does not carry yet (from that year's State Council notice). */
export interface CalendarOverride {
  year: number;
  /** Public holidays (rest days even on a weekday). */
  holidays: string[];
  /** 调休 weekend days that are working days. */
  workingWeekendDays: string[];
}

export interface WorkingDayCalendarOptions {
  overrides?: CalendarOverride[];
  /** Told once per year when a date beyond the data is counted with weekends alone. */
  warn?: (message: string, year: number) => void;
  /** The package's functions; tests pass a stand-in to see the coverage check at work. */
  source?: Pick<typeof chineseDays, 'isWorkday' | 'getDayDetail'>;
}

/**
 * Years whose holiday notice the data carries. New Year's Day (元旦) is a holiday every year, so a year is
 * carried when its 1 January is named as New Year's Day; a year not yet in the data reads as an ordinary day.
 */
function coveredYears(source: NonNullable<WorkingDayCalendarOptions['source']>): Set<number> {
  const years = new Set<number>();
  for (let year = 2000; year <= 2100; year++) {
    if (source.getDayDetail(`${year}-01-01`).name.includes("New Year's Day")) years.add(year);
  }
  return years;
}

export class WorkingDayCalendar {
  private readonly source: NonNullable<WorkingDayCalendarOptions['source']>;
  private readonly years: Set<number>;
  private readonly overrides = new Map<number, { holidays: Set<string>; working: Set<string> }>();
  private readonly warned = new Set<number>();

  constructor(private readonly opts: WorkingDayCalendarOptions = {}) {
    this.source = opts.source ?? chineseDays;
    this.years = coveredYears(this.source);
    for (const o of opts.overrides ?? []) {
      this.overrides.set(o.year, { holidays: new Set(o.holidays), working: new Set(o.workingWeekendDays) });
    }
  }

  /** Whether the day is counted from a holiday notice (the package's or an override), not from weekends alone. */
  covers(date: string): boolean {
    assertDate(date);
    const year = Number(date.slice(0, 4));
    return this.overrides.has(year) || this.years.has(year);
  }

  /** The last year with holiday data: due dates beyond it are estimates (weekends only). */
  lastCoveredYear(): number {
    return Math.max(...this.years, ...this.overrides.keys());
  }

  isWorkingDay(date: string): boolean {
    assertDate(date);
    const year = Number(date.slice(0, 4));
    const override = this.overrides.get(year);
    if (override) {
      if (override.holidays.has(date)) return false;
      if (override.working.has(date)) return true;
      return !isWeekend(date);
    }
    if (this.years.has(year)) return this.source.isWorkday(date);
    if (!this.warned.has(year)) {
      this.warned.add(year);
      this.opts.warn?.(
        `No holiday data for ${year}: working days are counted as Monday to Friday until the calendar is updated`,
        year,
      );
    }
    return !isWeekend(date);
  }

  /**
   * The n-th working day after `date`: the day itself is not counted (期间开始的当日不计入, Civil Code
   * Art.201), so 1 is the first working day after it. Days for which `paused(day)` holds are passed over.
   */
  nthWorkingDayAfter(date: string, n: number, paused: (day: string) => boolean = () => false): string {
    if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a whole number of days, at least 1: ${n}`);
    let day = date;
    for (let counted = 0; counted < n;) {
      day = addCalendarDays(day, 1);
      if (this.isWorkingDay(day) && !paused(day)) counted += 1;
    }
    return day;
  }

  /** The end (Beijing 23:59:59.999) of the n-th working day after the Beijing date of `from`. */
  addWorkingDays(from: Date, n: number, paused?: (day: string) => boolean): Date {
    return endOfBeijingDay(this.nthWorkingDayAfter(beijingDate(from), n, paused));
  }

  /** Working days d with after < d ≤ through (0 when through is not after `after`). */
  workingDaysBetween(after: string, through: string, paused: (day: string) => boolean = () => false): number {
    assertDate(through);
    let count = 0;
    for (let day = addCalendarDays(after, 1); day <= through; day = addCalendarDays(day, 1)) {
      if (this.isWorkingDay(day) && !paused(day)) count += 1;
    }
    return count;
  }

  /**
   * The last day of a period of `days` calendar days after `date` (day itself not counted); a last day that
   * is a rest day moves to the next working day (Civil Code Art.203).
   */
  calendarPeriodEnd(date: string, days: number): string {
    let last = addCalendarDays(date, days);
    while (!this.isWorkingDay(last)) last = addCalendarDays(last, 1);
    return last;
  }
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
