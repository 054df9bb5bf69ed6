// Certificate signing requests. The user's client makes one locally so the private key never
// leaves their machine (docs/design.md §5); the CA only trusts it to prove possession of that key.
import forge from 'node-forge';
import { CaError } from './ca-error.js';
import { attributesRecord, subjectAttributes } from './distinguished-name.js';
import { publicKeyOf, publicKeyPem, rsaPrivateKeyFromPem } from './keys.js';
import { normalizePem } from './pem.js';

export const MIN_RSA_BITS = 2048;

export type ParsedCsr = { publicKeyPem: string; subject: Record<string, string> };

/** What the user's client runs: a CSR for its own key, signed with that key. */
export function createCsr(opts: { keyPem: string; commonName: string }): string {
  const key = rsaPrivateKeyFromPem(opts.keyPem);
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = publicKeyOf(key);
  csr.setSubject(subjectAttributes({ commonName: opts.commonName }));
  csr.sign(key, forge.md.sha256.create());
  return normalizePem(forge.pki.certificationRequestToPem(csr));
}

/**
 * The CSR's public key once its self-signature checks out. The subject is returned for display
 * only: certificates take their subject from the platform's party records, never from the CSR.
 */
export function parseCsr(csrPem: string): ParsedCsr {
  const csr = readCsr(csrPem);
  if (!provesPossession(csr)) {
    throw new CaError(
      'CSR_INVALID',
      'The CSR signature does not verify: it does not prove possession of the key',
    );
  }
  const key = csr.publicKey as forge.pki.rsa.PublicKey;
  assertKeyStrength(key, 'CSR_KEY_TOO_SMALL');
  return { publicKeyPem: publicKeyPem(key), subject: attributesRecord(csr.subject.attributes) };
}

export function assertKeyStrength(
  key: forge.pki.rsa.PublicKey,
  code: 'CSR_KEY_TOO_SMALL' | 'KEY_TOO_SMALL',
): void {
  const bits = key.n.bitLength();
  if (bits < MIN_RSA_BITS) {
    throw new CaError(code, `RSA keys need at least ${MIN_RSA_BITS} bits; this one has ${bits}`);
  }
}

function readCsr(csrPem: string): forge.pki.CertificateSigningRequest {
  try {
    const csr = forge.pki.certificationRequestFromPem(csrPem);
    if (!csr.publicKey) throw new Error('no public key');
    return csr;
  } catch (error) {
    // forge also lands here for non-RSA keys ("OID is not RSA"): we only issue for RSA.
    const detail = error instanceof Error ? error.message : String(error);
    throw new CaError('CSR_INVALID', `Not a readable RSA certificate signing request: ${detail}`);
  }
}

function provesPossession(csr: forge.pki.CertificateSigningRequest): boolean {
  try {
    return csr.verify();
  } catch {
    // forge throws instead of answering false for some garbled signatures.
    return false;
  }
}
