/**
 * A new key pair made in this browser, and its certificate signing request. The private key never exists
 * outside WebCrypto except for a moment as PKCS#8 bytes in this function, which are zeroed right after.
 */
import forge from 'node-forge';
import { toBase64 } from '../../../crypto/encoding.js';
import { subjectAttributes } from '../../../crypto/distinguished-name.js';
import { derToPem } from '../../../crypto/pem.js';

export const RSA_BITS = 3072;

const PSS = { name: 'RSA-PSS', hash: 'SHA-256' } as const;
const OAEP = { name: 'RSA-OAEP', hash: 'SHA-256' } as const;
const PKCS1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export interface KeyPairForUse {
  signKey: CryptoKey;
  decryptKey: CryptoKey;
  /** Throw-away: signs the CSR only, then is dropped. */
  csrKey: CryptoKey;
}

/**
 * WebCrypto binds every key to one algorithm: a key made for RSA-PSS can never decrypt with RSA-OAEP, and
 * forge's CSR check wants sha256WithRSAEncryption (PKCS#1 v1.5). One RSA key serves all three, so it is
 * generated extractable ONCE, exported as PKCS#8, imported again as three non-extractable keys, and the
 * exported bytes are zeroed. Only the non-extractable keys are ever stored.
 */
export async function generateKeyPair(): Promise<{ keys: KeyPairForUse; spki: Uint8Array }> {
  const pair = await crypto.subtle.generateKey(
    { ...PSS, modulusLength: RSA_BITS, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  try {
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    return { keys: await importForUse(pkcs8), spki };
  } finally {
    pkcs8.fill(0);
  }
}

/** PKCS#8 bytes as the three non-extractable keys this platform uses. The caller zeroes the bytes. */
export async function importForUse(pkcs8: Uint8Array<ArrayBuffer>): Promise<KeyPairForUse> {
  const load = (algorithm: typeof PSS | typeof OAEP | typeof PKCS1, usage: KeyUsage) =>
    crypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, [usage]);
  return {
    signKey: await load(PSS, 'sign'),
    decryptKey: await load(OAEP, 'decrypt'),
    csrKey: await load(PKCS1, 'sign'),
  };
}

/**
 * A PKCS#10 request for the public key, signed (sha256WithRSAEncryption) with the WebCrypto key: forge
 * builds the CertificationRequestInfo, WebCrypto signs its DER. The CA takes the subject from the party
 * records, so the common name here is only a label.
 */
export async function buildCsr(spki: Uint8Array, csrKey: CryptoKey, commonName: string): Promise<string> {
  const publicKey = forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(binary(spki)));
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = publicKey;
  csr.setSubject(subjectAttributes({ commonName: commonName.slice(0, 64) || 'bidder' }));
  const sha256WithRsa = forge.pki.oids['sha256WithRSAEncryption'] as string;
  csr.signatureOid = sha256WithRsa;
  csr.siginfo.algorithmOid = sha256WithRsa;
  const info = (
    forge.pki as unknown as { getCertificationRequestInfo(c: unknown): forge.asn1.Asn1 }
  ).getCertificationRequestInfo(csr);
  csr.certificationRequestInfo = info;
  const toSign = bytes(forge.asn1.toDer(info).getBytes());
  const signature = new Uint8Array(await crypto.subtle.sign(PKCS1, csrKey, toSign));
  csr.signature = binary(signature);
  const der = bytes(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes());
  return derToPem(der, 'CERTIFICATE REQUEST');
}

/** Signs with the stored RSA-PSS key (salt 32, as crypto/signatures.ts verifies); base64 out. */
export async function signWith(signKey: CryptoKey, data: Uint8Array): Promise<string> {
  const copy = new Uint8Array(data);
  return toBase64(
    new Uint8Array(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, signKey, copy)),
  );
}

/** forge speaks "binary strings" (one char per byte). */
export function binary(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 0x8000) out += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return out;
}

export function bytes(text: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
