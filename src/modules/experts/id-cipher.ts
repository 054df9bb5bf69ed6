import { createHmac } from 'node:crypto';
import type { Logger } from '../../platform/logger.js';
import { deriveKey, loadOrCreateMasterKey, SecretBox } from '../../platform/keys/secret-box.js';

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
  private readonly box: SecretBox;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    this.box = new SecretBox(deriveKey(masterKey, 'expert-id/aes-256-gcm'), VERSION);
    this.indexKey = deriveKey(masterKey, 'expert-id/hmac-index');
  }

  encrypt(clear: string): string {
    return this.box.seal(Buffer.from(clear, 'utf8'));
  }

  decrypt(stored: string): string {
    return this.box.open(stored).toString('utf8');
  }

  /** The blind index of a normalized ID number. */
  index(clear: string): string {
    return createHmac('sha256', this.indexKey).update(clear, 'utf8').digest('hex');
  }
}

/** Loads KEYS_DIR/expert-id.key, creating it (0600) on the first start. */
export function loadOrCreateIdNumberCipher(keysDir: string, log?: Logger): IdNumberCipher {
  return new IdNumberCipher(loadOrCreateMasterKey(keysDir, EXPERT_ID_KEY_FILE, log));
}
