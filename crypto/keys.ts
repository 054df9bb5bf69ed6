// Key format conversions. WebCrypto wants PKCS#8 private keys and SPKI public keys; node-forge emits
// PKCS#1 ("RSA PRIVATE KEY") and users hand us certificates, so everything is normalised here.
import forge from 'node-forge';
import { derToPem, normalizePem, pemLabel, pemToDer } from './pem.js';

/** A PKCS#8 ("PRIVATE KEY") PEM from a PKCS#8 or PKCS#1 ("RSA PRIVATE KEY") PEM. */
export function toPkcs8Pem(pem: string): string {
  const label = pemLabel(pem);
  if (label === 'PRIVATE KEY') return derToPem(pemToDer(pem, label), label);
  if (label === 'RSA PRIVATE KEY') {
    const asn1 = forge.pki.privateKeyToAsn1(rsaPrivateKeyFromPem(pem));
    return normalizePem(forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(asn1)));
  }
  if (label === 'ENCRYPTED PRIVATE KEY') {
    throw new Error('Encrypted private keys are not accepted here: decrypt the key first');
  }
  throw new Error(`Expected a "PRIVATE KEY" or "RSA PRIVATE KEY" PEM, got "${label}"`);
}

/** An SPKI ("PUBLIC KEY") PEM from an SPKI PEM, a PKCS#1 "RSA PUBLIC KEY" PEM or an X.509 certificate. */
export function toSpkiPem(publicKeyOrCertPem: string): string {
  const label = pemLabel(publicKeyOrCertPem);
  if (label === 'PUBLIC KEY') return derToPem(pemToDer(publicKeyOrCertPem, label), label);
  if (label === 'RSA PUBLIC KEY') {
    return publicKeyPem(forgeCall('public key', () => forge.pki.publicKeyFromPem(publicKeyOrCertPem)));
  }
  if (label === 'CERTIFICATE') {
    const cert = forgeCall('certificate', () => forge.pki.certificateFromPem(publicKeyOrCertPem));
    return publicKeyPem(cert.publicKey as forge.pki.rsa.PublicKey);
  }
  throw new Error(`Expected a "PUBLIC KEY" or "CERTIFICATE" PEM, got "${label}"`);
}

/** forge's RSA private key from a PKCS#1 or PKCS#8 PEM (forge reads both). */
export function rsaPrivateKeyFromPem(pem: string): forge.pki.rsa.PrivateKey {
  return forgeCall('private key', () => forge.pki.privateKeyFromPem(pem));
}

export function rsaPublicKeyFromPem(pem: string): forge.pki.rsa.PublicKey {
  return forgeCall('public key', () => forge.pki.publicKeyFromPem(pem));
}

export function publicKeyPem(key: forge.pki.rsa.PublicKey): string {
  return normalizePem(forge.pki.publicKeyToPem(key));
}

/** The public half of a private key, e.g. to put into a CSR. */
export function publicKeyOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e);
}

/** forge throws bare strings-in-Errors like "Too few bytes to read ASN.1 value"; say what was being read. */
export function forgeCall<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Malformed ${what}: ${detail}`, { cause: error });
  }
}
