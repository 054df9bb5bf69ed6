// DEMO ARRANGEMENT. So that a manual release on the 密钥托管 page can be tried with the demo, each demo
// custodian's key and certificate are also written as a PKCS#12 file, the form a custodian imports in the
// browser. Its password is random and shown once on the console with the demo accounts, never stored.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePkcs12 } from '../../cli/pkcs12.js';
import type { Platform } from '../compose.js';

export interface DemoCustodianP12 {
  username: string;
  file: string;
  password: string;
}

/** Writes `<KEYS_DIR>/custodians/<username>.p12` (owner-only) from the key file the seed made and its certificate. */
export async function writeDemoCustodianP12(platform: Platform, username: string): Promise<DemoCustodianP12> {
  const { config, models, certificates, clock } = platform;
  const dir = join(config.KEYS_DIR, 'custodians');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const user = await models.User.findOne({ where: { username } });
  const certificate = user && (await certificates.activeCertificate(user.id, clock.now()));
  if (!certificate) throw new Error(`demo custodian ${username} has no certificate`);
  const password = randomBytes(12).toString('base64url');
  const der = writePkcs12({
    keyPem: readFileSync(join(dir, `${username}.key.pem`), 'utf8'),
    certPem: certificate.pem,
    password,
    friendlyName: username,
  });
  const file = join(dir, `${username}.p12`);
  writeFileSync(file, der, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above is only applied to a new file
  return { username, file, password };
}
