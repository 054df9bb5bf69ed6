import assert from 'node:assert/strict';
import { WorkingDayCalendar } from '../../../platform/china/working-days.js';
import { acceptanceClock, decisionClock, filingDeadline, pausedBy } from './clocks.js';

/** Beijing 10:00 on a date, as an instant. */
const at = (date: string, time = '02:00:00') => new Date(`${date}T${time}Z`);

describe('complaint clocks (SS Art.60-61) on the 2026 calendar', () => {
  const calendar = new WorkingDayCalendar();

  it('ends the filing period at the end of the 10th day, or of the next working day after a holiday', () => {
    assert.equal(filingDeadline(calendar, '2026-11-02').toISOString(), '2026-11-12T15:59:59.999Z');
    // Day 10 is Saturday 3 October (National Day): the period runs to Thursday 8 October.
    assert.equal(filingDeadline(calendar, '2026-09-23').toISOString(), '2026-10-08T15:59:59.999Z');
  });

  it('counts acceptance days left from the day after receipt', () => {
    const filed = at('2026-09-30');
    const clock = (now: Date) => acceptanceClock(calendar, filed, null, now);
    assert.equal(clock(at('2026-10-05')).workingDaysLeft, 3); // all of National Day still ahead
    assert.equal(clock(at('2026-10-09')).workingDaysLeft, 1);
    assert.equal(clock(at('2026-10-10', '15:59:59.999')).overdue, false);
    assert.equal(clock(at('2026-10-10', '16:00:00.000')).overdue, true);
    // Reviewed in time: not overdue however late it is read.
    assert.equal(acceptanceClock(calendar, filed, at('2026-10-09'), at('2026-12-01')).overdue, false);
  });

  it('passes over the days after a stop began through the day it ended; a same-day stop costs nothing', () => {
    const paused = pausedBy([{ start: at('2026-10-14'), end: at('2026-10-16') }]);
    assert.deepEqual(['2026-10-14', '2026-10-15', '2026-10-16', '2026-10-17'].map(paused), [
      false,
      true,
      true,
      false,
    ]);
    const sameDay = decisionClock(
      calendar,
      at('2026-10-09'),
      [{ start: at('2026-10-14'), end: at('2026-10-14', '06:00:00') }],
      null,
      at('2026-10-15'),
    );
    assert.equal(sameDay.dueAt?.toISOString(), '2026-11-19T15:59:59.999Z');
    assert.equal(sameDay.workingDaysUsed, 5); // 10, 12, 13, 14, 15 October
  });

  it('has no due date while stopped, and keeps the days used', () => {
    const open = decisionClock(
      calendar,
      at('2026-10-09'),
      [{ start: at('2026-10-14'), end: null }],
      null,
      at('2026-10-30'),
    );
    assert.equal(open.dueAt, null);
    assert.equal(open.stopped, true);
    assert.equal(open.workingDaysUsed, 4);
    assert.equal(open.workingDaysLeft, 26);
    assert.equal(open.overdue, false);
  });
});
