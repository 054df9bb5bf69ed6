import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { registryMatchesFolder } from '../../../platform/rules/fixture-table.js';
import { checkTender, publicationRules, tenderRules } from './index.js';
import { DAY, NOW, THREE, at, facts } from './testing.js';

describe('tender rules: the registry and publication', () => {
  registryMatchesFolder({
    files: readdirSync(new URL('.', import.meta.url)),
    registered: Object.keys(tenderRules),
    support: ['index', 'rule', 'testing'],
  });

  it('the baseline tender passes every publication rule', () => {
    assert.deepEqual(checkTender(facts(), NOW), []);
  });

  it('publication runs exactly the six rules, and checkTender reports each rule’s findings in that order', () => {
    assert.deepEqual(
      publicationRules.map((r) => r.name),
      [
        'scheduleOrder',
        'tenderPeriod',
        'documentsAvailability',
        'maxPricePresent',
        'depositCap',
        'custodiansValid',
      ],
    );
    const broken = facts({
      schedule: { documentsTo: at(0), bidDeadline: at(DAY), clarificationDeadline: at(2 * DAY) },
      sections: [{ maxPriceFen: null, estimatedPriceFen: 100, depositFen: 3 }],
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
      ],
    );
  });
});
