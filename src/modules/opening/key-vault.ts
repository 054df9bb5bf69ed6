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
import type { Logger } from '../../platform/logger.js';

/** The key file under KEYS_DIR: 32 random bytes, hex, mode 0600. Without it opened bids cannot be read again. */
export const OPENING_KEY_FILE = 'opening-keys.key';
const VERSION = 'o1';

/**
 * Key material held after the deadline (released shares, bidders' own keys, the content key of each opened
 * bid), encrypted at rest under a platform key kept in a file, not in the database: a database dump alone
 * neither rebuilds a content key nor opens a bid. AES-256-GCM with a fresh IV, and the bid id (and what the
 * value is) as associated data, so a value copied onto another row does not decrypt.
 */
export class KeyVault {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the opening key must be 32 bytes');
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'yangguang/opening-keys', 32));
  }

  seal(context: string, clear: Uint8Array): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(clear), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(context: string, stored: string): Uint8Array {
    const [version, payload] = stored.split(':');
    if (version !== VERSION || !payload) throw new Error('unknown sealed key format');
    const raw = Buffer.from(payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
  }
}

/** What each sealed value is bound to. */
export const vaultContext = {
  share: (bidId: string, version: number, position: number) => `share:${bidId}:${version}:${position}`,
  bidderKey: (bidId: string, version: number) => `bidder-key:${bidId}:${version}`,
  contentKey: (bidId: string, version: number) => `content-key:${bidId}:${version}`,
};

/** Loads KEYS_DIR/opening-keys.key, creating it (0600, written then renamed) on the first start. */
export function loadOrCreateKeyVault(keysDir: string, log?: Logger): KeyVault {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const path = join(keysDir, OPENING_KEY_FILE);
  if (!existsSync(path)) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    // link() fails if the file exists: of two processes starting at once, one key wins and both read it.
    try {
      linkSync(temp, path);
      log?.info({ path }, 'created the opening key file');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(temp);
    }
  }
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${path} must hold 64 hex characters`);
  return new KeyVault(Buffer.from(hex, 'hex'));
}
