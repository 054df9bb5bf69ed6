// The platform CA (docs/design.md §5): a self-signed root that issues party, custodian and platform
// certificates. node-forge does the X.509 encoding because Node and WebCrypto have no API for it.
import forge from 'node-forge';
import { CaError } from './ca-error.js';
import { readCertificate } from './certificate-info.js';
import { assertKeyStrength, parseCsr } from './csr.js';
import { reusableAttributes, subjectAttributes, type SubjectInfo } from './distinguished-name.js';
import { fromHex, toHex } from './encoding.js';
import { publicKeyOf, rsaPrivateKeyFromPem, rsaPublicKeyFromPem } from './keys.js';
import { normalizePem } from './pem.js';

export { CaError, type CaErrorCode } from './ca-error.js';
export { certificateInfo, type CertificateInfo } from './certificate-info.js';
export { createCsr, parseCsr, MIN_RSA_BITS, type ParsedCsr } from './csr.js';
export type { SubjectInfo } from './distinguished-name.js';
export { verifyCertificate, type CertificateCheck, type CertificateProblem } from './verify-certificate.js';

/** 'signing-and-encryption' adds keyEncipherment: custodians and bidders receive wrapped bid keys. */
export type CertificateUsage = 'signing-and-encryption' | 'platform-signing';

export type IssueOptions = {
  caCertPem: string;
  caKeyPem: string;
  /** from the platform's party records, never from the CSR */
  subject: SubjectInfo;
  serialHex: string;
  now: Date;
  validityDays: number;
  usage: CertificateUsage;
};

export function createRootCertificate(opts: {
  keyPem: string;
  commonName: string;
  organization: string;
  now: Date;
  validityYears?: number;
}): string {
  const key = rsaPrivateKeyFromPem(opts.keyPem);
  const name = { commonName: opts.commonName, organization: opts.organization };
  const notAfter = new Date(opts.now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (opts.validityYears ?? 20));

  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKeyOf(key);
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = opts.now;
  cert.validity.notAfter = notAfter;
  cert.setSubject(subjectAttributes(name));
  cert.setIssuer(subjectAttributes(name));
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return normalizePem(forge.pki.certificateToPem(cert));
}

/** Issues a certificate for the key in a CSR, once the CSR proves possession of that key. */
export function issueCertificate(opts: IssueOptions & { csrPem: string }): string {
  const { publicKeyPem } = parseCsr(opts.csrPem);
  return issueCertificateForKey({ ...opts, publicKeyPem });
}

/** Issues a certificate for a public key the platform already trusts, e.g. its own signing key. */
export function issueCertificateForKey(opts: IssueOptions & { publicKeyPem: string }): string {
  const caCert = readCertificate(opts.caCertPem);
  const caKey = rsaPrivateKeyFromPem(opts.caKeyPem);
  assertKeyPair(caCert, caKey);
  const publicKey = rsaPublicKeyFromPem(opts.publicKeyPem);
  assertKeyStrength(publicKey, 'KEY_TOO_SMALL');

  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = checkedSerial(opts.serialHex);
  cert.validity.notBefore = opts.now;
  cert.validity.notAfter = notAfterFor(opts.now, opts.validityDays, caCert);
  cert.setSubject(subjectAttributes(opts.subject));
  cert.setIssuer(reusableAttributes(caCert.subject.attributes));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    keyUsageFor(opts.usage),
    { name: 'subjectKeyIdentifier' },
    // forge's `keyIdentifier: true` would take the *new* certificate's key; we need the CA's.
    { name: 'authorityKeyIdentifier', keyIdentifier: caKeyIdentifier(caCert) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return normalizePem(forge.pki.certificateToPem(cert));
}

/**
 * 16 random bytes with the top bit cleared, so the DER integer is positive (RFC 5280 §4.1.2.2);
 * a zero first byte becomes 1 because DER forbids a leading zero byte before a byte < 0x80.
 */
export function randomSerialHex(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const top = bytes[0]! & 0x7f;
  bytes[0] = top === 0 ? 0x01 : top;
  return toHex(bytes);
}

function keyUsageFor(usage: CertificateUsage) {
  return {
    name: 'keyUsage',
    critical: true,
    digitalSignature: true,
    nonRepudiation: true,
    keyEncipherment: usage === 'signing-and-encryption',
  };
}

function assertKeyPair(caCert: forge.pki.Certificate, caKey: forge.pki.rsa.PrivateKey): void {
  const certKey = caCert.publicKey as forge.pki.rsa.PublicKey;
  if (!certKey.n.equals(caKey.n) || !certKey.e.equals(caKey.e)) {
    throw new CaError('CA_KEY_MISMATCH', 'The CA private key does not belong to the CA certificate');
  }
}

function checkedSerial(serialHex: string): string {
  const hex = serialHex.toLowerCase();
  const bytes = /^(?:[0-9a-f]{2}){1,20}$/.test(hex) ? fromHex(hex) : new Uint8Array();
  const [first = 0x80, second = 0] = bytes;
  // DER: positive, and a leading zero byte only where the next byte would otherwise read as negative.
  const positive = first < 0x80 && !(first === 0 && (bytes.length === 1 || second < 0x80));
  if (!positive) {
    throw new CaError(
      'SERIAL_INVALID',
      `Not a positive DER serial number of at most 20 bytes: "${serialHex}"`,
    );
  }
  return hex;
}

// A certificate must not outlive the CA that vouches for it, so it is cut at the CA's notAfter.
function notAfterFor(now: Date, validityDays: number, caCert: forge.pki.Certificate): Date {
  if (!Number.isInteger(validityDays) || validityDays <= 0) {
    throw new RangeError(`validityDays must be a positive integer, got ${validityDays}`);
  }
  if (now >= caCert.validity.notAfter || now < caCert.validity.notBefore) {
    throw new CaError('CA_NOT_CURRENT', `The CA certificate is not valid at ${now.toISOString()}`);
  }
  const wanted = now.getTime() + validityDays * 86_400_000;
  return new Date(Math.min(wanted, caCert.validity.notAfter.getTime()));
}

function caKeyIdentifier(caCert: forge.pki.Certificate): string {
  const ski = caCert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | undefined;
  return ski?.subjectKeyIdentifier
    ? forge.util.hexToBytes(ski.subjectKeyIdentifier)
    : caCert.generateSubjectKeyIdentifier().getBytes();
}
