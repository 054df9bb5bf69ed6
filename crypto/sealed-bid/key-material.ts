// The content key's journey: split k-of-n (Shamir, by an audited library), each share wrapped to its
// custodian's certificate, the whole key wrapped to the bidder's own certificate, and public checks
// that let the opening tell a wrong share or an inconsistent split from a damaged file.
import { combine, split } from 'shamir-secret-sharing';
import { asBufferSource, fromBase64, toBase64, toHex, utf8 } from '../encoding.js';
import { toPkcs8Pem, toSpkiPem } from '../keys.js';
import { pemToDer } from '../pem.js';
import { KEY_BYTES } from './format.js';

const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;
const subtle = () => globalThis.crypto.subtle;

/** A private key as PEM text (Node, CLI) or as a WebCrypto RSA-OAEP key (the browser's stored key). */
export type UnwrapKey = string | CryptoKey;

export function randomContentKey(): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES));
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** Encrypts to the public key of an X.509 certificate (or SPKI PEM) with RSA-OAEP-SHA256. */
export async function wrapTo(certificateOrPublicKeyPem: string, secret: Uint8Array): Promise<string> {
  const spki = pemToDer(toSpkiPem(certificateOrPublicKeyPem), 'PUBLIC KEY');
  const key = await subtle().importKey('spki', spki, OAEP, false, ['encrypt']);
  return toBase64(new Uint8Array(await subtle().encrypt(OAEP, key, asBufferSource(secret))));
}

/** Throws when the key is not the one the secret was wrapped to, or the wrapping was damaged. */
export async function unwrapWith(key: UnwrapKey, wrappedB64: string): Promise<Uint8Array> {
  const cryptoKey =
    typeof key === 'string'
      ? await subtle().importKey('pkcs8', pemToDer(toPkcs8Pem(key), 'PRIVATE KEY'), OAEP, false, ['decrypt'])
      : key;
  return new Uint8Array(await subtle().decrypt(OAEP, cryptoKey, fromBase64(wrappedB64)));
}

export async function splitKey(key: Uint8Array, shares: number, threshold: number): Promise<Uint8Array[]> {
  return split(key, shares, threshold);
}

/** Rebuilds a key from shares. Fewer than the threshold gives a wrong key, not an error: check it. */
export async function combineShares(shares: Uint8Array[]): Promise<Uint8Array> {
  return combine(shares);
}

/**
 * Public check values. Keys and shares are 256-bit uniformly random values, so their domain-separated
 * SHA-256 reveals nothing usable, yet lets anyone confirm a released share or a rebuilt key.
 */
export async function keyCheck(key: Uint8Array): Promise<string> {
  return digestHex(utf8('yangguang/sealed-bid/key-check\0'), key);
}

export async function shareCheck(position: number, share: Uint8Array): Promise<string> {
  return digestHex(utf8(`yangguang/sealed-bid/share-check/${position}\0`), share);
}

async function digestHex(domain: Uint8Array, value: Uint8Array): Promise<string> {
  const data = new Uint8Array(domain.length + value.length);
  data.set(domain, 0);
  data.set(value, domain.length);
  return toHex(new Uint8Array(await subtle().digest('SHA-256', data)));
}
