// The plaintext inside a sealed bid: the structured bid form and the attachments, in one stream.
//   "YGBP" ‖ version (1) ‖ manifest length (u32 BE) ‖ manifest (canonical JSON) ‖ attachment bytes
// Attachments follow one another in manifest order; their sizes in the manifest say where each ends.
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.js';
import { concatBytes, utf8 } from '../encoding.js';
import type { ByteSource } from './rechunk.js';

export const PACKAGE_MAGIC = utf8('YGBP');
export const PACKAGE_VERSION = 1;
const PACKAGE_PREAMBLE = 9;
const MAX_MANIFEST_BYTES = 1 << 20;

export const bidManifestSchema = z.strictObject({
  /** Field key → value; money in integer fen. The tender's bid form says which keys it expects. */
  form: z.record(z.string().min(1).max(64), z.union([z.string().max(20_000), z.number().int().safe()])),
  attachments: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(255),
        size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        mediaType: z.string().min(1).max(127),
      }),
    )
    .max(1000),
});
export type BidManifest = z.infer<typeof bidManifestSchema>;

export function bidPackageHead(manifest: BidManifest): Uint8Array<ArrayBuffer> {
  const json = utf8(canonicalJson(bidManifestSchema.parse(manifest)));
  const head = new Uint8Array(PACKAGE_PREAMBLE + json.length);
  head.set(PACKAGE_MAGIC, 0);
  head[4] = PACKAGE_VERSION;
  new DataView(head.buffer).setUint32(5, json.length);
  head.set(json, PACKAGE_PREAMBLE);
  return head;
}

export function bidPackageSize(manifest: BidManifest): number {
  return bidPackageHead(manifest).length + manifest.attachments.reduce((sum, a) => sum + a.size, 0);
}

/** The package as a byte stream: the head, then each attachment's bytes from its source. */
export async function* bidPackage(
  manifest: BidManifest,
  attachments: ByteSource[],
): AsyncGenerator<Uint8Array> {
  if (attachments.length !== manifest.attachments.length) {
    throw new RangeError('One source per attachment in the manifest is needed');
  }
  yield bidPackageHead(manifest);
  for (const source of attachments) yield* source;
}

export class BidPackageError extends Error {
  override name = 'BidPackageError';
}

/** Reads a package as it is decrypted, without holding any attachment. */
export class BidPackageReader {
  private head: Uint8Array[] = [];
  private headLength = 0;
  private needHead = PACKAGE_PREAMBLE;
  private manifest?: BidManifest;
  private attachment = 0;
  private remaining = 0;

  constructor(
    private readonly onAttachmentData: (index: number, bytes: Uint8Array) => void | Promise<void> = () => {},
  ) {}

  async push(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      if (!this.manifest) {
        const take = Math.min(this.needHead - this.headLength, bytes.length - at);
        this.head.push(bytes.subarray(at, at + take));
        this.headLength += take;
        at += take;
        if (this.headLength === this.needHead) this.readHead();
        continue;
      }
      const take = this.attachmentBytes(bytes.length - at);
      await this.onAttachmentData(this.attachment - 1, bytes.subarray(at, at + take));
      this.remaining -= take;
      at += take;
    }
  }

  /**
   * Bytes still needed to read the manifest (the preamble's first, then the manifest's own); 0 once it is
   * read, when a reader with no use for the attachments may skip them.
   */
  get manifestBytesWanted(): number {
    return this.manifest ? 0 : this.needHead - this.headLength;
  }

  /**
   * Counts `length` bytes of attachments as arrived without their content, for a reader that keeps only the
   * manifest (the opening: chunks past it are authenticated, not decrypted). The sizes are checked as push
   * checks them; onAttachmentData is not called.
   */
  skip(length: number): void {
    if (!this.manifest) throw new Error('The manifest must be read before attachment bytes are skipped');
    for (let left = length; left > 0;) {
      const take = this.attachmentBytes(left);
      this.remaining -= take;
      left -= take;
    }
  }

  /** Of `available` bytes, how many belong to the current attachment (moving on to the next when one ends). */
  private attachmentBytes(available: number): number {
    const attachments = this.manifest!.attachments;
    while (this.remaining === 0 && this.attachment < attachments.length) this.nextAttachment();
    if (this.remaining === 0)
      throw new BidPackageError('The bid package has bytes after its last attachment');
    return Math.min(this.remaining, available);
  }

  /** The manifest, once every attachment has arrived whole. */
  end(): BidManifest {
    if (!this.manifest) throw new BidPackageError('The bid package ends before its manifest');
    while (this.remaining === 0 && this.attachment < this.manifest.attachments.length) this.nextAttachment();
    if (this.remaining > 0) throw new BidPackageError('The bid package ends inside an attachment');
    return this.manifest;
  }

  private nextAttachment(): void {
    const entry = this.manifest?.attachments[this.attachment];
    this.attachment++;
    this.remaining = entry?.size ?? 0;
  }

  private readHead(): void {
    const bytes = concatBytes(this.head, this.headLength);
    if (this.needHead === PACKAGE_PREAMBLE) {
      if (!PACKAGE_MAGIC.every((b, i) => bytes[i] === b) || bytes[4] !== PACKAGE_VERSION) {
        throw new BidPackageError('The decrypted bid is not a version 1 bid package');
      }
      const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(5);
      if (length === 0 || length > MAX_MANIFEST_BYTES)
        throw new BidPackageError('The bid manifest size is out of bounds');
      this.needHead = PACKAGE_PREAMBLE + length;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PACKAGE_PREAMBLE)));
    } catch {
      throw new BidPackageError('The bid manifest is not valid UTF-8 JSON');
    }
    const parsed = bidManifestSchema.safeParse(value);
    if (!parsed.success) throw new BidPackageError('The bid manifest does not follow version 1');
    this.manifest = parsed.data;
    this.head = [];
  }
}
