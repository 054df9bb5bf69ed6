// PKCS#12 files (.p12) hold a user's key and certificate under one password, the form other
// signing tools import. node-forge is used here and only here: Node has no PKCS#12 API.
import forge from 'node-forge';
import { CliError } from './io.js';

export function writePkcs12(opts: {
  keyPem: string;
  certPem: string;
  password: string;
  friendlyName?: string;
}): Buffer {
  const key = forge.pki.privateKeyFromPem(opts.keyPem);
  const cert = forge.pki.certificateFromPem(opts.certPem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], opts.password, {
    algorithm: 'aes256',
    friendlyName: opts.friendlyName,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The key (PKCS#8 PEM) and the certificate that belongs to it; a wrong password is a clear error. */
export function readPkcs12(der: Uint8Array, password: string): { keyPem: string; certPem: string } {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/password|MAC/i.test(message)) throw new CliError('Wrong password for the PKCS#12 file');
    throw new CliError(`Not a readable PKCS#12 file: ${message}`);
  }
  const oids = forge.pki.oids;
  const keyBags = [
    ...(p12.getBags({ bagType: oids.pkcs8ShroudedKeyBag })[oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(p12.getBags({ bagType: oids.keyBag })[oids.keyBag!] ?? []),
  ];
  const certBags = p12.getBags({ bagType: oids.certBag })[oids.certBag!] ?? [];
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new CliError('The PKCS#12 file holds no RSA private key');
  // The file may carry CA certificates too: take the one whose public key is this key's.
  const cert = certBags
    .map((bag) => bag.cert)
    .find((c): c is forge.pki.Certificate => {
      const pub = c?.publicKey as forge.pki.rsa.PublicKey | undefined;
      return !!pub && pub.n.equals(key.n) && pub.e.equals(key.e);
    });
  if (!cert) throw new CliError('The PKCS#12 file holds no certificate for its key');
  const keyPem = forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key)));
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}
