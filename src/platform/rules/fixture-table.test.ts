import assert from 'node:assert/strict';
import { tableProblems } from './fixture-table.js';
import { findingsOf } from './rule.js';

describe('rule kernel: fixture tables that can fail', () => {
  const rows: [name: string, names: string[], counts: number[], problems: string[]][] = [
    ['a passing and a finding case', ['ok', 'bad'], [0, 2], []],
    ['every case passes', ['a', 'b'], [0, 0], ['no case finds anything']],
    ['every case finds', ['a', 'b'], [1, 1], ['no case passes']],
    ['an empty table', [], [], ['no case passes', 'no case finds anything']],
    ['a repeated case name', ['a', 'b', 'a'], [0, 1, 1], ['case "a" appears twice']],
  ];
  for (const [name, names, counts, problems] of rows) {
    it(name, () => assert.deepEqual(tableProblems(names, counts), problems));
  }

  it('findingsOf reads both forms of rule: a list, or one finding or null', () => {
    assert.deepEqual(findingsOf(null), []);
    assert.deepEqual(findingsOf([]), []);
    assert.deepEqual(findingsOf({ code: 'X' }), [{ code: 'X' }]);
    assert.deepEqual(findingsOf([{ code: 'X' }, { code: 'Y' }]), [{ code: 'X' }, { code: 'Y' }]);
  });
});
