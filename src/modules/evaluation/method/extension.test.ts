import assert from 'node:assert/strict';
import { extensionDue } from './extension.js';

describe('extensionDue: more than 1/3 of the active members say the time is too short (SS Art.48)', () => {
  const cases: [votes: number, members: number, due: boolean][] = [
    [1, 5, false],
    [2, 5, true], // 2/5 > 1/3
    [2, 6, false], // exactly 1/3 is not more than 1/3
    [3, 6, true],
    [3, 9, false],
    [4, 9, true],
    [2, 7, false],
    [3, 7, true],
    [0, 0, false],
  ];
  for (const [votes, members, due] of cases) {
    it(`${votes} of ${members}: ${due ? 'extended' : 'not extended'}`, () =>
      assert.equal(extensionDue(votes, members), due));
  }
});
