import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import {
  CaError,
  certificateInfo,
  createCsr,
  createRootCertificate,
  issueCertificate,
  issueCertificateForKey,
  parseCsr,
  randomSerialHex,
  type IssueOptions,
} from './ca.js';
import { utf8 } from './encoding.js';
import { derToPem, pemToDer } from './pem.js';
import { testKey } from './testing/keys.js';
import { ISSUED_AT, PARTY, issuePartyCertificate, testCa } from './testing/platform-ca.js';

function caCode(code: string) {
  return (error: unknown) => error instanceof CaError && error.code === code;
}

function keyUsageOf(pem: string) {
  return forge.pki.certificateFromPem(pem).getExtension('keyUsage') as Record<string, boolean>;
}

describe('platform CA', () => {
  const ca = testCa();

  describe('createRootCertificate', () => {
    it('makes a self-signed CA certificate valid for 20 years', () => {
      const root = new X509Certificate(ca.rootPem);
      assert.equal(root.ca, true);
      assert.equal(root.verify(root.publicKey), true);
      assert.equal(root.checkIssued(root), true);
      assert.equal(root.subject, 'O=阳光电子交易平台\nCN=阳光平台根证书');
      assert.equal(new Date(root.validTo).toISOString(), '2045-01-01T00:00:00.000Z');
      const usage = keyUsageOf(ca.rootPem);
      assert.deepEqual(
        [usage.critical, usage.keyCertSign, usage.cRLSign, usage.digitalSignature],
        [true, true, true, false],
      );
    });

    it('gives each root a fresh positive 16-byte serial', () => {
      const other = testCa('platform-root');
      const serials = [ca.rootPem, other.rootPem].map((pem) => certificateInfo(pem).serialHex);
      assert.notEqual(serials[0], serials[1]);
      for (const serial of serials) assert.match(serial, /^[0-7][0-9a-f]{31}$/);
    });

    it('accepts a PKCS#8 key and a shorter validity', () => {
      const now = new Date('2025-06-30T12:00:00.000Z');
      const pem = createRootCertificate({
        keyPem: testKey('platform-root').privatePem,
        commonName: 'Test Root',
        organization: 'Test',
        now,
        validityYears: 5,
      });
      const info = certificateInfo(pem);
      assert.deepEqual([info.notBefore, info.notAfter], [now, new Date('2030-06-30T12:00:00.000Z')]);
      assert.equal(info.publicKeyPem, testKey('platform-root').publicPem);
    });
  });

  describe('randomSerialHex', () => {
    it('is 16 bytes with the top bit clear and never a leading zero byte', () => {
      for (let i = 0; i < 200; i++) {
        assert.match(randomSerialHex(), /^(?:0[1-9a-f]|[1-7][0-9a-f])[0-9a-f]{30}$/);
      }
    });
  });

  describe('issueCertificate', () => {
    it("puts the party's name and USCC from the platform records in the subject", () => {
      const info = certificateInfo(issuePartyCertificate(ca));
      assert.deepEqual(info.subject, PARTY);
      assert.equal(info.issuerCommonName, '阳光平台根证书');
      assert.equal(info.serialHex, '4a7c9e01');
      assert.deepEqual([info.notBefore, info.notAfter], [ISSUED_AT, new Date('2026-03-01T02:00:00.000Z')]);
    });

    it('chains to the root byte for byte, as OpenSSL sees it', () => {
      const cert = new X509Certificate(issuePartyCertificate(ca));
      const root = new X509Certificate(ca.rootPem);
      assert.equal(cert.ca, false);
      assert.equal(cert.issuer, root.subject);
      assert.equal(cert.checkIssued(root), true);
      assert.equal(cert.verify(root.publicKey), true);
      assert.match(cert.subject, /serialNumber=91110000600037341L/);
      assert.equal(
        cert.fingerprint256.replaceAll(':', '').toLowerCase(),
        certificateInfo(cert.toString()).fingerprintSha256,
      );
    });

    it('ignores a forged subject in the CSR', () => {
      const forger = testKey('forger');
      const csr = forge.pki.createCertificationRequest();
      const key = forge.pki.privateKeyFromPem(forger.pkcs1Pem);
      csr.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
      csr.setSubject([
        { name: 'commonName', value: 'Platform Administrator' },
        { name: 'serialNumber', value: '91110000000000000X' },
      ]);
      csr.sign(key, forge.md.sha256.create());
      const csrPem = forge.pki.certificationRequestToPem(csr);
      assert.equal(parseCsr(csrPem).subject['CN'], 'Platform Administrator');

      const info = certificateInfo(issueCertificate({ ...issueOptions(), csrPem }));
      assert.deepEqual(info.subject, PARTY);
      assert.equal(info.publicKeyPem, forger.publicPem);
    });

    it("sets keyEncipherment for parties, only signing bits for the platform's key", () => {
      const party = keyUsageOf(issuePartyCertificate(ca));
      assert.deepEqual(
        [party.digitalSignature, party.nonRepudiation, party.keyEncipherment],
        [true, true, true],
      );
      const platformPem = issueCertificateForKey({
        ...issueOptions(),
        publicKeyPem: testKey('platform-signing').publicPem,
        subject: { commonName: '阳光平台签名' },
        usage: 'platform-signing',
      });
      const platform = keyUsageOf(platformPem);
      assert.deepEqual([platform.digitalSignature, platform.keyEncipherment ?? false], [true, false]);
      assert.equal(keyUsageOf(platformPem).keyCertSign ?? false, false);
    });

    it('never lets a certificate outlive the root', () => {
      const info = certificateInfo(issuePartyCertificateFor({ validityDays: 365 * 30 }));
      assert.deepEqual(info.notAfter, certificateInfo(ca.rootPem).notAfter);
    });

    it('refuses serials that are not positive DER integers', () => {
      for (const serialHex of ['', '00', '80ff', '0001', 'xyz', 'ab'.repeat(21)]) {
        assert.throws(() => issuePartyCertificateFor({ serialHex }), caCode('SERIAL_INVALID'), serialHex);
      }
      assert.doesNotThrow(() => issuePartyCertificateFor({ serialHex: '0080' }));
    });

    it('refuses a CA key that does not match the CA certificate', () => {
      assert.throws(
        () => issuePartyCertificateFor({ caKeyPem: testKey('stranger').privatePem }),
        caCode('CA_KEY_MISMATCH'),
      );
    });

    it('refuses to issue from a CA that has expired', () => {
      const now = new Date('2045-01-01T00:00:00.000Z');
      assert.throws(() => issuePartyCertificateFor({ now }), caCode('CA_NOT_CURRENT'));
    });

    it('refuses a USCC that cannot be one', () => {
      const subject = { ...PARTY, uscc: '91110000600037341I' };
      assert.throws(() => issuePartyCertificateFor({ subject }), caCode('SUBJECT_INVALID'));
    });
  });

  describe('parseCsr', () => {
    const csrPem = createCsr({ keyPem: testKey('party').pkcs1Pem, commonName: 'Tampered Co' });

    it("returns the CSR's public key once it proves possession", () => {
      const parsed = parseCsr(csrPem);
      assert.equal(parsed.publicKeyPem, testKey('party').publicPem);
      assert.equal(parsed.subject['CN'], 'Tampered Co');
    });

    it('refuses a CSR whose content was changed after signing', () => {
      const der = pemToDer(csrPem);
      const at = indexOfBytes(der, utf8('Tampered Co'));
      assert.ok(at > 0);
      der[at] = 'X'.charCodeAt(0);
      const tampered = derToPem(der, 'CERTIFICATE REQUEST');
      assert.throws(() => parseCsr(tampered), caCode('CSR_INVALID'));
      assert.throws(() => issueCertificate({ ...issueOptions(), csrPem: tampered }), caCode('CSR_INVALID'));
    });

    it('refuses a CSR whose signature was changed', () => {
      const der = pemToDer(csrPem);
      der[der.length - 1]! ^= 0x01;
      assert.throws(() => parseCsr(derToPem(der, 'CERTIFICATE REQUEST')), caCode('CSR_INVALID'));
    });

    it('refuses garbage', () => {
      assert.throws(() => parseCsr('hello'), caCode('CSR_INVALID'));
      assert.throws(() => parseCsr(ca.rootPem), caCode('CSR_INVALID'));
    });

    it('refuses a 1024-bit key', () => {
      const weak = createCsr({ keyPem: testKey('weak', 1024).privatePem, commonName: 'Weak Co' });
      assert.throws(() => parseCsr(weak), caCode('CSR_KEY_TOO_SMALL'));
      assert.throws(() => issueCertificate({ ...issueOptions(), csrPem: weak }), caCode('CSR_KEY_TOO_SMALL'));
    });
  });

  function issueOptions(): IssueOptions {
    return {
      caCertPem: ca.rootPem,
      caKeyPem: ca.keyPem,
      subject: PARTY,
      serialHex: '01',
      now: ISSUED_AT,
      validityDays: 365,
      usage: 'signing-and-encryption',
    };
  }

  function issuePartyCertificateFor(overrides: Partial<IssueOptions>): string {
    return issueCertificateForKey({
      ...issueOptions(),
      publicKeyPem: testKey('party').publicPem,
      ...overrides,
    });
  }
});

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
