import assert from 'node:assert/strict';
import { settlesTo } from './helpers/eventually.js';

// The browser tests' way of reading a page that is still changing; it must wait, and it must still fail.
describe('settlesTo (waiting for a page to show what an action changed)', () => {
  it('returns once the probe answers the expected value, however many probes that takes', async () => {
    const answers = ['加载中', '加载中', '已审核'];
    let probes = 0;
    await settlesTo('the status', () => answers[Math.min(probes++, 2)], '已审核', { intervalMs: 1 });
    assert.equal(probes, 3);
  });

  it('compares deeply, and matches a string against a RegExp', async () => {
    await settlesTo('the rows', async () => ['甲', '乙'], ['甲', '乙']);
    await settlesTo('the count', () => 'score 27 of 30', /27 of 30$/);
  });

  it('fails as an assertion naming the last answer once the limit passes', async () => {
    await assert.rejects(
      settlesTo('the language', () => 'zh-CN', 'en', { timeoutMs: 30, intervalMs: 5 }),
      (error: unknown) => {
        assert.ok(error instanceof assert.AssertionError);
        assert.match(error.message, /^the language: still 'zh-CN' after 30 ms, expected 'en'(\n|$)/);
        return true;
      },
    );
    await assert.rejects(
      settlesTo('a number as text', () => 27, /27/, { timeoutMs: 10, intervalMs: 5 }),
      assert.AssertionError,
    );
  });

  it('ends the wait with the error of a probe that throws', async () => {
    await assert.rejects(
      settlesTo('a closed page', () => Promise.reject(new Error('Target page has been closed')), 'x'),
      /Target page has been closed/,
    );
  });
});
