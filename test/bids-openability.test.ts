import assert from 'node:assert/strict';
import request from 'supertest';
import { canonicalJson, sealedBid, signPss, verifyBidReceipt } from '../crypto/index.js';
import { deal } from '../crypto/sealed-bid/pvss.js';
import type { TenderView } from '../src/modules/tenders/schemas.js';
import { bearer } from './helpers/api.js';
import { sealFile, storedState, submitBid, type BidderKeys } from './helpers/bids.js';
import { openingTender, openingWorld, testRunner, type OpeningWorld } from './helpers/opening.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

const deadlineOf = (tender: TenderView) => new Date(tender.schedule.bidDeadline);

/** Splits a sealed file into its header, body and trailer, as the reader sees them. */
function parts(file: Buffer) {
  const headerEnd = sealedBid.PREAMBLE_BYTES + file.readUInt32BE(5);
  const trailerStart = file.lastIndexOf('YGSE');
  const header = JSON.parse(file.subarray(sealedBid.PREAMBLE_BYTES, headerEnd).toString('utf8'));
  const trailer = JSON.parse(file.subarray(trailerStart + sealedBid.TRAILER_PREAMBLE_BYTES).toString('utf8'));
  return { header, body: file.subarray(headerEnd, trailerStart), trailer };
}

/** The bidder re-signs a header it altered: everything the server checks without a key stays consistent. */
async function resealHeader(file: Buffer, header: sealedBid.SealedBidHeaderV2, bidder: BidderKeys) {
  const { body, trailer } = parts(file);
  const headerBytes = Buffer.from(canonicalJson(header));
  const headerSha256 = (await import('node:crypto')).createHash('sha256').update(headerBytes).digest('hex');
  const signature = await signPss(
    bidder.keyPem,
    sealedBid.signedStatement(headerSha256, trailer.bodyDigest as string),
  );
  const trailerJson = Buffer.from(canonicalJson({ bodyDigest: trailer.bodyDigest, signature }));
  return Buffer.concat([sealedBid.preamble(headerBytes, 2), body, sealedBid.trailerBytes(trailerJson)]);
}

/**
 * Issue 15 item 2: a format 2 bid's openability is proven at receipt, before the deadline, by public checks
 * alone; a bid whose shares do not provably open is refused with BID_NOT_OPENABLE and nothing is stored.
 */
