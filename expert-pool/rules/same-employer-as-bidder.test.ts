import { BIDDER_A, BIDDER_B, OTHER } from '../testing.js';
import { ruleTable } from './fixture-table.js';
import { sameEmployerAsBidder } from './same-employer-as-bidder.js';

ruleTable('same-employer-as-bidder', sameEmployerAsBidder, [
  { name: 'unrelated employer passes', expert: { employerUscc: OTHER }, expect: null },
  { name: 'employed by the first bidder is excluded', expert: { employerUscc: BIDDER_A }, expect: /BIDDERA/ },
  { name: 'employed by the last bidder is excluded', expert: { employerUscc: BIDDER_B }, expect: /BIDDERB/ },
  {
    name: 'bidders not known yet: passes',
    expert: { employerUscc: BIDDER_A },
    ctx: { bidderUsccs: [] },
    expect: null,
  },
  { name: 'no employer passes', expert: { employerUscc: null }, expect: null },
]);
