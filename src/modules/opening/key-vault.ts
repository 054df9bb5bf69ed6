import type { Logger } from '../../platform/logger.js';
import { deriveKey, loadOrCreateMasterKey, SecretBox } from '../../platform/keys/secret-box.js';

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
  private readonly box: SecretBox;

  constructor(masterKey: Buffer) {
    this.box = new SecretBox(deriveKey(masterKey, 'opening-keys'), VERSION);
  }

  seal(context: string, clear: Uint8Array): string {
    return this.box.seal(clear, context);
  }

  open(context: string, stored: string): Uint8Array {
    return new Uint8Array(this.box.open(stored, context));
  }
}

/** What each sealed value is bound to. */
export const vaultContext = {
  share: (bidId: string, version: number, position: number) => `share:${bidId}:${version}:${position}`,
  bidderKey: (bidId: string, version: number) => `bidder-key:${bidId}:${version}`,
  contentKey: (bidId: string, version: number) => `content-key:${bidId}:${version}`,
};

/** Loads KEYS_DIR/opening-keys.key, creating it (0600) on the first start. */
export function loadOrCreateKeyVault(keysDir: string, log?: Logger): KeyVault {
  return new KeyVault(loadOrCreateMasterKey(keysDir, OPENING_KEY_FILE, log));
}
