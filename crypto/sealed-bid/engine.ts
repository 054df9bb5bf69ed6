// The primitives the format runs on, behind one small interface: WebCrypto by default (the browser,
// and Node too), or node:crypto through crypto/node/engine.ts where streaming speed matters.
import { asBufferSource } from '../encoding.js';

/** AES-256-GCM under one content key. Output and input of the sealed side are ciphertext ‖ tag. */
export interface ChunkCipher {
  encrypt(nonce: Uint8Array, ad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  /** Throws ChunkAuthenticationError when the tag does not verify. */
  decrypt(nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
  /**
   * For a reader that needs little or none of a chunk's plaintext (the opening keeps the package's manifest):
   * the tag checked without decrypting (throws ChunkAuthenticationError as decrypt does), then only the
   * plaintext bytes [offset, offset + length) decrypted. Engines without it decrypt whole chunks.
   */
  partial?: {
    authenticate(nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Promise<void>;
    /** Of a chunk authenticated already. */
    plaintextRange(
      nonce: Uint8Array,
      sealed: Uint8Array,
      offset: number,
      length: number,
    ): Promise<Uint8Array>;
  };
}

export interface IncrementalHash {
  update(bytes: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

export interface CryptoEngine {
  cipher(key: Uint8Array): Promise<ChunkCipher>;
  sha256(): IncrementalHash;
}

export class ChunkAuthenticationError extends Error {
  constructor() {
    super('A chunk failed authentication: wrong key, or the file was altered');
    this.name = 'ChunkAuthenticationError';
  }
}

const subtle = () => globalThis.crypto.subtle;

/**
 * WebCrypto has no incremental digest, so the hash collects its parts and digests once. The format
 * only ever hashes one chunk at a time this way, which bounds what is held.
 */
class CollectingSha256 implements IncrementalHash {
  private parts: Uint8Array[] = [];
  private length = 0;
  update(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.length += bytes.length;
  }
  async digest(): Promise<Uint8Array> {
    const all = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      all.set(part, at);
      at += part.length;
    }
    this.parts = [];
    return new Uint8Array(await subtle().digest('SHA-256', all));
  }
}

export const webCryptoEngine: CryptoEngine = {
  async cipher(key) {
    const cryptoKey = await subtle().importKey('raw', asBufferSource(key), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ]);
    const params = (nonce: Uint8Array, ad: Uint8Array) => ({
      name: 'AES-GCM',
      iv: asBufferSource(nonce),
      additionalData: asBufferSource(ad),
      tagLength: 128,
    });
    return {
      async encrypt(nonce, ad, plaintext) {
        return new Uint8Array(
          await subtle().encrypt(params(nonce, ad), cryptoKey, asBufferSource(plaintext)),
        );
      },
      async decrypt(nonce, ad, sealed) {
        try {
          return new Uint8Array(await subtle().decrypt(params(nonce, ad), cryptoKey, asBufferSource(sealed)));
        } catch {
          throw new ChunkAuthenticationError();
        }
      },
    };
  },
  sha256: () => new CollectingSha256(),
};
