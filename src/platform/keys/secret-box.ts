import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';

/**
 * A 32-byte master key kept in a file under KEYS_DIR (hex, mode 0600), made on the first start. Modules
 * that encrypt data at rest (expert ID numbers, key material after an opening) each have their own file, so a
 * database dump alone decrypts nothing. link() fails when the file exists: of two processes starting at
 * once, one key wins and both read it (a rename would let the second overwrite the first's key).
 */
export function loadOrCreateMasterKey(keysDir: string, fileName: string, log?: Logger): Buffer {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const path = join(keysDir, fileName);
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, path);
      log?.info({ path }, 'created a key file');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(temp);
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) {
    log?.warn({ path }, 'key file was readable by others; restricting it to mode 0600');
    chmodSync(path, 0o600);
  }
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} must hold 64 hex characters`);
  return Buffer.from(hex, 'hex');
}

/** A purpose-bound key from a master key (HKDF-SHA-256), so no use of it can stand in for another. */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  if (masterKey.length !== 32) throw new Error('a master key must be 32 bytes');
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `yangguang/${purpose}`, 32));
}

/**
 * AES-256-GCM for small values at rest: a fresh 12-byte IV per value, stored as `<version>:base64(iv ‖ tag ‖
 * ciphertext)`. The context (associated data) binds a value to its row, so one copied elsewhere fails.
 */
export class SecretBox {
  constructor(
    private readonly key: Buffer,
    private readonly version: string,
  ) {}

  seal(clear: Uint8Array, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    if (context) cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(clear), cipher.final()]);
    return `${this.version}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(stored: string, context = ''): Buffer {
    const [version, payload] = stored.split(':');
    if (version !== this.version || !payload) throw new Error('unknown sealed value format');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    if (context) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }
}
