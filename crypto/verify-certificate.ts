// THE certificate check of the platform: every signature, receipt and sealed-bid key is trusted only
// after its certificate passes here. Our CA issues end-entity certificates directly from the root,
// so a chain is exactly [certificate, root]. Revocation is asked on every verify (docs/design.md §5).
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
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
  const chain = chainOf(opts.certPem, opts.rootPem, root);
  if (!chain.ok) return chain;
  const { cert, info } = chain;
  const outOfTime =
    validityProblem(cert, 'The certificate', opts.at) ??
    validityProblem(root.cert, 'The platform CA', opts.at);
  if (outOfTime) return outOfTime;
  if (await opts.isRevoked(info.serialHex)) {
    return refuse('CERT_REVOKED', `Certificate ${info.serialHex} has been revoked`);
  }
  return { ok: true, info };
}

type Chain =
  | { ok: true; cert: forge.pki.Certificate; info: CertificateInfo }
  | { ok: false; code: CertificateProblem; message: string };

/*
 * Whether a certificate was issued by the root never changes: the root's signature over the certificate's
 * bytes verifies or it does not. node-forge checks it in JavaScript RSA, milliseconds per call, and every
 * signed step (a bid header, a custodian's release, an expert's score sheet) asks it of the same few
 * certificates, so the answer is kept per (root, certificate). Validity at the caller's time and revocation
 * depend on when and are asked on every call.
 */
const CHAINS_KEPT = 4096;
const chains = new Map<string, Chain>();
/** The platform root as forge reads it (issuer, validity) and as node does (its key, for signatures). */
interface Root {
  cert: forge.pki.Certificate;
  key: KeyObject;
}
let lastRoot: (Root & { pem: string }) | null = null;

function chainOf(certPem: string, rootPem: string, root: Root): Chain {
  const key = `${rootPem}\u0000${certPem}`;
  const known = chains.get(key);
  if (known) return known;
  const chain = checkChain(certPem, root);
  if (chains.size >= CHAINS_KEPT) chains.delete(chains.keys().next().value!); // the oldest goes first
  chains.set(key, chain);
  return chain;
}

function checkChain(certPem: string, root: Root): Chain {
  let cert: forge.pki.Certificate;
  let info: CertificateInfo;
  try {
    cert = readCertificate(certPem);
    info = infoOf(cert, certPem);
  } catch (error) {
    return refuse('CERT_MALFORMED', error instanceof Error ? error.message : 'Unreadable certificate');
  }
  const untrusted = trustProblem(cert, certPem, root);
  if (untrusted) return refuse('CERT_UNTRUSTED', untrusted);
  return { ok: true, cert, info };
}

function readRoot(rootPem: string): Root {
  if (lastRoot?.pem === rootPem) return lastRoot;
  const root = readCertificate(rootPem);
  if (!isCa(root)) throw new Error('verifyCertificate: rootPem is not a CA certificate');
  lastRoot = { pem: rootPem, cert: root, key: createPublicKey(rootPem) };
  return lastRoot;
}

function trustProblem(cert: forge.pki.Certificate, certPem: string, root: Root): string | undefined {
  if (!root.cert.issued(cert)) return 'The certificate was not issued by the platform CA';
  if (cert.signatureOid !== SHA256_WITH_RSA) {
    return 'The certificate is not signed with sha256WithRSAEncryption';
  }
  if (!signedBy(certPem, root.key))
    return "The certificate's signature does not verify with the platform CA key";
  // Otherwise the root itself (or a sub-CA we never issue) would pass as a party's certificate.
  if (isCa(cert)) return 'A CA certificate is not accepted as an end-entity certificate';
  return undefined;
}

/**
 * The root's signature over the certificate, checked by node (OpenSSL) with the root's key read by readRoot:
 * node-forge's JavaScript RSA took milliseconds of main-thread CPU per new certificate, hundreds of them at
 * once when bids arrive together.
 */
function signedBy(certPem: string, rootKey: KeyObject): boolean {
  try {
    return new X509Certificate(certPem).verify(rootKey);
  } catch {
    return false; // a certificate forge reads but OpenSSL does not is not one we stand behind
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

function refuse(
  code: CertificateProblem,
  message: string,
): { ok: false; code: CertificateProblem; message: string } {
  return { ok: false, code, message };
}
