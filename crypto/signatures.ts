// RSA-PSS-SHA256 signatures (docs/design.md §5) over WebCrypto, with keys and certificates as PEM text.
// A certificate passed to verifyPss only supplies the key: whether it is trusted, current and
// unrevoked is verifyCertificate's question, asked separately by the caller.
import { bytesOf, fromBase64, toBase64 } from './encoding.js';
import { toPkcs8Pem, toSpkiPem } from './keys.js';
import { pemToDer } from './pem.js';

export { pemToDer } from './pem.js';
export { toPkcs8Pem } from './keys.js';

// Salt length equal to the SHA-256 output, the usual choice (RFC 8017 §9.1 note 4).
const PSS_PARAMS = { name: 'RSA-PSS', saltLength: 32 } as const;
const KEY_ALGORITHM = { name: 'RSA-PSS', hash: 'SHA-256' } as const;

/** Signs with a PKCS#8 or PKCS#1 private key PEM; returns the signature in base64. */
export async function signPss(privateKeyPem: string, data: Uint8Array | string): Promise<string> {
  return signPssWith(await importSigningKey(privateKeyPem), data);
}

/**
 * The private key as a non-extractable WebCrypto signing key. Importing costs more than signing (a PKCS#1
 * key goes through node-forge first), so a long-lived signer imports once and keeps the key.
 */
export function importSigningKey(privateKeyPem: string): Promise<CryptoKey> {
  return importKey('pkcs8', pemToDer(toPkcs8Pem(privateKeyPem), 'PRIVATE KEY'), ['sign']);
}

export async function signPssWith(key: CryptoKey, data: Uint8Array | string): Promise<string> {
  const signature = await globalThis.crypto.subtle.sign(PSS_PARAMS, key, bytesOf(data));
  return toBase64(new Uint8Array(signature));
}

/**
 * True when signatureB64 is a valid signature of data under the key (an SPKI public key PEM or an
 * X.509 certificate PEM). A wrong or garbled signature is an answer (false); a malformed key is
 * a programming or data error and throws.
 */
export async function verifyPss(
  publicKeyOrCertPem: string,
  data: Uint8Array | string,
  signatureB64: string,
): Promise<boolean> {
  const key = await importKey('spki', pemToDer(toSpkiPem(publicKeyOrCertPem), 'PUBLIC KEY'), ['verify']);
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = fromBase64(signatureB64);
  } catch {
    return false;
  }
  try {
    return await globalThis.crypto.subtle.verify(PSS_PARAMS, key, signature, bytesOf(data));
  } catch {
    // Some engines throw rather than answer false for a signature of the wrong length.
    return false;
  }
}

async function importKey(
  format: 'pkcs8' | 'spki',
  der: Uint8Array<ArrayBuffer>,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  try {
    return await globalThis.crypto.subtle.importKey(format, der, KEY_ALGORITHM, false, usages);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Malformed ${format === 'pkcs8' ? 'private' : 'public'} key: ${detail}`, {
      cause: error,
    });
  }
}
