import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { registryMatchesFolder } from '../../../platform/rules/fixture-table.js';
import { checkTender, publicationRules, tenderRules } from './index.js';
import { DAY, NOW, THREE, at, facts, plan, section } from './testing.js';

describe('tender rules: the registry and publication', () => {
  registryMatchesFolder({
    files: readdirSync(new URL('.', import.meta.url)),
    registered: Object.keys(tenderRules),
    support: ['index', 'rule', 'testing'],
  });

  it('the baseline tender passes every publication rule', () => {
    assert.deepEqual(checkTender(facts(), NOW), []);
  });

  it('publication runs exactly these rules, and checkTender reports each rule’s findings in that order', () => {
    assert.deepEqual(
      publicationRules.map((r) => r.name),
      [
        'scheduleOrder',
        'tenderPeriod',
        'documentsAvailability',
        'maxPricePresent',
        'depositCap',
        'custodiansValid',
        'committeeSize',
        'committeeExperts',
        'committeeRepresentatives',
        'gpCommitteeSize',
        'evaluationCriteria',
      ],
    );
    const broken = facts({
      schedule: { documentsTo: at(0), bidDeadline: at(DAY), clarificationDeadline: at(2 * DAY) },
      sections: [
        section(
          { maxPriceFen: null, estimatedPriceFen: 100, depositFen: 3 },
          plan({
            committee: { size: 4, experts: 2, representatives: 2 },
            criteria: plan().criteria.slice(0, 2),
          }),
        ),
      ],
      custodians: { threshold: 1, members: THREE.slice(0, 2) },
    });
    assert.deepEqual(
      checkTender(broken, NOW).map((v) => v.code),
      [
        'SCHEDULE_OUT_OF_ORDER',
        'SCHEDULE_OUT_OF_ORDER',
        'TENDER_PERIOD_TOO_SHORT',
        'DOCUMENTS_PERIOD_TOO_SHORT',
        'MAX_PRICE_MISSING',
        'DEPOSIT_OVER_CAP',
        'CUSTODIANS_INVALID',
        'CUSTODIANS_INVALID',
        'COMMITTEE_SIZE_INVALID',
        'COMMITTEE_EXPERTS_TOO_FEW',
        'COMMITTEE_REPRESENTATIVES_TOO_MANY',
        'CRITERIA_PRICE_COUNT',
        'CRITERIA_POINTS_SUM',
      ],
    );
  });
});
