import assert from 'node:assert/strict';
import { GroupCommit, type Settled } from '../src/modules/bids/group-commit.js';
import { verifyAuditChain } from '../src/platform/audit/verify.js';
import { createPartyUser, type TestUser } from './helpers/api.js';
import { certifyBidder, sealFile, storedState, submitBid, type BidderKeys } from './helpers/bids.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld } from './helpers/tenders.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

interface Item {
  id: string;
  keys?: string[];
  /** 'refuse': settled with its own error; 'break': throws, failing any batch it is in. */
  bad?: 'refuse' | 'break';
}

/** A GroupCommit over a fake transaction that records each batch it was given. */
function recording(maxBatch: number) {
  const batches: string[][] = [];
  const queue = new GroupCommit<Item, string>({
    maxBatch,
    keysOf: (i) => i.keys ?? [],
    commit: async (items) => {
      batches.push(items.map((i) => i.id));
      if (items.some((i) => i.bad === 'break')) throw new Error('the batch broke');
      return items.map((i): Settled<string> =>
        i.bad === 'refuse' ? { ok: false, error: new Error(`refused ${i.id}`) } : { ok: true, value: i.id },
      );
    },
  });
  const submitAll = (items: Item[]) => Promise.allSettled(items.map((i) => queue.submit(i)));
  return { batches, submitAll };
}

const outcome = (r: PromiseSettledResult<string>) =>
  r.status === 'fulfilled' ? r.value : (r.reason as Error).message;

describe('group commit of finished uploads', () => {
  it('commits items arriving together in one batch, at most maxBatch at a time, in order', async () => {
    const { batches, submitAll } = recording(3);
    const results = await submitAll(['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })));
    assert.deepEqual(batches, [
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    assert.deepEqual(results.map(outcome), ['a', 'b', 'c', 'd', 'e']);
  });

  it('never puts two items sharing a key in one batch, and nothing overtakes a waiting item', async () => {
    const { batches, submitAll } = recording(10);
    await submitAll([
      { id: 'a1', keys: ['bid-a'] },
      { id: 'b', keys: ['bid-b'] },
      { id: 'a2', keys: ['bid-a', 'key-x'] },
      { id: 'x', keys: ['key-x'] },
      { id: 'c', keys: ['bid-c'] },
    ]);
    assert.deepEqual(batches, [['a1', 'b', 'c'], ['a2'], ['x']]);
  });

  it('answers a refused item with its own error while the rest of its batch commits', async () => {
    const { batches, submitAll } = recording(5);
    const results = await submitAll([{ id: 'a' }, { id: 'b', bad: 'refuse' }, { id: 'c' }]);
    assert.deepEqual(batches, [['a', 'b', 'c']]);
    assert.deepEqual(results.map(outcome), ['a', 'refused b', 'c']);
  });

  it('retries each item of a failed batch alone, so one bad item fails only itself', async () => {
    const { batches, submitAll } = recording(5);
    const results = await submitAll([{ id: 'a' }, { id: 'b', bad: 'break' }, { id: 'c' }]);
    assert.deepEqual(batches, [['a', 'b', 'c'], ['a'], ['b'], ['c']]);
    assert.deepEqual(results.map(outcome), ['a', 'the batch broke', 'c']);
  });

  it('keeps taking items that arrive while a batch commits', async () => {
    const { batches, submitAll } = recording(5);
    const first = submitAll([{ id: 'a' }]);
    await new Promise((resolve) => setImmediate(resolve)); // the first batch has started
    await Promise.all([first, submitAll([{ id: 'b' }, { id: 'c' }])]);
    assert.deepEqual(batches, [['a'], ['b', 'c']]);
  });
});

describe('sealed bids committed together', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let tender: TenderView;
  const bidders: { user: TestUser; keys: BidderKeys }[] = [];

  before(async () => {
    // A checkpoint every other entry, so batched audit appends cross checkpoints.
    t = await createTestPlatform({ AUDIT_CHECKPOINT_EVERY: '2' });
    const world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    for (let i = 0; i < 4; i++) {
      const user = i === 0 ? world.bidder : await createPartyUser(t, world.admin, 'bidder');
      bidders.push({ user, keys: await certifyBidder(t.app, user) });
    }
  });
  after(() => t.close());

  const seal = (i: number, bytes: number) =>
    sealFile(tender, bidders[i]!.user.partyId!, bidders[i]!.keys, { attachmentBytes: bytes });
  const submit = (i: number, file: Buffer, key: string) =>
    submitBid(t.app, bidders[i]!.user.token, tender, file, { 'Idempotency-Key': key });

  it('answers each concurrent upload on its own: new bids, a replay, a refused key, two replacements', async () => {
    const first = await seal(0, 1000);
    const original = await submit(0, first, 'group-a-0001').expect(201);
    const before = await storedState(t);
    const files = await Promise.all([
      seal(0, 1001),
      seal(1, 1002),
      seal(2, 1003),
      seal(3, 1004),
      seal(3, 1005),
    ]);

    const [reused, replayed, b, c, d1, d2] = await Promise.all([
      submit(0, files[0]!, 'group-a-0001'), // the same key for another file
      submit(0, first, 'group-a-0001'), // a retry of the first upload
      submit(1, files[1]!, 'group-b-0001'),
      submit(2, files[2]!, 'group-c-0001'),
      submit(3, files[3]!, 'group-d-0001'),
      submit(3, files[4]!, 'group-d-0002'),
    ]);
    assert.equal(reused.status, 409, reused.text);
    assert.equal(reused.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(replayed.status, 201, replayed.text);
    assert.deepEqual(replayed.body, original.body);
    for (const res of [b, c, d1, d2]) assert.equal(res.status, 201, res.text);
    // One bidder's two uploads are two versions of one bid, each receipted with its own number.
    assert.equal(d1.body.bid.id, d2.body.bid.id);
    assert.deepEqual([d1.body.bid.version, d2.body.bid.version].sort(), [1, 2]);

    const after = await storedState(t);
    assert.equal(after.bids, before.bids + 3);
    assert.equal(after.versions, before.versions + 4);
    // Four new blobs; nothing staged is left over, the refused file included.
    assert.equal(after.files.length, before.files.length + 4);
    assert.ok(after.files.every((f) => !f.startsWith('tmp')));
    // Four submissions and a replay audited; the refusal wrote nothing; the chain and checkpoints verify.
    assert.equal(after.auditSeq, before.auditSeq + 5);
    const verdict = await verifyAuditChain(t.platform.models, t.platform.keys.signer.certPem, 2);
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
  });
});
