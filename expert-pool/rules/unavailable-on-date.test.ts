import { ruleTable } from './fixture-table.js';
import { unavailableOnDate } from './unavailable-on-date.js';

ruleTable('unavailable-on-date', unavailableOnDate, [
  { name: 'no dates passes', expect: null },
  { name: 'unavailable that day', expert: { unavailableDates: ['2026-12-15'] }, expect: /2026-12-15/ },
  { name: 'day before passes', expert: { unavailableDates: ['2026-12-14'] }, expect: null },
  { name: 'day after passes', expert: { unavailableDates: ['2026-12-16'] }, expect: null },
  {
    name: 'among several dates',
    expert: { unavailableDates: ['2026-12-01', '2026-12-15'] },
    expect: /unavailable/,
  },
]);
