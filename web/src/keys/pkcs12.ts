/**
 * A key and certificate from a PKCS#12 file (.p12/.pfx, e.g. exported for the CLI). forge opens the file;
 * its key is handed to WebCrypto as non-extractable keys at once and forge's copy is dropped.
 */
import forge from 'node-forge';
import { normalizePem } from '../../../crypto/pem.js';
import { binary, bytes, importForUse, type KeyPairForUse } from './generate.js';

export class Pkcs12Error extends Error {
  constructor(
    readonly code: 'P12_UNREADABLE' | 'P12_PASSWORD' | 'P12_INCOMPLETE' | 'P12_MISMATCH' | 'P12_NOT_YOURS',
  ) {
    super(code);
    this.name = 'Pkcs12Error';
  }
}

export interface Pkcs12Contents {
  keys: KeyPairForUse;
  certificatePem: string;
}

/** Files above this are not key files; refuse before reading them into memory. */
export const MAX_P12_BYTES = 64 * 1024;

export async function openPkcs12(file: Blob, password: string): Promise<Pkcs12Contents> {
  if (file.size > MAX_P12_BYTES) throw new Pkcs12Error('P12_UNREADABLE');
  const der = new Uint8Array(await file.arrayBuffer());
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(binary(der)));
  } catch {
    throw new Pkcs12Error('P12_UNREADABLE');
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch {
    // forge answers a wrong password with "PKCS#12 MAC could not be verified" (or a decryption error).
    throw new Pkcs12Error('P12_PASSWORD');
  }
  const keyBag =
    firstBag(p12, forge.pki.oids['pkcs8ShroudedKeyBag'] as string) ??
    firstBag(p12, forge.pki.oids['keyBag'] as string);
  const certBag = firstBag(p12, forge.pki.oids['certBag'] as string);
  const privateKey = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  const certificate = certBag?.cert;
  if (!privateKey || !certificate) throw new Pkcs12Error('P12_INCOMPLETE');
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (!publicKey.n || publicKey.n.compareTo(privateKey.n) !== 0) throw new Pkcs12Error('P12_MISMATCH');

  const info = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey));
  const pkcs8 = bytes(forge.asn1.toDer(info).getBytes());
  try {
    return {
      keys: await importForUse(pkcs8),
      certificatePem: normalizePem(forge.pki.certificateToPem(certificate)),
    };
  } finally {
    pkcs8.fill(0);
    der.fill(0);
  }
}

function firstBag(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag | undefined {
  return p12.getBags({ bagType })[bagType]?.[0];
}
