import { OTHER, TENDEREE } from '../testing.js';
import { ruleTable } from './fixture-table.js';
import { sameTendereeCooldown } from './same-tenderee-cooldown.js';

// Evaluation on 2026-12-15 with a 30-day cooldown: draws after 2026-11-15 count.
const drawn = (date: string, tendereeUscc = TENDEREE) => ({ recentDraws: [{ tendereeUscc, date }] });
ruleTable('same-tenderee-cooldown', sameTendereeCooldown, [
  { name: 'never drawn passes', expect: null },
  {
    name: 'drawn yesterday for the tenderee',
    expert: drawn('2026-12-14'),
    expect: /2026-12-14, within 30 days/,
  },
  { name: 'drawn 29 days before', expert: drawn('2026-11-16'), expect: /within 30 days/ },
  { name: 'drawn exactly 30 days before passes', expert: drawn('2026-11-15'), expect: null },
  { name: 'drawn 31 days before passes', expert: drawn('2026-11-14'), expect: null },
  { name: 'drawn on the same day', expert: drawn('2026-12-15'), expect: /within/ },
  { name: 'drawn for a later date counts', expert: drawn('2026-12-20'), expect: /within/ },
  { name: 'drawn for another tenderee passes', expert: drawn('2026-12-14', OTHER), expect: null },
  {
    name: 'cooldown 0 is off',
    expert: drawn('2026-12-15'),
    ctx: { sameTendereeCooldownDays: 0 },
    expect: null,
  },
  {
    name: 'crosses a month and year boundary',
    expert: drawn('2025-12-31'),
    ctx: { evaluationDate: '2026-01-05', sameTendereeCooldownDays: 7 },
    expect: /within 7 days/,
  },
  {
    name: 'leap day arithmetic (2028-03-01 minus 1 day is 02-29)',
    expert: drawn('2028-02-29'),
    ctx: { evaluationDate: '2028-03-01', sameTendereeCooldownDays: 1 },
    expect: null,
  },
]);
