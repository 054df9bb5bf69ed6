import assert from 'node:assert/strict';
import { oneReadAtATime } from '../web/src/one-read-at-a-time.js';

/** A read whose answer the test gives when it likes, as a slow network would. */
function controlledReads() {
  const answers: Array<(state: string) => void> = [];
  const drawn: string[] = [];
  const read = () =>
    new Promise<string>((resolve) => answers.push(resolve)).then((state) => void drawn.push(state));
  return { answers, drawn, read };
}

// The supervision pages (dashboard, alerts, a tender) and the evaluation report are read again on every push;
// a read that answers late must never be drawn over a newer one.
describe('pages read again on a push: one read at a time', () => {
  it('a refresh asked for during a read starts one more read after it, not one beside it', async () => {
    const { answers, drawn, read } = controlledReads();
    const load = oneReadAtATime(read);
    const first = load();
    const duringFirst = [load(), load(), load()];
    assert.equal(answers.length, 1, 'no second read while the first is out');
    answers[0]!('before the change');
    await Promise.all(duringFirst); // they settle with the first read
    await new Promise(setImmediate);
    // The three refreshes asked for meanwhile are one read, started once the first was drawn.
    assert.equal(answers.length, 2);
    answers[1]!('after the change');
    await first;
    assert.deepEqual(drawn, ['before the change', 'after the change']);
    await new Promise(setImmediate);
    assert.equal(answers.length, 2, 'nothing read again once nothing was asked for');
  });

  it('goes on after a read that failed', async () => {
    let reads = 0;
    const load = oneReadAtATime(async () => {
      reads++;
      if (reads === 1) throw new Error('network down');
    });
    await load();
    await load();
    assert.equal(reads, 2);
  });
});
