import assert from 'node:assert/strict';
import { isValidUscc, usccCheckCharacter } from '../src/platform/china/uscc.js';

describe('统一社会信用代码 (GB 32100 checksum)', () => {
  // Codes of real, registered companies (public business-licence data).
  const realCodes = [
    ['91110000600037341L', 'the example in docs/domain.md §7'],
    ['914403001922038216', 'Huawei Technologies Co., Ltd.'],
    ['9144030071526726XG', 'Shenzhen Tencent Computer Systems Co., Ltd.'],
    ['91330100716105852F', 'Alibaba (China) Co., Ltd.'],
    ['91110108551385082Q', 'Beijing Xiaomi Technology Co., Ltd.'],
  ];
  for (const [code, owner] of realCodes) {
    it(`accepts ${code} (${owner})`, () => assert.equal(isValidUscc(code!), true));
  }

  const invalid: [string, string][] = [
    ['91110000600037341M', 'wrong check character'],
    ['91110000600037342L', 'one digit changed'],
    ['9111000060003734', 'too short'],
    ['91110000600037341LL', 'too long'],
    ['91110000600O37341L', 'contains O, outside the alphabet'],
    ['9111000060003734IL', 'contains I, outside the alphabet'],
    ['91110000600037341l', 'lower case'],
    ['', 'empty'],
  ];
  for (const [code, why] of invalid) {
    it(`refuses ${JSON.stringify(code)} (${why})`, () => assert.equal(isValidUscc(code), false));
  }

  it('computes the check character of the first 17 characters', () => {
    assert.equal(usccCheckCharacter('91110000600037341'), 'L');
    assert.equal(usccCheckCharacter('9144030071526726X'), 'G');
    assert.equal(usccCheckCharacter('9111000060003734S'), undefined, 'S is not in the alphabet');
  });
});
