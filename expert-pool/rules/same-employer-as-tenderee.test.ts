import { AGENCY, BIDDER_A, OTHER, TENDEREE } from '../testing.js';
import { ruleTable } from './fixture-table.js';
import { sameEmployerAsTenderee } from './same-employer-as-tenderee.js';

ruleTable('same-employer-as-tenderee', sameEmployerAsTenderee, [
  { name: 'unrelated employer passes', expert: { employerUscc: OTHER }, expect: null },
  { name: 'employed by the tenderee is excluded', expert: { employerUscc: TENDEREE }, expect: /tenderee/ },
  { name: 'no employer (retired) passes', expert: { employerUscc: null }, expect: null },
  { name: 'agency employer is not this rule', expert: { employerUscc: AGENCY }, expect: null },
  { name: 'bidder employer is not this rule', expert: { employerUscc: BIDDER_A }, expect: null },
]);
