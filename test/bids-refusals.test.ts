import assert from 'node:assert/strict';
import request from 'supertest';
import { canonicalJson, sealedBid, signPss } from '../crypto/index.js';
import { bearer, createPartyUser, type TestUser } from './helpers/api.js';
import {
  base64urlJson,
  certifyBidder,
  sealFile,
  storedState,
  submitBid,
  type BidderKeys,
  type SealOptions,
} from './helpers/bids.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld, type TenderWorld } from './helpers/tenders.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';

const CHUNK = 1024;
const SEALED_CHUNK = CHUNK + sealedBid.TAG_BYTES;

/** Where the parts of a sealed file begin: the body after the header, the trailer after the last chunk. */
function layout(file: Buffer) {
  const bodyStart = sealedBid.PREAMBLE_BYTES + file.readUInt32BE(5);
  const trailerStart = file.lastIndexOf('YGSE');
  return { bodyStart, trailerStart, chunk: (i: number) => bodyStart + i * SEALED_CHUNK };
}

/**
 * Every refusal the issue lists, each checked to store nothing: no bid row, no version, no blob (published or
 * staged), and the audit chain's head where it was.
 */
describe('sealed bids: refused uploads store nothing', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let world: TenderWorld;
  let tender: TenderView;
  let bidder: TestUser;
  let keys: BidderKeys;

  before(async () => {
    t = await createTestPlatform();
    world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    bidder = world.bidder;
    keys = await certifyBidder(t.app, bidder);
  });
  after(() => t.close());

  const seal = (opts: SealOptions = {}) =>
    sealFile(tender, bidder.partyId!, keys, { attachmentBytes: 5000, chunkSize: CHUNK, ...opts });

  async function refused(
    file: Buffer,
    status: number,
    code: string,
    opts: { as?: TestUser; headers?: Record<string, string>; reason?: string } = {},
  ) {
    const before = await storedState(t);
    const res = await submitBid(t.app, (opts.as ?? bidder).token, tender, file, opts.headers);
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error.code, code);
    if (opts.reason) assert.equal(res.body.error.details.reason, opts.reason);
    assert.deepEqual(await storedState(t), before);
    return res.body.error as { message: string; details: unknown };
  }

  it('a tampered chunk', async () => {
    const file = await seal();
    file[layout(file).chunk(1) + 10]! ^= 0x01;
    await refused(file, 422, 'BID_MALFORMED', { reason: 'BODY_DIGEST_MISMATCH' });
  });

  it('a truncated file, anywhere', async () => {
    const file = await seal();
    const { chunk } = layout(file);
    for (const end of [3, chunk(0) - 1, chunk(2), file.length - 1]) {
      const error = await refused(file.subarray(0, end), 422, 'BID_MALFORMED', { reason: 'TRUNCATED' });
      assert.match(error.message, /ends early/);
    }
  });

  it('swapped chunks', async () => {
    const file = await seal();
    const { chunk } = layout(file);
    const swapped = Buffer.concat([
      file.subarray(0, chunk(0)),
      file.subarray(chunk(1), chunk(2)),
      file.subarray(chunk(0), chunk(1)),
      file.subarray(chunk(2)),
    ]);
    await refused(swapped, 422, 'BID_MALFORMED', { reason: 'BODY_DIGEST_MISMATCH' });
  });

  it("a header spliced onto another bid's body", async () => {
    const [a, b] = [await seal(), await seal()];
    const spliced = Buffer.concat([a.subarray(0, layout(a).bodyStart), b.subarray(layout(b).bodyStart)]);
    await refused(spliced, 422, 'BID_SIGNATURE_INVALID');
  });

  it('a bad signature', async () => {
    const file = await seal();
    const { trailerStart } = layout(file);
    const trailer = JSON.parse(file.subarray(trailerStart + 8).toString('utf8')) as { bodyDigest: string };
    const signature = await signPss(keys.keyPem, 'something else entirely');
    const json = Buffer.from(canonicalJson({ bodyDigest: trailer.bodyDigest, signature }));
    const forged = Buffer.concat([file.subarray(0, trailerStart), sealedBid.trailerBytes(json)]);
    await refused(forged, 422, 'BID_SIGNATURE_INVALID');
  });

  it('key shares for another custodian set, or another threshold', async () => {
    const members = tender.custodians.members.map((m) => ({
      position: m.position,
      certificatePem: m.certificatePem!,
      certificateSerial: m.certificateSerial!,
    }));
    const swapped = [
      ...members.slice(0, 2),
      { ...members[2]!, certificatePem: keys.certPem, certificateSerial: keys.serial },
    ];
    await refused(await seal({ custodians: swapped }), 422, 'BID_CUSTODIANS_MISMATCH');
    await refused(await seal({ custodians: members.slice(0, 2) }), 422, 'BID_CUSTODIANS_MISMATCH');
    const moved = members.map((m) => ({ ...m, position: m.position + 1 }));
    await refused(await seal({ custodians: moved }), 422, 'BID_CUSTODIANS_MISMATCH');
    await refused(await seal({ threshold: 3 }), 422, 'BID_THRESHOLD_MISMATCH');
  });

  it("another bidder's certificate, a bid of another bidder, a revoked certificate", async () => {
    const other = await createPartyUser(t, world.admin, 'bidder');
    const otherKeys = await certifyBidder(t.app, other);
    await refused(await seal({ signer: otherKeys }), 422, 'BID_CERTIFICATE_INVALID');
    await refused(await seal(), 422, 'BID_WRONG_BIDDER', { as: other });
    const custodianCert = tender.custodians.members[0]!;
    await refused(
      await seal({
        signer: { ...keys, certPem: custodianCert.certificatePem!, serial: custodianCert.certificateSerial! },
      }),
      422,
      'BID_CERTIFICATE_INVALID',
    );
    await request(t.app)
      .post(`/api/v1/certificates/${otherKeys.serial}/revocation`)
      .set(bearer(other.token))
      .send({ reason: 'key compromised' })
      .expect(200);
    const file = await sealFile(tender, other.partyId!, otherKeys, { chunkSize: CHUNK });
    const error = await refused(file, 422, 'BID_CERTIFICATE_INVALID', { as: other });
    assert.match(error.message, /revoked/i);
  });

  it('a bid sealed for another tender', async () => {
    const second = (await publishedTender(t, world)) as TenderView;
    const file = await sealFile(second, bidder.partyId!, keys, { chunkSize: CHUNK });
    await refused(file, 422, 'BID_WRONG_TENDER');
  });

  it('an empty upload, an unencrypted file, a wrong content type, bad supervision headers', async () => {
    await refused(Buffer.alloc(0), 422, 'BID_EMPTY');
    const plain = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2 << 20, 0x41)]);
    const error = await refused(plain, 422, 'BID_NOT_SEALED');
    assert.match(error.message, /EB Art\.26/);
    const file = await seal();
    await refused(file, 415, 'UNSUPPORTED_MEDIA_TYPE', { headers: { 'Content-Type': 'application/pdf' } });
    await refused(file, 422, 'VALIDATION_FAILED', { headers: { 'X-Client-Device': 'not json!' } });
    await refused(file, 422, 'VALIDATION_FAILED', {
      headers: { 'X-Client-Device': base64urlJson({ tool: 'x', extra: 'no' }) },
    });
    await refused(file, 422, 'VALIDATION_FAILED', {
      headers: {
        'X-Deposit-Account': base64urlJson({ bank: 'b', accountName: 'n', accountNumber: '<script>' }),
      },
    });
    await refused(file, 422, 'VALIDATION_FAILED', { headers: { 'Idempotency-Key': 'short' } });
    const junk = Buffer.concat([file, Buffer.from([0])]);
    await refused(junk, 422, 'BID_MALFORMED', { reason: 'TRAILING_DATA' });
  });

  it('a cancelled tender takes no bids', async () => {
    const cancelled = (await publishedTender(t, world)) as TenderView;
    await request(t.app)
      .post(`/api/v1/tenders/${cancelled.id}/cancellation`)
      .set(bearer(world.tenderee.token))
      .send({ reason: '项目资金未落实，依法终止招标活动。' })
      .expect(200);
    const file = await sealFile(cancelled, bidder.partyId!, keys, { chunkSize: CHUNK });
    const before = await storedState(t);
    const res = await submitBid(t.app, bidder.token, cancelled, file).expect(409);
    assert.equal(res.body.error.code, 'TENDER_NOT_OPEN');
    assert.deepEqual(await storedState(t), before);
  });
});

