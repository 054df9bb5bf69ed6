// THE certificate check of the platform: every signature, receipt and sealed-bid key is trusted only
// after its certificate passes here. Our CA issues end-entity certificates directly from the root,
// so a chain is exactly [certificate, root]. Revocation is asked on every verify (docs/design.md §5).
import forge from 'node-forge';
import { infoOf, readCertificate, type CertificateInfo } from './certificate-info.js';

export type CertificateProblem =
  'CERT_MALFORMED' | 'CERT_UNTRUSTED' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'CERT_REVOKED';

export type CertificateCheck =
  { ok: true; info: CertificateInfo } | { ok: false; code: CertificateProblem; message: string };

const SHA256_WITH_RSA = forge.pki.oids['sha256WithRSAEncryption'];

/**
 * Is certPem, at time `at`, a current, unrevoked end-entity certificate issued by rootPem?
 * `at` is the moment that matters to the caller (e.g. when a bid was signed), not always now.
 * A malformed root is the platform's misconfiguration and throws; a bad certificate is an answer.
 */
export async function verifyCertificate(opts: {
  certPem: string;
  rootPem: string;
  at: Date;
  isRevoked: (serialHex: string) => boolean | Promise<boolean>;
}): Promise<CertificateCheck> {
  if (Number.isNaN(opts.at.getTime())) throw new TypeError('verifyCertificate: `at` is an invalid Date');
  const root = readRoot(opts.rootPem);

  let cert: forge.pki.Certificate;
  let info: CertificateInfo;
  try {
    cert = readCertificate(opts.certPem);
    info = infoOf(cert, opts.certPem);
  } catch (error) {
    return refuse('CERT_MALFORMED', error instanceof Error ? error.message : 'Unreadable certificate');
  }

  const untrusted = trustProblem(cert, root);
  if (untrusted) return refuse('CERT_UNTRUSTED', untrusted);
  const outOfTime =
    validityProblem(cert, 'The certificate', opts.at) ?? validityProblem(root, 'The platform CA', opts.at);
  if (outOfTime) return outOfTime;
  if (await opts.isRevoked(info.serialHex)) {
    return refuse('CERT_REVOKED', `Certificate ${info.serialHex} has been revoked`);
  }
  return { ok: true, info };
}

function readRoot(rootPem: string): forge.pki.Certificate {
  const root = readCertificate(rootPem);
  if (!isCa(root)) throw new Error('verifyCertificate: rootPem is not a CA certificate');
  return root;
}

function trustProblem(cert: forge.pki.Certificate, root: forge.pki.Certificate): string | undefined {
  if (!root.issued(cert)) return 'The certificate was not issued by the platform CA';
  if (cert.signatureOid !== SHA256_WITH_RSA) {
    return 'The certificate is not signed with sha256WithRSAEncryption';
  }
  if (!signedBy(cert, root)) return "The certificate's signature does not verify with the platform CA key";
  // Otherwise the root itself (or a sub-CA we never issue) would pass as a party's certificate.
  if (isCa(cert)) return 'A CA certificate is not accepted as an end-entity certificate';
  return undefined;
}

function signedBy(cert: forge.pki.Certificate, root: forge.pki.Certificate): boolean {
  try {
    return root.verify(cert);
  } catch {
    return false; // forge throws on some garbled signatures instead of answering false
  }
}

function validityProblem(cert: forge.pki.Certificate, which: string, at: Date): CertificateCheck | undefined {
  const { notBefore, notAfter } = cert.validity;
  if (at < notBefore) {
    return refuse('CERT_NOT_YET_VALID', `${which} is not valid before ${notBefore.toISOString()}`);
  }
  if (at > notAfter) return refuse('CERT_EXPIRED', `${which} expired at ${notAfter.toISOString()}`);
  return undefined;
}

function isCa(cert: forge.pki.Certificate): boolean {
  const constraints = cert.getExtension('basicConstraints') as { cA?: boolean } | undefined;
  return constraints?.cA === true;
}

function refuse(code: CertificateProblem, message: string): CertificateCheck {
  return { ok: false, code, message };
}
