import { generateKeyPairSync } from 'node:crypto';
import { createCsr } from '../../crypto/index.js';

/** What a user's own client does: make a key pair locally and a CSR that proves possession of it. */
export function userKeyAndCsr(
  commonName = 'whoever',
  modulusLength = 2048,
): { keyPem: string; csrPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { keyPem, csrPem: createCsr({ keyPem, commonName }) };
}
