import assert from 'node:assert/strict';
import {
  WorkingDayCalendar,
  addCalendarDays,
  beijingDate,
  endOfBeijingDay,
  type WorkingDayCalendarOptions,
} from './working-days.js';

/*
 * 2026 as the State Council's notice has it (and chinese-days carries it):
 * - Spring Festival: 15-23 February off; Saturday 14 and Saturday 28 February are working days (调休).
 * - Mid-autumn: Friday 25 to Sunday 27 September off.
 * - National Day: 1-7 October off; Sunday 20 September and Saturday 10 October are working days (调休).
 */
describe('working days: the Chinese holiday calendar in Beijing dates', () => {
  const calendar = new WorkingDayCalendar();

  it('reads holidays, 调休 working weekends and ordinary weekends', () => {
    assert.equal(calendar.isWorkingDay('2026-09-30'), true); // Wednesday before National Day
    for (let d = 1; d <= 7; d++) assert.equal(calendar.isWorkingDay(`2026-10-0${d}`), false, `10-0${d}`);
    assert.equal(calendar.isWorkingDay('2026-10-08'), true);
    assert.equal(calendar.isWorkingDay('2026-10-10'), true); // Saturday, 调休
    assert.equal(calendar.isWorkingDay('2026-10-11'), false); // Sunday
    assert.equal(calendar.isWorkingDay('2026-09-20'), true); // Sunday, 调休
    assert.equal(calendar.isWorkingDay('2026-09-19'), false); // Saturday
    assert.equal(calendar.isWorkingDay('2026-09-25'), false); // Friday, Mid-autumn
    assert.equal(calendar.isWorkingDay('2026-02-14'), true); // Saturday, 调休
    assert.equal(calendar.isWorkingDay('2026-02-23'), false); // Monday, Spring Festival
  });

  it('turns instants into Beijing dates and ends a day at 23:59:59.999 Beijing', () => {
    assert.equal(beijingDate(new Date('2026-09-30T15:59:59.999Z')), '2026-09-30');
    assert.equal(beijingDate(new Date('2026-09-30T16:00:00.000Z')), '2026-10-01');
    assert.equal(endOfBeijingDay('2026-10-10').toISOString(), '2026-10-10T15:59:59.999Z');
    assert.equal(addCalendarDays('2026-02-27', 2), '2026-03-01');
  });

  it('counts from the day after (期间开始的当日不计入) across National Day to the 调休 Saturday', () => {
    // Received Wednesday 30 September at 10:00 Beijing: 8, 9 and Saturday 10 October are the three days.
    const due = calendar.addWorkingDays(new Date('2026-09-30T02:00:00Z'), 3);
    assert.equal(due.toISOString(), '2026-10-10T15:59:59.999Z');
    // One millisecond before Beijing midnight is still 30 September: the same due date.
    assert.equal(
      calendar.addWorkingDays(new Date('2026-09-30T15:59:59.999Z'), 3).toISOString(),
      due.toISOString(),
    );
    // At Beijing midnight it is 1 October (a holiday): the count still starts on 8 October.
    assert.equal(
      calendar.addWorkingDays(new Date('2026-09-30T16:00:00Z'), 3).toISOString(),
      due.toISOString(),
    );
    // Received on Thursday 8 October: 9, 10 (Saturday, 调休), then Monday 12.
    assert.equal(calendar.nthWorkingDayAfter('2026-10-08', 3), '2026-10-12');
    // Received Saturday 19 September: Sunday 20 (调休) is the first day.
    assert.equal(calendar.nthWorkingDayAfter('2026-09-19', 1), '2026-09-20');
    assert.equal(calendar.nthWorkingDayAfter('2026-09-19', 3), '2026-09-22');
  });

  it('crosses the Spring Festival', () => {
    // Friday 13 February: Saturday 14 (调休), then nothing until Tuesday 24.
    assert.equal(calendar.nthWorkingDayAfter('2026-02-13', 1), '2026-02-14');
    assert.equal(calendar.nthWorkingDayAfter('2026-02-13', 2), '2026-02-24');
    assert.equal(calendar.nthWorkingDayAfter('2026-02-13', 3), '2026-02-25');
    assert.equal(calendar.workingDaysBetween('2026-02-13', '2026-02-28'), 6); // 14, 24-27, 28
  });

  it('passes over paused days (a stopped clock) and counts between dates', () => {
    assert.equal(calendar.workingDaysBetween('2026-09-30', '2026-10-10'), 3);
    assert.equal(calendar.workingDaysBetween('2026-10-10', '2026-10-10'), 0);
    const paused = (day: string) => day >= '2026-10-09' && day <= '2026-10-12';
    // 8 counts; 9, 10 and 12 are paused; then 13 and 14.
    assert.equal(calendar.nthWorkingDayAfter('2026-09-30', 3, paused), '2026-10-14');
    assert.throws(() => calendar.nthWorkingDayAfter('2026-09-30', 0), /at least 1/);
    assert.throws(() => calendar.isWorkingDay('2026-9-30'), /Not a date/);
  });

  it('ends a calendar-day period on the next working day when its last day is a rest day', () => {
    assert.equal(calendar.calendarPeriodEnd('2026-09-10', 10), '2026-09-20'); // Sunday, but 调休: stays
    assert.equal(calendar.calendarPeriodEnd('2026-09-21', 10), '2026-10-08'); // 1 October → after the holiday
    assert.equal(calendar.calendarPeriodEnd('2026-11-02', 10), '2026-11-12'); // an ordinary Thursday
  });

  describe('beyond the holiday data', () => {
    it('knows which years the package carries: 2026 yes, 2027 not yet', () => {
      assert.equal(calendar.covers('2026-12-31'), true);
      assert.equal(calendar.covers('2027-01-01'), false);
      assert.equal(calendar.lastCoveredYear(), 2026);
    });

    it('counts weekends only beyond it, warning once per year', () => {
      const warnings: number[] = [];
      const c = new WorkingDayCalendar({ warn: (_m, year) => warnings.push(year) });
      // 1 January 2027 is a Friday: without data it is counted as a working day, and said so.
      assert.equal(c.isWorkingDay('2027-01-01'), true);
      assert.equal(c.isWorkingDay('2027-01-02'), false);
      assert.equal(c.isWorkingDay('2027-01-04'), true);
      assert.deepEqual(warnings, [2027]);
    });

    it('takes an operator override for a year the package lacks', () => {
      const c = new WorkingDayCalendar({
        overrides: [{ year: 2027, holidays: ['2027-01-01'], workingWeekendDays: ['2027-01-02'] }],
        warn: () => assert.fail('no warning for an overridden year'),
      });
      assert.equal(c.covers('2027-01-01'), true);
      assert.equal(c.isWorkingDay('2027-01-01'), false);
      assert.equal(c.isWorkingDay('2027-01-02'), true);
      assert.equal(c.nthWorkingDayAfter('2026-12-31', 1), '2027-01-02');
      assert.equal(c.lastCoveredYear(), 2027);
    });

    it('finds the coverage from the data, not from a fixed year', () => {
      // A stand-in whose data ends with 2025: New Year's Day 2026 reads as an ordinary Thursday.
      const source: WorkingDayCalendarOptions['source'] = {
        isWorkday: () => true,
        getDayDetail: (date) => ({
          date: String(date),
          work: true,
          name: String(date) < '2026' ? "New Year's Day,元旦,1" : 'Thursday',
        }),
      };
      const c = new WorkingDayCalendar({ source });
      assert.equal(c.lastCoveredYear(), 2025);
      assert.equal(c.covers('2026-03-01'), false);
    });
  });
});
