// node:crypto behind the sealed-bid engine interface: a true incremental SHA-256 (no chunk is held
// to be hashed) and AES-GCM without WebCrypto's per-call copies. Node only; the browser never
// imports this file.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { ChunkAuthenticationError, type CryptoEngine } from '../sealed-bid/engine.js';
import { TAG_BYTES } from '../sealed-bid/format.js';
import { GcmTagChecker, gcmPlaintextRange } from './gcm-partial.js';

export const nodeEngine: CryptoEngine = {
  async cipher(key) {
    const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
    let tags: GcmTagChecker | undefined;
    return {
      async encrypt(nonce, ad, plaintext) {
        const cipher = createCipheriv('aes-256-gcm', k, nonce, { authTagLength: TAG_BYTES });
        cipher.setAAD(ad);
        const head = cipher.update(plaintext);
        const tail = cipher.final();
        return Buffer.concat([head, tail, cipher.getAuthTag()]);
      },
      async decrypt(nonce, ad, sealed) {
        if (sealed.length < TAG_BYTES) throw new ChunkAuthenticationError();
        const split = sealed.length - TAG_BYTES;
        const decipher = createDecipheriv('aes-256-gcm', k, nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(ad);
        decipher.setAuthTag(sealed.subarray(split));
        const plaintext = decipher.update(sealed.subarray(0, split));
        let tail: Buffer;
        try {
          tail = decipher.final();
        } catch {
          throw new ChunkAuthenticationError();
        }
        // GCM is a stream mode: final() only checks the tag and returns nothing, so the update output is
        // handed on as it is, not copied into a new buffer.
        return tail.length === 0 ? plaintext : Buffer.concat([plaintext, tail]);
      },
      partial: {
        async authenticate(nonce, ad, sealed) {
          if (sealed.length < TAG_BYTES) throw new ChunkAuthenticationError();
          const split = sealed.length - TAG_BYTES;
          tags ??= new GcmTagChecker(k);
          if (!tags.verify(nonce, ad, sealed.subarray(0, split), sealed.subarray(split))) {
            throw new ChunkAuthenticationError();
          }
        },
        async plaintextRange(nonce, sealed, offset, length) {
          return gcmPlaintextRange(k, nonce, sealed.subarray(0, sealed.length - TAG_BYTES), offset, length);
        },
      },
    };
  },
  sha256() {
    const hash = createHash('sha256');
    return {
      update: (bytes) => void hash.update(bytes),
      digest: async () => hash.digest(),
    };
  },
};
