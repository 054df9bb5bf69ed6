import assert from 'node:assert/strict';
import { certificateInfo, verifyCertificate, type CertificateProblem } from './ca.js';
import { derToPem, pemToDer } from './pem.js';
import { ISSUED_AT, PARTY, issuePartyCertificate, testCa } from './testing/platform-ca.js';

const notRevoked = () => false;
const A_MONTH_LATER = new Date('2025-04-01T00:00:00.000Z');

describe('verifyCertificate', () => {
  const ca = testCa();
  const certPem = issuePartyCertificate(ca);

  async function problemWith(certificate: string, at = A_MONTH_LATER): Promise<CertificateProblem | 'ok'> {
    const check = await verifyCertificate({
      certPem: certificate,
      rootPem: ca.rootPem,
      at,
      isRevoked: notRevoked,
    });
    return check.ok ? 'ok' : check.code;
  }

  it('accepts a current certificate from the platform CA and describes it', async () => {
    const check = await verifyCertificate({
      certPem,
      rootPem: ca.rootPem,
      at: A_MONTH_LATER,
      isRevoked: notRevoked,
    });
    assert.ok(check.ok);
    assert.deepEqual(check.info, certificateInfo(certPem));
    assert.equal(check.info.subject.uscc, PARTY.uscc);
  });

  it('refuses a certificate from another root with the very same name', async () => {
    const impostor = testCa('impostor-root');
    assert.equal(await problemWith(issuePartyCertificate(impostor)), 'CERT_UNTRUSTED');
  });

  it('refuses a certificate whose signature was altered', async () => {
    const der = pemToDer(certPem);
    der[der.length - 1]! ^= 0x01;
    assert.equal(await problemWith(derToPem(der, 'CERTIFICATE')), 'CERT_UNTRUSTED');
  });

  it('keeps the chain check per root: a certificate trusted under ours is not under another root', async () => {
    assert.equal(await problemWith(certPem), 'ok');
    const other = testCa('other-root');
    const check = await verifyCertificate({
      certPem,
      rootPem: other.rootPem,
      at: A_MONTH_LATER,
      isRevoked: notRevoked,
    });
    assert.equal(check.ok ? 'ok' : check.code, 'CERT_UNTRUSTED');
    assert.equal(await problemWith(certPem), 'ok', 'and still trusted under ours');
  });

  it('refuses the root itself as a party certificate', async () => {
    assert.equal(await problemWith(ca.rootPem), 'CERT_UNTRUSTED');
  });

  it('checks the validity window at the given moment, not now', async () => {
    assert.equal(await problemWith(certPem, new Date('2026-03-01T02:00:01.000Z')), 'CERT_EXPIRED');
    assert.equal(await problemWith(certPem, new Date('2026-03-01T02:00:00.000Z')), 'ok');
    assert.equal(await problemWith(certPem, new Date(ISSUED_AT.getTime() - 1000)), 'CERT_NOT_YET_VALID');
    assert.equal(await problemWith(certPem, ISSUED_AT), 'ok');
  });

  it('asks about revocation by serial, on every verify, and may wait for the answer', async () => {
    const asked: string[] = [];
    const isRevoked = async (serialHex: string) => {
      asked.push(serialHex);
      return serialHex === '4a7c9e01';
    };
    const check = await verifyCertificate({ certPem, rootPem: ca.rootPem, at: A_MONTH_LATER, isRevoked });
    assert.deepEqual(check.ok ? 'ok' : check.code, 'CERT_REVOKED');
    assert.deepEqual(asked, ['4a7c9e01']);
  });

  it('calls garbage and truncated certificates malformed', async () => {
    assert.equal(await problemWith('garbage'), 'CERT_MALFORMED');
    assert.equal(
      await problemWith(derToPem(pemToDer(certPem).subarray(0, 200), 'CERTIFICATE')),
      'CERT_MALFORMED',
    );
  });

  it('throws when the root is not a CA: that is the platform misconfigured', async () => {
    const verifying = verifyCertificate({
      certPem,
      rootPem: certPem,
      at: A_MONTH_LATER,
      isRevoked: notRevoked,
    });
    await assert.rejects(verifying, /not a CA/);
  });
});
