import { AGENCY, OTHER, TENDEREE } from '../testing.js';
import { ruleTable } from './fixture-table.js';
import { sameEmployerAsAgency } from './same-employer-as-agency.js';

ruleTable('same-employer-as-agency', sameEmployerAsAgency, [
  { name: 'unrelated employer passes', expert: { employerUscc: OTHER }, expect: null },
  { name: 'employed by the agency is excluded', expert: { employerUscc: AGENCY }, expect: /agency/ },
  {
    name: 'no agency (self-run tender) passes',
    expert: { employerUscc: AGENCY },
    ctx: { agencyUscc: null },
    expect: null,
  },
  {
    name: 'no employer never equals a missing agency',
    expert: { employerUscc: null },
    ctx: { agencyUscc: null },
    expect: null,
  },
  { name: 'tenderee employer is not this rule', expert: { employerUscc: TENDEREE }, expect: null },
]);