describe('sealed bids: openability checked at receipt (format 2)', function () {
  this.timeout(120_000);
  let t: TestPlatform;
  let w: OpeningWorld;
  let tender: TenderView;
  let members: {
    position: number;
    certificatePem: string;
    certificateSerial: string;
    custodianKey: sealedBid.CustodianKey;
  }[];
  let platformCert: string;

  before(async () => {
    t = await createTestPlatform({ SESSION_TTL_HOURS: '720' });
    w = await openingWorld(t, 3);
    tender = await openingTender(t, w);
    platformCert = (await request(t.app).get('/api/v1/ca').expect(200)).body.platformSigningCertificatePem;
    // Each custodian makes its PVSS key on its own machine and signs it with its certificate's key.
    members = await Promise.all(
      tender.custodians.members.map(async (m) => {
        const keys = w.custodianKeys.find((k) => k.serial === m.certificateSerial)!;
        return {
          position: m.position,
          certificatePem: m.certificatePem!,
          certificateSerial: m.certificateSerial!,
          custodianKey: await sealedBid.makeCustodianKey(keys.certPem, keys.serial, (d) =>
            signPss(keys.keyPem, d),
          ),
        };
      }),
    );
  });
  after(() => t.close());

  const sealV2 = (i: number) =>
    sealFile(tender, w.bidders[i]!.user.partyId!, w.bidders[i]!.keys, { custodians: members });

  it("refuses the adversarial bid (junk for custodians 2 and 3, the real shares' proofs kept) before storing anything", async () => {
    const bidder = w.bidders[0]!;
    const file = await sealV2(0);
    const { header } = parts(file) as { header: sealedBid.SealedBidHeaderV2 };
    const junk = deal(
      2,
      header.custodians.shares.map((s) => ({ position: s.position, publicKey: s.custodianKey.publicKey })),
      sealedBid.sharesContext(header.tender, header.section, header.bidder.partyId, 2),
    );
    const forged: sealedBid.SealedBidHeaderV2 = {
      ...header,
      custodians: {
        ...header.custodians,
        shares: header.custodians.shares.map((s, i) =>
          s.position === 1 ? s : { ...s, encryptedShare: junk.shares[i]!.encryptedShare },
        ),
      },
    };
    const before = await storedState(t);
    const res = await submitBid(
      t.app,
      bidder.user.token,
      tender,
      await resealHeader(file, forged, bidder.keys),
    );
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'BID_NOT_OPENABLE');
    assert.deepEqual(res.body.error.details.failures, [
      { position: 2, reason: 'SHARE_PROOF_INVALID' },
      { position: 3, reason: 'SHARE_PROOF_INVALID' },
    ]);
    assert.deepEqual(await storedState(t), before);

    // A custodian key the platform (or anyone) swapped in is not signed by that position's certificate.
    const rogue = await sealedBid.makeCustodianKey(bidder.keys.certPem, members[1]!.certificateSerial, (d) =>
      signPss(bidder.keys.keyPem, d),
    );
    const swapped = {
      ...header,
      custodians: {
        ...header.custodians,
        shares: header.custodians.shares.map((s) => (s.position === 2 ? { ...s, custodianKey: rogue } : s)),
      },
    };
    const res2 = await submitBid(
      t.app,
      bidder.user.token,
      tender,
      await resealHeader(file, swapped, bidder.keys),
    );
    assert.equal(res2.status, 422);
    assert.equal(res2.body.error.code, 'BID_NOT_OPENABLE');
    assert.deepEqual(res2.body.error.details.failures, [{ position: 2, reason: 'CUSTODIAN_KEY_UNSIGNED' }]);
    assert.deepEqual(await storedState(t), before);
  });

  it('accepts honest format 2 bids with a signed receipt that says openability verified; format 1 says unverified', async () => {
    for (const i of [0, 1]) {
      const res = await submitBid(t.app, w.bidders[i]!.user.token, tender, await sealV2(i));
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.receipt.receipt.openability, 'verified');
      assert.deepEqual(await verifyBidReceipt(res.body.receipt, platformCert), { ok: true });
      const forged = structuredClone(res.body.receipt);
      forged.receipt.openability = 'unverified';
      assert.equal((await verifyBidReceipt(forged, platformCert)).ok, false);
    }
    const v1 = await sealFile(tender, w.bidders[2]!.user.partyId!, w.bidders[2]!.keys);
    assert.equal(v1[4], 1);
    const res = await submitBid(t.app, w.bidders[2]!.user.token, tender, v1);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.receipt.receipt.openability, 'unverified');
  });

  it('opens format 2 bids at the opening with two custodians releasing shares with their proofs', async () => {
    t.clock.set(new Date(deadlineOf(tender).getTime() + 5_000));
    for (const i of [1, 2]) {
      const custodian = w.custodians[i]!;
      const keys = w.custodianKeys[i]!;
      const listed = await request(t.app)
        .get(`/api/v1/tenders/${tender.id}/opening/wrapped-shares`)
        .set(bearer(custodian.token))
        .expect(200);
      const position = listed.body.position as number;
      const shares = [];
      for (const b of listed.body.bids as {
        bidId: string;
        version: number;
        wrappedShare: string;
        pvss?: sealedBid.ShareToRelease;
      }[]) {
        const share = b.pvss
          ? await sealedBid.releaseShareV2(b.pvss, position, keys.keyPem)
          : await sealedBid.unwrapWith(keys.keyPem, b.wrappedShare);
        shares.push({ bidId: b.bidId, version: b.version, share: Buffer.from(share).toString('base64') });
      }
      const res = await request(t.app)
        .post(`/api/v1/tenders/${tender.id}/opening/shares`)
        .set(bearer(custodian.token))
        .send({ shares });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.wrong.length, 0);
      assert.equal(res.body.accepted.length, 3);
    }
    await testRunner(t).run();
    const { body } = await request(t.app).get(`/api/v1/tenders/${tender.id}/opening/record`).expect(200);
    const bids = body.records[0].record.bids as { outcome: string }[];
    assert.equal(bids.length, 3);
    assert.ok(
      bids.every((b) => b.outcome === 'opened'),
      JSON.stringify(bids),
    );
  });
});
