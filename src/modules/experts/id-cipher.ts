import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../platform/logger.js';

/** The key file under KEYS_DIR: 32 random bytes, hex, mode 0600; losing it makes stored ID numbers unreadable. */
export const EXPERT_ID_KEY_FILE = 'expert-id.key';
const VERSION = 'v1';

/**
 * Personal ID numbers at rest (个人信息保护法 Art.51: encryption of sensitive personal information):
 * AES-256-GCM with a fresh 12-byte IV per value, and a keyed hash (HMAC-SHA-256) as a blind index, so the same
 * person is found (import idempotency, uniqueness) without the clear number in any column. Both keys are
 * derived from one master key with HKDF, so neither use can stand in for the other.
 */
export class IdNumberCipher {
  private readonly encryptionKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the expert ID master key must be 32 bytes');
    const derive = (info: string) =>
      Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `yangguang/${info}`, 32));
    this.encryptionKey = derive('expert-id/aes-256-gcm');
    this.indexKey = derive('expert-id/hmac-index');
  }

  encrypt(clear: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [version, payload] = stored.split(':');
    if (version !== VERSION || !payload) throw new Error('unknown ID number ciphertext format');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** The blind index of a normalized ID number. */
  index(clear: string): string {
    return createHmac('sha256', this.indexKey).update(clear, 'utf8').digest('hex');
  }
}

/** Loads KEYS_DIR/expert-id.key, creating it (0600, written then renamed) on the first start. */
export function loadOrCreateIdNumberCipher(keysDir: string, log?: Logger): IdNumberCipher {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const path = join(keysDir, EXPERT_ID_KEY_FILE);
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
    log?.info({ path }, 'created the expert ID number key');
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    log?.warn({ path }, 'expert ID key file was readable by others; restricting it to mode 0600');
    chmodSync(path, 0o600);
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} must hold 64 hex characters`);
  return new IdNumberCipher(Buffer.from(hex, 'hex'));
}
