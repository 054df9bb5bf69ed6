import { certificateInfo, signPss } from '../../../crypto/index.js';

/** The platform's signing key: receipts and audit checkpoints carry its RSA-PSS signature. */
export interface Signer {
  /** SHA-256 fingerprint of the signing certificate, so a verifier knows which certificate to use. */
  readonly fingerprint: string;
  readonly certPem: string;
  sign(data: string | Uint8Array): Promise<string>;
}

export function createSigner(keyPem: string, certPem: string): Signer {
  return {
    fingerprint: certificateInfo(certPem).fingerprintSha256,
    certPem,
    sign: (data) => signPss(keyPem, data),
  };
}
