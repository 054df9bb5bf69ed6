import assert from 'node:assert/strict';
import { beijingDate, composeAt, dayStart, isCalendarDate, nextDate, upcomingDigestDate } from './dates.js';

describe('supervision digest: Beijing days and the 08:00 composition time', () => {
  it('names the Beijing day of an instant, across midnight UTC+8', () => {
    assert.equal(beijingDate(new Date('2026-01-30T15:59:59.999Z')), '2026-01-30');
    assert.equal(beijingDate(new Date('2026-01-30T16:00:00.000Z')), '2026-01-31');
  });

  it('starts a day at 00:00 Beijing and composes it at 08:00 Beijing the next day, across months and years', () => {
    assert.equal(dayStart('2026-03-01').toISOString(), '2026-02-28T16:00:00.000Z');
    assert.equal(nextDate('2026-02-28'), '2026-03-01');
    assert.equal(nextDate('2026-12-31'), '2027-01-01');
    assert.equal(composeAt('2026-12-31').toISOString(), '2027-01-01T00:00:00.000Z');
  });

  it('the next digest due: at 08:00 exactly it is the day before; a millisecond later, today', () => {
    assert.equal(upcomingDigestDate(new Date('2026-02-01T23:59:59.999Z')), '2026-02-01');
    assert.equal(upcomingDigestDate(new Date('2026-02-02T00:00:00.000Z')), '2026-02-01');
    assert.equal(upcomingDigestDate(new Date('2026-02-02T00:00:00.001Z')), '2026-02-02');
  });

  it('knows a calendar date from a date-shaped string', () => {
    assert.equal(isCalendarDate('2028-02-29'), true);
    assert.equal(isCalendarDate('2026-02-29'), false);
    assert.equal(isCalendarDate('2026-13-01'), false);
    assert.equal(isCalendarDate('26-01-01'), false);
  });
});
