// Reads a sealed-bid file as it streams in, holding at most one chunk (and only when decrypting).
// Without a key it checks everything that can be checked without one: the structure, the header,
// the sizes, and the ciphertext digest the bidder signed. With the key it also authenticates and
// decrypts every chunk (or, for a reader that wants only part of the plaintext, authenticates every chunk
// and decrypts that part). Either way a file that is truncated, reordered, spliced or padded fails.
import { canonicalJson } from '../canonical-json.js';
import { concatBytes, fromHex, toHex } from '../encoding.js';
import {
  webCryptoEngine,
  ChunkAuthenticationError,
  type ChunkCipher,
  type CryptoEngine,
  type IncrementalHash,
} from './engine.js';
import { SealedBidError } from './errors.js';
import {
  FILE_MAGIC,
  SUPPORTED_VERSIONS,
  MAX_CHUNKS,
  MAX_HEADER_BYTES,
  MAX_TRAILER_BYTES,
  PREAMBLE_BYTES,
  TAG_BYTES,
  TRAILER_MAGIC,
  TRAILER_PREAMBLE_BYTES,
  chunkAdditionalData,
  chunkCount,
  chunkNonce,
  chunkPlainLength,
  sealedBidHeaderSchema,
  trailerSchema,
  type SealedBidHeader,
} from './format.js';

export interface ReaderOptions {
  engine?: CryptoEngine;
  /** Refuse headers that declare more plaintext than this, before any body byte is read. */
  maxPlaintextSize?: number;
  /** Called once the header is read; throw from it to stop early (e.g. a bid for another tender). */
  onHeader?: (header: SealedBidHeader) => void | Promise<void>;
  /** With the content key, every chunk is authenticated and its plaintext handed on in order. */
  decrypt?: {
    key: Uint8Array;
    onPlaintext: (bytes: Uint8Array, index: number) => void | Promise<void>;
    /**
     * For a reader that needs little of the plaintext (the opening keeps the package's manifest, not the
     * attachments): asked before each piece of a chunk is decrypted, how many bytes of plaintext it wants
     * next. Where the engine can (node's), each chunk is authenticated first without decrypting it (its tag
     * checked several times faster than a decryption), then only the wanted bytes are decrypted and handed
     * to onPlaintext; the length of the rest goes to onSkipped. Other engines decrypt whole chunks.
     */
    partial?: {
      plaintextWanted: () => number;
      onSkipped: (plaintextBytes: number, index: number) => void | Promise<void>;
    };
  };
  /**
   * Recompute the chunk digests and check them against the trailer's signed bodyDigest (default true). Off,
   * the summary's bodyDigest is the trailer's, unchecked: only for a caller that proves the body another
   * way. A decrypting reader does: each chunk's GCM tag (bound to the header hash, the chunk index and the
   * final flag) proves the body is the bidder's, whole and in order, and the digest and signature were
   * checked at upload. The upload does: it reads the stored file again, digest on, off its event loop.
   */
  verifyBodyDigest?: boolean;
}

export interface SealedBidSummary {
  header: SealedBidHeader;
  headerSha256: string;
  bodyDigest: string;
  signature: string;
  /** Bytes in the whole file. */
  size: number;
}

type Phase = 'preamble' | 'header' | 'body' | 'trailer-preamble' | 'trailer' | 'done';

export class SealedBidReader {
  private readonly engine: CryptoEngine;
  private phase: Phase = 'preamble';
  private held: Uint8Array[] = [];
  private heldLength = 0;
  private need = PREAMBLE_BYTES;
  private size = 0;
  private header?: SealedBidHeader;
  private headerSha256: Uint8Array = new Uint8Array(0);
  private version = 0;
  private cipher?: ChunkCipher;
  private chunks = 0;
  private chunkIndex = 0;
  private chunkHash?: IncrementalHash;
  private bodyDigest?: IncrementalHash;
  private summary?: SealedBidSummary;

  private readonly verifyDigest: boolean;

  constructor(private readonly options: ReaderOptions = {}) {
    this.engine = options.engine ?? webCryptoEngine;
    this.verifyDigest = options.verifyBodyDigest !== false;
  }

  /**
   * Bytes still needed to finish the current part (preamble, header, chunk, trailer preamble, trailer); 0
   * once the trailer is read. A caller that can read at will (a file) and pushes exactly this many at a
   * time hands every chunk over whole, so nothing is gathered or copied, and may reuse its read buffer:
   * a part that arrives whole is done with by the time push() resolves.
   */
  get wanted(): number {
    if (this.phase === 'done') return 0;
    return this.phase === 'body' && !this.options.decrypt ? this.need : this.need - this.heldLength;
  }