describe('sealed bids: the size limit (BID_MAX_MB)', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let tender: TenderView;
  let bidder: TestUser;
  let keys: BidderKeys;

  before(async () => {
    t = await createTestPlatform({ BID_MAX_MB: '1' });
    const world = await tenderWorld(t);
    tender = await publishedTender(t, world);
    bidder = world.bidder;
    keys = await certifyBidder(t.app, bidder);
  });
  after(() => t.close());

  it('refuses a bid whose header declares more than the limit, as soon as the header is read', async () => {
    const file = await sealFile(tender, bidder.partyId!, keys, {
      attachmentBytes: 2 << 20,
      chunkSize: 64 << 10,
    });
    const before = await storedState(t);
    const res = await submitBid(t.app, bidder.token, tender, file).expect(413);
    assert.equal(res.body.error.code, 'BID_TOO_LARGE');
    assert.deepEqual(await storedState(t), before);
  });

  it('refuses an upload whose Content-Length is over the limit before reading it', async () => {
    const file = await sealFile(tender, bidder.partyId!, keys, { attachmentBytes: 1000 });
    const before = await storedState(t);
    const res = await submitBid(
      t.app,
      bidder.token,
      tender,
      Buffer.concat([file, Buffer.alloc(1 << 20)]),
    ).expect(413);
    assert.equal(res.body.error.code, 'BID_TOO_LARGE');
    assert.deepEqual(await storedState(t), before);
  });

  it('takes a bid just under the limit', async () => {
    const file = await sealFile(tender, bidder.partyId!, keys, {
      attachmentBytes: 1_000_000,
      chunkSize: 64 << 10,
    });
    assert.ok(file.length < 1 << 20);
    await submitBid(t.app, bidder.token, tender, file).expect(201);
  });
});
