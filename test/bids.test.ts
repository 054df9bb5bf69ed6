import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { canonicalJson, verifyBidReceipt, verifyPss } from '../crypto/index.js';
import { bearer, createPartyUser, type TestUser } from './helpers/api.js';
import {
  base64urlJson,
  certifyBidder,
  sealFile,
  storedState,
  submitBid,
  testDevice,
  type BidderKeys,
} from './helpers/bids.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const account = {
  bank: '中国工商银行南宁分行',
  accountName: '测试投标企业',
  accountNumber: '6222 0210 0101 2345',
};

describe('sealed bids: submit, receipt, replace, withdraw', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let world: TenderWorld;
  let tender: TenderView;
  let bidder: TestUser;
  let keys: BidderKeys;
  let platformCert: string;

  before(async () => {
    // Sessions outlive the clock's jumps to the deadline (25 days on).
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    bidder = world.bidder;
    keys = await certifyBidder(t.app, bidder);
    platformCert = (await request(t.app).get('/api/v1/ca').expect(200)).body.platformSigningCertificatePem;
  });
  after(() => t.close());

  const seal = (opts = {}) => sealFile(tender, bidder.partyId!, keys, opts);

  it('stores the sealed file and answers with a receipt that verifies offline', async () => {
    const file = await seal({ attachmentBytes: 10_000 });
    const res = await submitBid(t.app, bidder.token, tender, file, {
      'Idempotency-Key': 'first-upload-0001',
      'X-Deposit-Account': base64urlJson(account),
      'User-Agent': 'yangguang-test-agent',
    }).expect(201);
    const { bid, receipt } = res.body;
    assert.equal(res.headers.location, `/api/v1/bids/${bid.id}`);
    assert.deepEqual(await verifyBidReceipt(receipt, platformCert), { ok: true });
    assert.equal(receipt.receipt.ciphertextSha256, sha256(file));
    assert.equal(receipt.receipt.size, file.length);
    assert.equal(receipt.receipt.receivedAt, t.clock.now().toISOString());
    assert.deepEqual(receipt.receipt.tender, { id: tender.id, code: tender.code });
    assert.equal(receipt.receipt.bidder.partyId, bidder.partyId);
    assert.deepEqual(
      { status: bid.status, version: bid.version, size: bid.size, withdrawnAt: bid.withdrawnAt },
      { status: 'submitted', version: 1, size: file.length, withdrawnAt: null },
    );
    // A forged receipt does not verify.
    const forged = { ...receipt, receipt: { ...receipt.receipt, size: 1 } };
    assert.equal((await verifyBidReceipt(forged, platformCert)).ok, false);

    const view = await request(t.app).get(`/api/v1/bids/${bid.id}`).set(bearer(bidder.token)).expect(200);
    assert.deepEqual(view.body, bid);
    const again = await request(t.app)
      .get(`/api/v1/bids/${bid.id}/receipt`)
      .set(bearer(bidder.token))
      .expect(200);
    assert.equal(again.text, JSON.stringify(receipt));
    const back = await request(t.app)
      .get(`/api/v1/bids/${bid.id}/ciphertext`)
      .set(bearer(bidder.token))
      .buffer(true)
      .parse((r, done) => {
        const parts: Buffer[] = [];
        r.on('data', (c: Buffer) => parts.push(c));
        r.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    assert.ok(Buffer.compare(back.body as Buffer, file) === 0);
    assert.equal(back.headers.etag, `"${sha256(file)}"`);

    // Supervision sees who, from where, with which device and deposit account.
    const list = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/bids`)
      .set(bearer(world.supervisor.token))
      .expect(200);
    const [item] = list.body.items;
    assert.equal(list.body.items.length, 1);
    assert.equal(item.bidder.partyId, bidder.partyId);
    assert.deepEqual(item.versions[0].device, testDevice);
    assert.deepEqual(item.versions[0].depositAccount, account);
    assert.equal(item.versions[0].userAgent, 'yangguang-test-agent');
    assert.ok(item.versions[0].ip.length > 0);
    // The audit chain records the submission, but never the deposit account.
    const entries = await t.platform.models.AuditEntry.findAll({ where: { subject: `bid:${bid.id}` } });
    assert.deepEqual(
      entries.map((e) => e.action),
      ['bid.submit'],
    );
    // Read field by field: the entry's ids and digests are random hex, where a short substring such as the
    // account's leading digits turns up by chance.
    const recorded = Object.entries(JSON.parse(entries[0]!.data) as Record<string, unknown>);
    assert.deepEqual(
      recorded.filter(([key]) => /deposit|account|bank/i.test(key)),
      [],
    );
    const digits = account.accountNumber.replace(/\s/g, '');
    for (const [key, value] of recorded) {
      const text = JSON.stringify(value);
      for (const secret of [account.bank, account.accountName, account.accountNumber, digits])
        assert.ok(!text.includes(secret), `${key} carries the deposit account`);
    }
  });

  it('a replay of the same Idempotency-Key and file answers as before and stores nothing new', async () => {
    const file = await seal();
    const first = await submitBid(t.app, bidder.token, tender, file, {
      'Idempotency-Key': 'replay-key-0001',
    }).expect(201);
    const before = await storedState(t);
    const again = await submitBid(t.app, bidder.token, tender, file, {
      'Idempotency-Key': 'replay-key-0001',
    }).expect(201);
    assert.deepEqual(again.body, first.body);
    const after = await storedState(t);
    assert.deepEqual({ ...after, auditSeq: 0 }, { ...before, auditSeq: 0 });
    // Another file under the same key is refused, and changes nothing.
    const other = await seal({ priceFen: 77_000_000 });
    const reused = await submitBid(t.app, bidder.token, tender, other, {
      'Idempotency-Key': 'replay-key-0001',
    }).expect(409);
    assert.equal(reused.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.deepEqual(await storedState(t), after);
    // Concurrent duplicates: one new version, the same answer for all.
    const file3 = await seal({ priceFen: 66_000_000 });
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        submitBid(t.app, bidder.token, tender, file3, { 'Idempotency-Key': 'concurrent-key-01' }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [201, 201, 201, 201],
    );
    assert.equal(new Set(answers.map((a) => a.body.bid.version)).size, 1);
    assert.equal((await storedState(t)).versions, after.versions + 1);
    // After 24 hours the key may name a new upload.
    t.clock.advance(24 * 3600_000);
    const later = await submitBid(t.app, bidder.token, tender, other, {
      'Idempotency-Key': 'replay-key-0001',
    }).expect(201);
    assert.equal(later.body.bid.version, answers[0]!.body.bid.version + 1);
  });

  it('replaces before the deadline: the same bid, the next version, a new receipt; the newest counts', async () => {
    const first = await submitBid(t.app, bidder.token, tender, await seal()).expect(201);
    const file = await seal({ priceFen: 99_000_000 });
    const second = await submitBid(t.app, bidder.token, tender, file).expect(201);
    assert.equal(second.body.bid.id, first.body.bid.id);
    assert.equal(second.body.bid.version, first.body.bid.version + 1);
    assert.equal(second.body.receipt.receipt.bidVersion, second.body.bid.version);
    assert.equal(second.body.bid.ciphertextSha256, sha256(file));
    const mine = await request(t.app).get('/api/v1/my/bids').set(bearer(bidder.token)).expect(200);
    assert.deepEqual(mine.body.items, [second.body.bid]);
    const actions = await t.platform.models.AuditEntry.count({ where: { action: 'bid.replace' } });
    assert.ok(actions >= 1);
  });

  it('lists every bid to supervision with its own bidder and each of its own uploads, oldest first', async () => {
    const other = await createPartyUser(t, world.admin, 'bidder');
    const otherKeys = await certifyBidder(t.app, other);
    const otherFile = await sealFile(tender, other.partyId!, otherKeys, {});
    const otherBid = (await submitBid(t.app, other.token, tender, otherFile).expect(201)).body.bid;
    const newest = (await submitBid(t.app, bidder.token, tender, await seal()).expect(201)).body.bid;
    const list = await request(t.app)
      .get(`/api/v1/tenders/${tender.id}/bids`)
      .set(bearer(world.supervisor.token))
      .expect(200);
    type Item = {
      bid: unknown;
      bidder: { partyId: string; name: string; uscc: string };
      versions: { version: number; ciphertextSha256: string }[];
    };
    const items = list.body.items as Item[];
    assert.equal(items.length, 2);
    const mine = items.find((i) => i.bidder.partyId === bidder.partyId)!;
    const theirs = items.find((i) => i.bidder.partyId === other.partyId)!;
    assert.deepEqual(mine.bid, newest);
    assert.deepEqual(
      mine.versions.map((v) => v.version),
      Array.from({ length: newest.version }, (_, i) => i + 1),
    );
    assert.deepEqual(theirs.bid, otherBid);
    assert.deepEqual(
      theirs.versions.map((v) => [v.version, v.ciphertextSha256]),
      [[1, sha256(otherFile)]],
    );
    assert.equal(mine.versions.at(-1)!.ciphertextSha256, newest.ciphertextSha256);
    const party = await t.platform.models.Party.findByPk(other.partyId!);
    assert.equal(theirs.bidder.name, party!.name);
    assert.equal(theirs.bidder.uscc, party!.uscc);
    // And each bidder's own list holds its bid as it stands now; a bidder without bids has an empty one.
    const own = await request(t.app).get('/api/v1/my/bids').set(bearer(other.token)).expect(200);
    assert.deepEqual(own.body.items, [otherBid]);
    const none = await createPartyUser(t, world.admin, 'bidder');
    const empty = await request(t.app).get('/api/v1/my/bids').set(bearer(none.token)).expect(200);
    assert.deepEqual(empty.body.items, []);
  });

  it('withdraws with a signed receipt, refuses a second withdrawal, and takes the bid again', async () => {
    const { body } = await submitBid(t.app, bidder.token, tender, await seal()).expect(201);
    const res = await request(t.app)
      .post(`/api/v1/bids/${body.bid.id}/withdrawal`)
      .set(bearer(bidder.token))
      .expect(200);
    assert.equal(res.body.status, 'withdrawn');
    assert.equal(res.body.withdrawnAt, t.clock.now().toISOString());
    const { receipt, signature } = res.body.withdrawalReceipt;
    assert.equal(receipt.bidId, body.bid.id);
    assert.equal(await verifyPss(platformCert, canonicalJson(receipt), signature), true);
    const twice = await request(t.app)
      .post(`/api/v1/bids/${body.bid.id}/withdrawal`)
      .set(bearer(bidder.token))
      .expect(409);
    assert.equal(twice.body.error.code, 'BID_ALREADY_WITHDRAWN');
    const back = await submitBid(t.app, bidder.token, tender, await seal()).expect(201);
    assert.equal(back.body.bid.status, 'submitted');
    assert.equal(back.body.bid.version, body.bid.version + 1);
  });

  it('takes an upload that completes 1 ms before the deadline and refuses one at the deadline', async () => {
    const deadline = new Date(tender.schedule.bidDeadline).getTime();
    const file = await seal();
    t.clock.set(new Date(deadline - 1));
    const onTime = await submitBid(t.app, bidder.token, tender, file).expect(201);
    assert.equal(onTime.body.receipt.receipt.receivedAt, new Date(deadline - 1).toISOString());
    const before = await storedState(t);
    t.clock.set(new Date(deadline));
    const late = await submitBid(t.app, bidder.token, tender, await seal()).expect(409);
    assert.equal(late.body.error.code, 'BID_DEADLINE_PASSED');
    const withdraw = await request(t.app)
      .post(`/api/v1/bids/${onTime.body.bid.id}/withdrawal`)
      .set(bearer(bidder.token))
      .expect(409);
    assert.equal(withdraw.body.error.code, 'BID_DEADLINE_PASSED');
    assert.deepEqual(await storedState(t), before);
    // A retry of an upload that made it is still answered after the deadline.
    t.clock.set(new Date(deadline - 10));
    const keyed = await seal();
    const made = await submitBid(t.app, bidder.token, tender, keyed, {
      'Idempotency-Key': 'late-retry-0001',
    }).expect(201);
    t.clock.set(new Date(deadline + 60_000));
    const retry = await submitBid(t.app, bidder.token, tender, keyed, {
      'Idempotency-Key': 'late-retry-0001',
    }).expect(201);
    assert.deepEqual(retry.body, made.body);
  });

  it('refuses the late upload that began in time: the clock is read when the body has arrived', async () => {
    const deadline = new Date(tender.schedule.bidDeadline).getTime();
    t.clock.set(new Date(deadline - 3600_000));
    const other = await createPartyUser(t, world.admin, 'bidder');
    const otherKeys = await certifyBidder(t.app, other);
    const file = await sealFile(tender, other.partyId!, otherKeys);
    t.clock.set(new Date(deadline - 1));
    const before = await storedState(t);
    // The clock passes the deadline while the body is on the wire.
    const slow = submitBid(t.app, other.token, tender, file);
    const original = t.platform.blobs.openStaging.bind(t.platform.blobs);
    t.platform.blobs.openStaging = async (opts) => {
      const writer = await original(opts);
      const finish = writer.finish.bind(writer);
      writer.finish = async () => {
        const staged = await finish();
        t.clock.set(new Date(deadline)); // the last byte is in
        return staged;
      };
      return writer;
    };
    try {
      const res = await slow.expect(409);
      assert.equal(res.body.error.code, 'BID_DEADLINE_PASSED');
    } finally {
      t.platform.blobs.openStaging = original;
    }
    assert.deepEqual(await storedState(t), before);
  });
});
