import assert from 'node:assert/strict';
import { join } from 'node:path';
import request from 'supertest';
import { certificateInfo, derToPem, issueCertificate, pemToDer } from '../crypto/index.js';
import { ManualClock } from '../src/platform/clock.js';
import { loadOrCreatePlatformKeys } from '../src/platform/keys/platform-keys.js';
import { bearer, createAdmin, createPartyUser, type TestUser } from './helpers/api.js';
import { certifyBidder, sealFile, submitBid } from './helpers/bids.js';
import { userKeyAndCsr } from './helpers/keys.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';
import { publishedTender, tenderWorld } from './helpers/tenders.js';

/**
 * The certificates service keeps a verified chain by the certificate's fingerprint and the revocation state
 * it was verified under (so hundreds of bids at once do not each run node-forge). What it must never do:
 * answer for a revoked certificate, or for another certificate than the one it verified.
 */
describe('certificates: verified chains kept by fingerprint and revocation state', function () {
  this.timeout(60_000);
  let t: TestPlatform;
  let admin: TestUser;
  let bidder: TestUser;
  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t);
    bidder = await createPartyUser(t, admin, 'bidder');
  });
  after(() => t.close());

  const issue = async () =>
    (
      await request(t.app)
        .post('/api/v1/certificates')
        .set(bearer(bidder.token))
        .send({ csrPem: userKeyAndCsr().csrPem })
        .expect(201)
    ).body as { serial: string; pem: string; subjectCn: string };
  const verify = (pem: string, at?: Date) => t.platform.certificates.verify(pem, at);
  const codeOf = async (pem: string, at?: Date) => {
    const verdict = await verify(pem, at);
    return verdict.ok ? 'ok' : verdict.code;
  };

  it('refuses a certificate revoked after its chain was kept, at once', async () => {
    const cert = await issue();
    assert.equal(await codeOf(cert.pem), 'ok');
    assert.equal(await codeOf(cert.pem), 'ok', 'and again, from what was kept');
    t.clock.advance(1000);
    await request(t.app)
      .post(`/api/v1/certificates/${cert.serial}/revocation`)
      .set(bearer(bidder.token))
      .send({ reason: 'key compromised' })
      .expect(200);
    assert.equal(await codeOf(cert.pem), 'CERT_REVOKED');
    // At a time before the revocation, the certificate still signed.
    assert.equal(await codeOf(cert.pem, new Date(t.clock.now().getTime() - 500)), 'ok');
    assert.equal(await codeOf(cert.pem), 'CERT_REVOKED');
  });

  it('refuses at once a revocation written by another node (the register is read on every call)', async () => {
    const cert = await issue();
    assert.equal(await codeOf(cert.pem), 'ok');
    t.clock.advance(1000);
    await t.platform.db.sequelize.query(
      'UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ?',
      { replacements: [new Date(t.clock.now().getTime() - 1), 'revoked elsewhere', cert.serial] },
    );
    assert.equal(await codeOf(cert.pem), 'CERT_REVOKED');
  });

  it('answers for no other certificate than the one it verified', async () => {
    const cert = await issue();
    const other = await issue();
    assert.equal(await codeOf(cert.pem), 'ok');
    const otherVerdict = await verify(other.pem);
    assert.ok(otherVerdict.ok);
    assert.equal(otherVerdict.serial, other.serial);

    // The same serial and subject, signed by another CA: another fingerprint, so the full check refuses it.
    const foreign = loadOrCreatePlatformKeys(join(t.dir, 'foreign-keys'), new ManualClock(t.clock.now()));
    const info = certificateInfo(cert.pem);
    const impostor = issueCertificate({
      csrPem: userKeyAndCsr().csrPem,
      caCertPem: foreign.rootCertPem,
      caKeyPem: foreign.rootKeyPem,
      subject: { ...info.subject, role: 'bidder' },
      serialHex: info.serialHex,
      now: t.clock.now(),
      validityDays: 30,
      usage: 'signing-and-encryption',
    });
    assert.equal(certificateInfo(impostor).serialHex, cert.serial);
    assert.equal(await codeOf(impostor), 'CERT_UNTRUSTED');

    // Our certificate with one bit of its signature changed.
    const der = pemToDer(cert.pem);
    der[der.length - 1]! ^= 0x01;
    assert.equal(await codeOf(derToPem(der, 'CERTIFICATE')), 'CERT_UNTRUSTED');
    assert.equal(await codeOf(cert.pem), 'ok', 'while the real one still verifies');
  });

  it('checks the time on every call: a kept chain is not valid before or after its certificate', async () => {
    const cert = await issue();
    assert.equal(await codeOf(cert.pem), 'ok');
    assert.equal(await codeOf(cert.pem, new Date('2020-01-01T00:00:00Z')), 'CERT_NOT_YET_VALID');
    assert.equal(await codeOf(cert.pem, new Date('2040-01-01T00:00:00Z')), 'CERT_EXPIRED');
    assert.equal(await codeOf(cert.pem), 'ok');
  });

  it('a sealed bid signed with a certificate revoked after it last signed a bid is refused at once', async () => {
    const world = await tenderWorld(t);
    const tender = await publishedTender(t, world);
    const keys = await certifyBidder(t.app, world.bidder);
    const seal = () =>
      sealFile(tender, world.bidder.partyId!, keys, { attachmentBytes: 3000, chunkSize: 1024 });
    const accepted = await submitBid(t.app, world.bidder.token, tender, await seal());
    assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
    t.clock.advance(1000);
    await request(t.app)
      .post(`/api/v1/certificates/${keys.serial}/revocation`)
      .set(bearer(world.bidder.token))
      .send({ reason: 'key compromised' })
      .expect(200);
    const refused = await submitBid(t.app, world.bidder.token, tender, await seal());
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'BID_CERTIFICATE_INVALID');
    assert.equal(refused.body.error.details.reason, 'CERT_REVOKED');
  });
  it('answers many callers at once inside their own transactions, more than the pool has connections', async () => {
    // A committee's signed steps each read the certificate inside the step's transaction. On MySQL a read
    // outside it took a second pooled connection, so as many steps as the pool has connections (10) waited on
    // each other for ever; the reads go through the caller's transaction now. (SQLite has no such pool.)
    const { serial, pem } = await issue();
    const { db, certificates } = t.platform;
    const at = t.clock.now();
    const answers = await Promise.all(
      Array.from({ length: 24 }, () =>
        db.transaction(async (tx) => {
          const cert = await certificates.get(serial, tx);
          return (await certificates.verify(cert.pem, at, tx)).ok;
        }),
      ),
    );
    assert.deepEqual(answers, Array(24).fill(true));
    assert.equal((await certificates.get(serial)).pem, pem);
  });
});
