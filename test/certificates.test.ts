import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { verifyPss } from '../crypto/index.js';
import { loadOrCreatePlatformKeys } from '../src/platform/keys/platform-keys.js';
import { ManualClock } from '../src/platform/clock.js';
import { bearer, createAdmin, createPartyUser, createStaff, type TestUser } from './helpers/api.js';
import { userKeyAndCsr } from './helpers/keys.js';
import { createTestPlatform, type TestPlatform } from './helpers/platform.js';

describe('certificates: the platform CA', () => {
  let t: TestPlatform;
  let admin: TestUser;
  let bidder: TestUser;
  let custodian: TestUser;
  before(async () => {
    t = await createTestPlatform();
    admin = await createAdmin(t);
    bidder = await createPartyUser(t, admin, 'bidder');
    custodian = await createStaff(t, 'custodian', 'notary');
  });
  after(() => t.close());

  const issue = (user: TestUser, csrPem: string) =>
    request(t.app).post('/api/v1/certificates').set(bearer(user.token)).send({ csrPem });
  const verify = (certificatePem: string, at?: string) =>
    request(t.app).post('/api/v1/certificates/verification').send({ certificatePem, at }).expect(200);

  it("issues a party certificate whose subject is the party's verified name and USCC, not the CSR's", async () => {
    const { csrPem, keyPem } = userKeyAndCsr('Forged Name Ltd');
    const res = await issue(bidder, csrPem).expect(201);
    const party = (await request(t.app).get(`/api/v1/parties/${bidder.partyId}`)).body;
    const x509 = new X509Certificate(res.body.pem);
    assert.match(x509.subject, new RegExp(`CN=${party.name}`));
    assert.match(x509.subject, new RegExp(`serialNumber=${party.uscc}`));
    assert.doesNotMatch(x509.subject, /Forged/);
    assert.equal(res.body.subjectUscc, party.uscc);
    assert.equal(res.headers.location, `/api/v1/certificates/${res.body.serial}`);
    // The certificate certifies the key made on the user's side, and chains to the published root.
    const { rootCertificatePem } = (await request(t.app).get('/api/v1/ca').expect(200)).body;
    assert.ok(x509.checkIssued(new X509Certificate(rootCertificatePem)));
    assert.ok(x509.checkPrivateKey((await import('node:crypto')).createPrivateKey(keyPem)));
  });

  it('issues a personal certificate to a custodian, named after the person', async () => {
    const res = await issue(custodian, userKeyAndCsr().csrPem).expect(201);
    assert.equal(res.body.purpose, 'personal');
    assert.equal(res.body.subjectUscc, null);
    assert.match(new X509Certificate(res.body.pem).subject, /CN=notary/);
  });

  it('refuses a party that is not verified yet (409 PARTY_NOT_VERIFIED)', async () => {
    const pending = await createPartyUser(t, admin, 'bidder', { verify: false });
    const res = await issue(pending, userKeyAndCsr().csrPem).expect(409);
    assert.equal(res.body.error.code, 'PARTY_NOT_VERIFIED');
  });

  it('refuses a CSR whose signature does not match its key (no proof of possession)', async () => {
    const { csrPem } = userKeyAndCsr();
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5]! ^= 0xff; // flip bits in the signature
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    const res = await issue(bidder, tampered).expect(422);
    assert.equal(res.body.error.code, 'CSR_INVALID');
  });

  it('refuses keys under 2048 bits and input that is no CSR', async () => {
    const weak = await issue(bidder, userKeyAndCsr('x', 1024).csrPem).expect(422);
    assert.equal(weak.body.error.code, 'CSR_KEY_TOO_SMALL');
    const garbage = await issue(bidder, 'hello').expect(422);
    assert.equal(garbage.body.error.code, 'VALIDATION_FAILED');
    const count = await t.platform.models.Certificate.count();
    await issue(
      bidder,
      '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
    ).expect(422);
    assert.equal(await t.platform.models.Certificate.count(), count);
  });

  it('verifies: valid now, not yet valid before issue, expired after, revoked after revocation', async () => {
    const cert = (await issue(bidder, userKeyAndCsr().csrPem).expect(201)).body;
    assert.deepEqual((await verify(cert.pem)).body, {
      ok: true,
      serial: cert.serial,
      subjectCn: cert.subjectCn,
      subjectUscc: cert.subjectUscc,
    });
    assert.equal((await verify(cert.pem, '2020-01-01T00:00:00Z')).body.code, 'CERT_NOT_YET_VALID');
    assert.equal((await verify(cert.pem, '2040-01-01T00:00:00Z')).body.code, 'CERT_EXPIRED');

    t.clock.advance(60_000);
    const revoked = await request(t.app)
      .post(`/api/v1/certificates/${cert.serial}/revocation`)
      .set(bearer(bidder.token))
      .send({ reason: 'key compromised' })
      .expect(200);
    assert.equal(revoked.body.revokedAt, t.clock.now().toISOString());
    assert.equal((await verify(cert.pem)).body.code, 'CERT_REVOKED');
    // Signatures made before the revocation still verify at their own time.
    assert.equal(
      (await verify(cert.pem, new Date(t.clock.now().getTime() - 30_000).toISOString())).body.ok,
      true,
    );
    const again = await request(t.app)
      .post(`/api/v1/certificates/${cert.serial}/revocation`)
      .set(bearer(bidder.token))
      .send({ reason: 'again' })
      .expect(409);
    assert.equal(again.body.error.code, 'CERT_ALREADY_REVOKED');
    assert.equal(
      (await request(t.app).get(`/api/v1/certificates/${cert.serial}`).expect(200)).body.revocationReason,
      'key compromised',
    );
  });

  it('does not trust a certificate from another CA, even with the same names', async () => {
    const foreignDir = join(t.dir, 'foreign-keys');
    const foreign = loadOrCreatePlatformKeys(foreignDir, new ManualClock());
    const res = await verify(foreign.signer.certPem);
    assert.equal(res.body.ok, false);
    assert.equal(res.body.code, 'CERT_UNTRUSTED');
  });

  it("lists only the caller's own certificates", async () => {
    const mine = (await request(t.app).get('/api/v1/certificates').set(bearer(custodian.token)).expect(200))
      .body.items;
    assert.ok(mine.length > 0);
    assert.ok(mine.every((c: { userId: string }) => c.userId === custodian.userId));
  });

  it('keeps the CA keys in files readable by the owner only, and signs with the published signing key', async () => {
    const keysDir = t.platform.config.KEYS_DIR;
    for (const file of ['ca-root.key.pem', 'platform-signing.key.pem']) {
      assert.equal(statSync(join(keysDir, file)).mode & 0o777, 0o600, file);
    }
    const { platformSigningCertificatePem, rootCertificatePem } = (await request(t.app).get('/api/v1/ca'))
      .body;
    const signature = await t.platform.keys.signer.sign('receipt');
    assert.equal(await verifyPss(platformSigningCertificatePem, 'receipt', signature), true);
    assert.ok(
      new X509Certificate(platformSigningCertificatePem).checkIssued(new X509Certificate(rootCertificatePem)),
    );
  });

  it('creates the keys once and loads the same ones on the next start', () => {
    const dir = join(t.dir, 'fresh-keys');
    const first = loadOrCreatePlatformKeys(dir, new ManualClock());
    const second = loadOrCreatePlatformKeys(dir, new ManualClock());
    assert.equal(second.rootCertPem, first.rootCertPem);
    assert.equal(second.signer.fingerprint, first.signer.fingerprint);
  });
});
