// Test-only key material. Node's native RSA key generation takes ~0.1 s where forge's pure-JS
// generator takes seconds, so tests never call forge.pki.rsa.generateKeyPair.
import { generateKeyPairSync } from 'node:crypto';

export type TestKeyPair = {
  /** PKCS#8 "PRIVATE KEY" PEM, what WebCrypto wants */
  privatePem: string;
  /** PKCS#1 "RSA PRIVATE KEY" PEM, what node-forge writes */
  pkcs1Pem: string;
  /** SPKI "PUBLIC KEY" PEM */
  publicPem: string;
};

const cache = new Map<string, TestKeyPair>();

/** A named RSA key pair, generated once per test run. */
export function testKey(name: string, modulusLength = 2048): TestKeyPair {
  const id = `${name}/${modulusLength}`;
  let pair = cache.get(id);
  if (!pair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
    pair = {
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      pkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    cache.set(id, pair);
  }
  return pair;
}
