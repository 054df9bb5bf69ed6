import { creditBelowThreshold } from './credit-below-threshold.js';
import { ruleTable } from './fixture-table.js';

ruleTable('credit-below-threshold', creditBelowThreshold, [
  { name: 'well above passes', expert: { creditScore: 90 }, expect: null },
  { name: 'exactly at the threshold passes', expert: { creditScore: 60 }, expect: null },
  { name: 'just below is excluded', expert: { creditScore: 59.9 }, expect: /59.9 below 60/ },
  { name: 'zero is excluded', expert: { creditScore: 0 }, expect: /below/ },
  {
    name: 'threshold 0 lets everyone pass',
    expert: { creditScore: 0 },
    ctx: { minCreditScore: 0 },
    expect: null,
  },
  {
    name: 'threshold 100 needs a perfect score',
    expert: { creditScore: 99 },
    ctx: { minCreditScore: 100 },
    expect: /below 100/,
  },
]);
