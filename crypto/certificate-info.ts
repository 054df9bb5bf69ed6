// Reading an issued certificate into the facts the platform stores and shows.
import forge from 'node-forge';
import { subjectInfoFrom, attributeText, type SubjectInfo } from './distinguished-name.js';
import { forgeCall, publicKeyPem } from './keys.js';
import { pemToDer } from './pem.js';

export type CertificateInfo = {
  /** lower-case hex of the serial number's DER integer bytes, the key for revocation */
  serialHex: string;
  subject: SubjectInfo;
  issuerCommonName: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the certificate's DER, lower-case hex */
  fingerprintSha256: string;
  publicKeyPem: string;
};

export function certificateInfo(pem: string): CertificateInfo {
  return infoOf(readCertificate(pem), pem);
}

/** Throws a clear Error on anything forge cannot read as an RSA certificate. */
export function readCertificate(pem: string): forge.pki.Certificate {
  return forgeCall('certificate', () => forge.pki.certificateFromPem(pem));
}

export function infoOf(cert: forge.pki.Certificate, pem: string): CertificateInfo {
  const issuerCn = cert.issuer.attributes.find((a) => a.type === forge.pki.oids['commonName']);
  return {
    serialHex: cert.serialNumber.toLowerCase(),
    subject: subjectInfoFrom(cert.subject.attributes),
    issuerCommonName: issuerCn ? attributeText(issuerCn) : '',
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    fingerprintSha256: fingerprintOf(pem),
    publicKeyPem: publicKeyPem(cert.publicKey as forge.pki.rsa.PublicKey),
  };
}

// Synchronous on purpose (certificateInfo is), so forge's SHA-256 rather than WebCrypto's.
function fingerprintOf(pem: string): string {
  const md = forge.md.sha256.create();
  md.update(forge.util.binary.raw.encode(pemToDer(pem, 'CERTIFICATE')));
  return md.digest().toHex();
}
