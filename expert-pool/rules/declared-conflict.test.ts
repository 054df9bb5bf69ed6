import { AGENCY, BIDDER_B, OTHER, TENDEREE } from '../testing.js';
import { declaredConflict } from './declared-conflict.js';
import { ruleTable } from './fixture-table.js';

const with_ = (partyUscc: string, relation = 'former employee') => ({ conflicts: [{ partyUscc, relation }] });
ruleTable('declared-conflict', declaredConflict, [
  { name: 'no declarations passes', expect: null },
  { name: 'conflict with an unrelated party passes', expert: with_(OTHER), expect: null },
  { name: 'conflict with the tenderee', expert: with_(TENDEREE), expect: /tenderee: former employee/ },
  { name: 'conflict with the agency', expert: with_(AGENCY, 'shareholder'), expect: /agency: shareholder/ },
  {
    name: 'conflict with a bidder',
    expert: with_(BIDDER_B, 'spouse is staff'),
    expect: /BIDDERB: spouse is staff/,
  },
  { name: 'bidder unknown yet: passes', expert: with_(BIDDER_B), ctx: { bidderUsccs: [] }, expect: null },
  {
    name: 'second declaration matches',
    expert: {
      conflicts: [
        { partyUscc: OTHER, relation: 'x' },
        { partyUscc: TENDEREE, relation: 'relative' },
      ],
    },
    expect: /relative/,
  },
]);
