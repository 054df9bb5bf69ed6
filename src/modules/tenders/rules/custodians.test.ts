import { custodiansValid } from './custodians.js';
import type { CustodianFacts } from './rule.js';
import { THREE, custodian, facts, violationTable } from './testing.js';

const with_ = (threshold: number, members: CustodianFacts[]) => facts({ custodians: { threshold, members } });

violationTable(
  'custodians',
  'n ≥ 3 distinct key custodians with valid certificates, 2 ≤ k ≤ n',
  custodiansValid,
  [
    { name: 'n=3 k=2 passes', facts: with_(2, THREE), expect: [] },
    { name: 'n=3 k=3 passes', facts: with_(3, THREE), expect: [] },
    {
      name: 'n=5 k=3 passes',
      facts: with_(3, [...THREE, custodian('c4'), custodian('c5')]),
      expect: [],
    },
    {
      name: 'n=3 k=1 fails on the threshold',
      facts: with_(1, THREE),
      expect: [['CUSTODIANS_INVALID', 'custodians.threshold']],
      params: { threshold: 1, n: 3 },
    },
    {
      name: 'n=3 k=4 fails on the threshold',
      facts: with_(4, THREE),
      expect: [['CUSTODIANS_INVALID', 'custodians.threshold']],
      params: { threshold: 4, n: 3 },
    },
    {
      name: 'n=2 k=2 fails on the number of custodians',
      facts: with_(2, THREE.slice(0, 2)),
      expect: [['CUSTODIANS_INVALID', 'custodians.userIds', /At least 3/]],
      params: { n: 2 },
    },
    {
      name: 'n=2 k=3 fails on both',
      facts: with_(3, THREE.slice(0, 2)),
      expect: [
        ['CUSTODIANS_INVALID', 'custodians.userIds', /At least 3/],
        ['CUSTODIANS_INVALID', 'custodians.threshold'],
      ],
    },
    {
      name: 'nobody named fails on both',
      facts: with_(2, []),
      expect: [
        ['CUSTODIANS_INVALID', 'custodians.userIds', /At least 3/],
        ['CUSTODIANS_INVALID', 'custodians.threshold'],
      ],
    },
    {
      name: 'a custodian named twice (three names, two people)',
      facts: with_(2, [custodian('c1'), custodian('c2'), custodian('c1')]),
      expect: [['CUSTODIANS_INVALID', 'custodians.userIds', /named twice/]],
    },
    {
      name: 'a user who is not a custodian, named by position',
      facts: with_(2, [custodian('c1'), custodian('b1', { role: 'bidder' }), custodian('c3')]),
      expect: [['CUSTODIANS_INVALID', 'custodians.userIds.1', /not a key custodian/]],
    },
    {
      name: 'a user who does not exist (no role)',
      facts: with_(2, [custodian('c1'), custodian('c2'), custodian('x', { role: null })]),
      expect: [['CUSTODIANS_INVALID', 'custodians.userIds.2', /not a key custodian/]],
    },
    {
      name: 'a custodian without a valid certificate',
      facts: with_(2, [custodian('c1', { hasValidCertificate: false }), custodian('c2'), custodian('c3')]),
      expect: [['CUSTODIANS_INVALID', 'custodians.userIds.0', /no valid certificate/]],
    },
    {
      name: 'a non-custodian without a certificate is named once, for the role',
      facts: with_(2, [
        custodian('c1'),
        custodian('c2'),
        custodian('e1', { role: 'expert', hasValidCertificate: false }),
      ]),
      expect: [['CUSTODIANS_INVALID', 'custodians.userIds.2', /not a key custodian/]],
    },
  ],
);
