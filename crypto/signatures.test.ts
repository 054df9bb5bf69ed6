import assert from 'node:assert/strict';
import { constants, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { createRootCertificate, issueCertificateForKey } from './ca.js';
import { fromBase64, utf8 } from './encoding.js';
import { pemLabel } from './pem.js';
import { pemToDer, signPss, toPkcs8Pem, verifyPss } from './signatures.js';
import { testKey } from './testing/keys.js';

describe('RSA-PSS signatures', () => {
  const bidder = testKey('bidder');
  const stranger = testKey('stranger');
  const digest = 'sha256:5f2b0c...|tender T-2025-001|bid B-17';

  it('verifies its own signature, over text or bytes', async () => {
    const signature = await signPss(bidder.privatePem, digest);
    assert.equal(await verifyPss(bidder.publicPem, digest, signature), true);
    assert.equal(await verifyPss(bidder.publicPem, utf8(digest), signature), true);
  });

  it('produces standard RSA-PSS (SHA-256, salt 32) that Node verifies', async () => {
    const signature = await signPss(bidder.privatePem, digest);
    const ok = nodeVerify(
      'sha256',
      Buffer.from(digest),
      { key: createPublicKey(bidder.publicPem), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      fromBase64(signature),
    );
    assert.equal(ok, true);
  });

  it('answers false for other data, another key or a garbled signature', async () => {
    const signature = await signPss(bidder.privatePem, digest);
    assert.equal(await verifyPss(bidder.publicPem, `${digest}!`, signature), false);
    assert.equal(await verifyPss(stranger.publicPem, digest, signature), false);
    assert.equal(await verifyPss(bidder.publicPem, digest, 'AAAA'), false);
    assert.equal(await verifyPss(bidder.publicPem, digest, 'not base64 ***'), false);
  });

  it('signs with a PKCS#1 key as node-forge writes them', async () => {
    const signature = await signPss(bidder.pkcs1Pem, digest);
    assert.equal(await verifyPss(bidder.publicPem, digest, signature), true);
  });

  it('accepts an X.509 certificate as the verifying key', async () => {
    const root = testKey('root');
    const now = new Date('2025-03-01T00:00:00Z');
    const rootPem = createRootCertificate({
      keyPem: root.privatePem,
      commonName: 'Root',
      organization: 'O',
      now,
    });
    const certPem = issueCertificateForKey({
      publicKeyPem: bidder.publicPem,
      caCertPem: rootPem,
      caKeyPem: root.privatePem,
      subject: { commonName: '投标人甲' },
      serialHex: '01',
      now,
      validityDays: 365,
      usage: 'signing-and-encryption',
    });
    const signature = await signPss(bidder.privatePem, digest);
    assert.equal(await verifyPss(certPem, digest, signature), true);
    assert.equal(await verifyPss(rootPem, digest, signature), false);
  });

  it('throws a clear error for a malformed key', async () => {
    await assert.rejects(verifyPss('not a key', digest, 'AAAA'), /PEM/);
    const broken = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n';
    await assert.rejects(verifyPss(broken, digest, 'AAAA'), /Malformed public key/);
    await assert.rejects(signPss(bidder.publicPem, digest), /PRIVATE KEY/);
  });

  it('converts PKCS#1 private keys to PKCS#8 and leaves PKCS#8 alone', () => {
    assert.equal(pemLabel(toPkcs8Pem(bidder.pkcs1Pem)), 'PRIVATE KEY');
    assert.deepEqual(pemToDer(toPkcs8Pem(bidder.pkcs1Pem)), pemToDer(bidder.privatePem));
    assert.deepEqual(pemToDer(toPkcs8Pem(bidder.privatePem)), pemToDer(bidder.privatePem));
  });
});
