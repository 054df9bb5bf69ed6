import assert from 'node:assert/strict';
import { registryProblems } from './registry.js';

describe('rule kernel: a rule folder against its registry', () => {
  const files = [
    'index.ts',
    'rule.ts',
    'max-price.ts',
    'max-price.test.ts',
    'deposit-cap.ts',
    'deposit-cap.test.ts',
  ];
  const support = ['index', 'rule'];
  const rows: [name: string, files: string[], registered: string[], problems: string[]][] = [
    ['files, registry and tables agree', files, ['max-price', 'deposit-cap'], []],
    ['a rule file left out of the registry', files, ['max-price'], ['deposit-cap.ts is not registered']],
    [
      'a registered id without its file',
      files,
      ['max-price', 'deposit-cap', 'tender-period'],
      ['tender-period is registered but has no file tender-period.ts'],
    ],
    [
      'a rule without its fixture table',
      files.filter((f) => f !== 'deposit-cap.test.ts'),
      ['max-price', 'deposit-cap'],
      ['deposit-cap has no fixture table deposit-cap.test.ts beside it'],
    ],
    [
      'a rule registered twice',
      files,
      ['max-price', 'deposit-cap', 'max-price'],
      ['max-price is registered twice'],
    ],
    ['files that are not TypeScript are ignored', [...files, 'README.md'], ['max-price', 'deposit-cap'], []],
  ];
  for (const [name, folderFiles, registered, problems] of rows) {
    it(name, () => assert.deepEqual(registryProblems({ files: folderFiles, registered, support }), problems));
  }
});
