import { certificateInfo, importSigningKey, signPssWith } from '../../../crypto/index.js';

/** The platform's signing key: receipts and audit checkpoints carry its RSA-PSS signature. */
export interface Signer {
  /** SHA-256 fingerprint of the signing certificate, so a verifier knows which certificate to use. */
  readonly fingerprint: string;
  readonly certPem: string;
  sign(data: string | Uint8Array): Promise<string>;
}

export function createSigner(keyPem: string, certPem: string): Signer {
  // Imported once, on first use: every receipt and checkpoint is signed with the same key.
  let key: Promise<CryptoKey> | undefined;
  return {
    fingerprint: certificateInfo(certPem).fingerprintSha256,
    certPem,
    sign: async (data) => signPssWith(await (key ??= importSigningKey(keyPem)), data),
  };
}
