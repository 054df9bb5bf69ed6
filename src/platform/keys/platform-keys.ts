import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRootCertificate, issueCertificateForKey, randomSerialHex } from '../../../crypto/index.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { createSigner, type Signer } from './signer.js';

/** The platform CA's root and the platform signing key, kept as PEM files in KEYS_DIR. */
export interface PlatformKeys {
  rootCertPem: string;
  rootKeyPem: string;
  signer: Signer;
}

const FILES = {
  rootKey: 'ca-root.key.pem',
  rootCert: 'ca-root.crt.pem',
  signingKey: 'platform-signing.key.pem',
  signingCert: 'platform-signing.crt.pem',
};

function newRsaKeyPem(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 3072,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Written to a temp file then renamed, so a crash never leaves half a key. Private keys get mode 0600. */
function writeFileAtomic(path: string, content: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode, flag: 'wx' });
  renameSync(temp, path);
}

function readPrivateKey(path: string, log?: Logger): string {
  if ((statSync(path).mode & 0o077) !== 0) {
    log?.warn({ path }, 'private key file was readable by others; restricting it to mode 0600');
    chmodSync(path, 0o600);
  }
  return readFileSync(path, 'utf8');
}

/** Loads the keys, creating the CA root and the signing key on the first start. */
export function loadOrCreatePlatformKeys(dir: string, clock: Clock, log?: Logger): PlatformKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = (name: keyof typeof FILES) => join(dir, FILES[name]);

  if (!existsSync(path('rootKey'))) {
    const { privateKeyPem } = newRsaKeyPem();
    const cert = createRootCertificate({
      keyPem: privateKeyPem,
      commonName: 'Yangguang Platform Root CA',
      organization: 'Yangguang Public Resource Trading Platform',
      now: clock.now(),
    });
    writeFileAtomic(path('rootKey'), privateKeyPem, 0o600);
    writeFileAtomic(path('rootCert'), cert, 0o644);
    log?.info({ dir }, 'created the platform root CA');
  }
  const rootKeyPem = readPrivateKey(path('rootKey'), log);
  const rootCertPem = readFileSync(path('rootCert'), 'utf8');

  if (!existsSync(path('signingKey'))) {
    const { privateKeyPem, publicKeyPem } = newRsaKeyPem();
    const cert = issueCertificateForKey({
      publicKeyPem,
      caCertPem: rootCertPem,
      caKeyPem: rootKeyPem,
      subject: {
        commonName: 'Yangguang Platform Signing Key',
        organization: 'Yangguang Public Resource Trading Platform',
      },
      serialHex: randomSerialHex(),
      now: clock.now(),
      validityDays: 3650,
      usage: 'platform-signing',
    });
    writeFileAtomic(path('signingKey'), privateKeyPem, 0o600);
    writeFileAtomic(path('signingCert'), cert, 0o644);
    log?.info('created the platform signing key');
  }
  const signer = createSigner(
    readPrivateKey(path('signingKey'), log),
    readFileSync(path('signingCert'), 'utf8'),
  );
  return { rootCertPem, rootKeyPem, signer };
}
