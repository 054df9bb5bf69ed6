// For tests only: a small plan's criteria shared by the tables here (docs/domain.md §5).
import type { Criterion } from './types.js';

export const CRITERIA: Criterion[] = [
  { key: 'licence', kind: 'pass-fail', group: 'qualification', points: 0 },
  { key: 'bond', kind: 'pass-fail', group: 'qualification', points: 0 },
  { key: 'design', kind: 'subjective', group: 'technical', points: 40 },
  { key: 'staff', kind: 'objective', group: 'technical', points: 10.5 },
  { key: 'warranty', kind: 'objective', group: 'commercial', points: 19.5 },
  { key: 'price', kind: 'objective', group: 'price', points: 30 },
];