  async push(bytes: Uint8Array): Promise<void> {
    this.size += bytes.length;
    let at = 0;
    while (at < bytes.length) {
      if (this.phase === 'done') {
        throw new SealedBidError('TRAILING_DATA', 'There are bytes after the end of the sealed bid');
      }
      // The body is hashed as it passes when nothing needs the whole chunk at once.
      if (this.phase === 'body' && !this.options.decrypt) {
        const take = Math.min(this.need, bytes.length - at);
        this.chunkHash?.update(bytes.subarray(at, at + take));
        this.need -= take;
        at += take;
        if (this.need === 0) await this.chunkDone(undefined);
        continue;
      }
      const take = Math.min(this.need - this.heldLength, bytes.length - at);
      this.held.push(bytes.subarray(at, at + take));
      this.heldLength += take;
      at += take;
      if (this.phase === 'preamble' && this.heldLength >= FILE_MAGIC.length) this.checkMagic();
      if (this.heldLength === this.need) await this.step(this.release());
    }
  }

  async end(): Promise<SealedBidSummary> {
    if (this.size === 0) throw new SealedBidError('EMPTY', 'The upload is empty: no sealed bid was sent');
    if (!this.summary) {
      throw new SealedBidError(
        'TRUNCATED',
        `The sealed bid ends early (in its ${this.phase}) after ${this.size} bytes`,
      );
    }
    return { ...this.summary, size: this.size };
  }

  private release(): Uint8Array {
    const out =
      this.held.length === 1 ? (this.held[0] as Uint8Array) : concatBytes(this.held, this.heldLength);
    this.held = [];
    this.heldLength = 0;
    return out;
  }

  private checkMagic(): void {
    const first =
      this.held.length === 1 ? (this.held[0] as Uint8Array) : concatBytes(this.held, this.heldLength);
    if (!FILE_MAGIC.every((b, i) => first[i] === b)) {
      throw new SealedBidError(
        'NOT_SEALED',
        'This file is not a sealed bid. Bids must be encrypted with the bidder tool before upload (EB Art.26)',
      );
    }
  }

  private async step(bytes: Uint8Array): Promise<void> {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    switch (this.phase) {
      case 'preamble': {
        if (!SUPPORTED_VERSIONS.includes(bytes[4] as number)) {
          throw new SealedBidError(
            'UNSUPPORTED_VERSION',
            `Sealed-bid format version ${bytes[4]} is not supported`,
          );
        }
        this.version = bytes[4] as number;
        const length = view.getUint32(5);
        if (length === 0 || length > MAX_HEADER_BYTES) {
          throw new SealedBidError('HEADER_INVALID', `A header of ${length} bytes is out of bounds`);
        }
        return this.expect('header', length);
      }
      case 'header':
        return this.readHeader(bytes);
      case 'body':
        return this.chunkDone(bytes);
      case 'trailer-preamble': {
        if (!TRAILER_MAGIC.every((b, i) => bytes[i] === b)) {
          throw new SealedBidError(
            'TRAILER_INVALID',
            'The body is longer than its header declares, or the trailer is missing',
          );
        }
        const length = view.getUint32(4);
        if (length === 0 || length > MAX_TRAILER_BYTES) {
          throw new SealedBidError('TRAILER_INVALID', `A trailer of ${length} bytes is out of bounds`);
        }
        return this.expect('trailer', length);
      }
      case 'trailer':
        return this.readTrailer(bytes);
      case 'done':
        return;
    }
  }

  private expect(phase: Phase, need: number): void {
    this.phase = phase;
    this.need = need;
  }

  private async readHeader(bytes: Uint8Array): Promise<void> {
    const header = parseCanonical(bytes, sealedBidHeaderSchema, 'HEADER_INVALID', 'header');
    if (header.version !== this.version) {
      throw new SealedBidError('HEADER_INVALID', 'The header names another format version than the file');
    }
    const shares: { position: number }[] = header.custodians.shares;
    if (
      new Set(shares.map((s) => s.position)).size !== shares.length ||
      header.custodians.threshold > shares.length
    ) {
      throw new SealedBidError('HEADER_INVALID', 'The custodian shares do not form a valid k-of-n split');
    }
    const max = this.options.maxPlaintextSize;
    if (max !== undefined && header.plaintextSize > max) {
      throw new SealedBidError(
        'TOO_LARGE',
        `The bid declares ${header.plaintextSize} bytes; the limit is ${max}`,
        {
          limit: max,
        },
      );
    }
    this.chunks = chunkCount(header.plaintextSize, header.chunkSize);
    if (this.chunks > MAX_CHUNKS)
      throw new SealedBidError('TOO_LARGE', 'The bid has more chunks than the format allows');
    const hash = this.engine.sha256();
    hash.update(bytes);
    this.headerSha256 = await hash.digest();
    this.header = header;
    if (this.verifyDigest) this.bodyDigest = this.engine.sha256();
    if (this.options.decrypt) this.cipher = await this.engine.cipher(this.options.decrypt.key);
    await this.options.onHeader?.(header);
    this.startChunk();
  }

