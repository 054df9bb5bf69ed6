import { explicitExclusion } from './explicit-exclusion.js';
import { ruleTable } from './fixture-table.js';

const exclusions = [{ expertId: 'E0001', reason: 'spouse works for bidder A' }];
ruleTable('explicit-exclusion', explicitExclusion, [
  { name: 'no exclusions: passes', expect: null },
  {
    name: 'listed: excluded with the given reason',
    ctx: { exclusions },
    expect: /^spouse works for bidder A$/,
  },
  { name: 'another expert listed: passes', expert: { id: 'E0002' }, ctx: { exclusions }, expect: null },
  { name: 'ids match exactly, not by prefix', expert: { id: 'E00011' }, ctx: { exclusions }, expect: null },
]);