  private startChunk(): void {
    const header = this.header as SealedBidHeader;
    if (this.verifyDigest) this.chunkHash = this.engine.sha256();
    this.expect('body', chunkPlainLength(header, this.chunkIndex) + TAG_BYTES);
  }

  private async chunkDone(sealed: Uint8Array | undefined): Promise<void> {
    const index = this.chunkIndex;
    const final = index === this.chunks - 1;
    if (sealed) {
      this.chunkHash?.update(sealed);
      const header = this.header as SealedBidHeader;
      const nonce = chunkNonce(fromHex(header.noncePrefix), index);
      const ad = chunkAdditionalData(this.headerSha256, index, final, this.version);
      if (this.options.decrypt?.partial && this.cipher?.partial) await this.openInPart(nonce, ad, sealed);
      else await this.open(nonce, ad, sealed);
    }
    if (this.chunkHash) this.bodyDigest?.update(await this.chunkHash.digest());
    this.chunkIndex++;
    if (final) this.expect('trailer-preamble', TRAILER_PREAMBLE_BYTES);
    else this.startChunk();
  }

  /** Decrypts the chunk whole and hands its plaintext on (or its length, to a partial reader done with it). */
  private async open(nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Promise<void> {
    const { onPlaintext, partial } = this.options.decrypt!;
    const plaintext = await this.authenticated(() => this.cipher!.decrypt(nonce, ad, sealed));
    if (partial && partial.plaintextWanted() === 0)
      await partial.onSkipped(plaintext.length, this.chunkIndex);
    else await onPlaintext(plaintext, this.chunkIndex);
  }

  /** Authenticates the chunk without decrypting it, then decrypts only what the reader asks for. */
  private async openInPart(nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Promise<void> {
    const { onPlaintext, partial } = this.options.decrypt!;
    const engine = this.cipher!.partial!;
    await this.authenticated(() => engine.authenticate(nonce, ad, sealed));
    const length = sealed.length - TAG_BYTES;
    let at = 0;
    for (let want = partial!.plaintextWanted(); want > 0 && at < length; want = partial!.plaintextWanted()) {
      const take = Math.min(want, length - at);
      await onPlaintext(await engine.plaintextRange(nonce, sealed, at, take), this.chunkIndex);
      at += take;
    }
    if (at < length) await partial!.onSkipped(length - at, this.chunkIndex);
  }

  private async authenticated<T>(check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ChunkAuthenticationError)) throw error;
      throw new SealedBidError(
        'CHUNK_AUTH_FAILED',
        `Chunk ${this.chunkIndex} failed authentication: wrong key or altered data`,
        { chunk: this.chunkIndex },
      );
    }
  }

  private async readTrailer(bytes: Uint8Array): Promise<void> {
    const trailer = parseCanonical(bytes, trailerSchema, 'TRAILER_INVALID', 'trailer');
    const computed = this.bodyDigest ? toHex(await this.bodyDigest.digest()) : trailer.bodyDigest;
    if (computed !== trailer.bodyDigest) {
      throw new SealedBidError(
        'BODY_DIGEST_MISMATCH',
        'The ciphertext does not match the digest the bidder signed: chunks were altered, swapped or replaced',
      );
    }
    this.phase = 'done';
    this.need = 0;
    this.summary = {
      header: this.header as SealedBidHeader,
      headerSha256: toHex(this.headerSha256),
      bodyDigest: computed,
      signature: trailer.signature,
      size: this.size,
    };
  }
}

interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } };
}

/** JSON that must be canonical, so no two readers can see different values (duplicate keys, say). */
function parseCanonical<T>(
  bytes: Uint8Array,
  schema: Schema<T>,
  code: 'HEADER_INVALID' | 'TRAILER_INVALID',
  what: string,
): T {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw new SealedBidError(code, `The sealed bid's ${what} is not valid UTF-8 JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SealedBidError(
      code,
      `The sealed bid's ${what} does not follow the sealed-bid format`,
      parsed.error.issues,
    );
  }
  if (canonicalJson(value) !== text) {
    throw new SealedBidError(code, `The sealed bid's ${what} is not in canonical JSON form`);
  }
  return parsed.data;
}
