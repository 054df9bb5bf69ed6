import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BidPackageReader } from '../../../../crypto/sealed-bid/index.js';
import type { BidFile } from '../screens/index.js';
import type { AttachmentLimits } from './limits.js';
import { readMetadata } from './metadata.js';

/** An attachment as the bid's manifest lists it. */
export interface ListedAttachment {
  name: string;
  size: number;
  mediaType: string;
}

export interface ReadAttachments {
  files: BidFile[];
  /** What could not be read (a malformed PDF, say), for the log; the files are there all the same. */
  problems: string[];
}

/**
 * Reads a decrypted bid package as it streams: every attachment's SHA-256, and the metadata of those small
 * enough to hold (limits.maxMetadataBytes), one attachment at a time and in memory only — nothing decrypted
 * is written anywhere. A package that ends early or runs on is an error (the opening checked it already).
 */
export async function readAttachments(
  pkg: Readable,
  listed: readonly ListedAttachment[],
  limits: AttachmentLimits,
): Promise<ReadAttachments> {
  const files: BidFile[] = [];
  const problems: string[] = [];
  let hash: Hash = createHash('sha256');
  let held: Uint8Array[] | null = null;
  let received = 0;

  /** Attachment `index` is whole: its hash and metadata are taken, its bytes let go. */
  async function finish(index: number) {
    const attachment = listed[index]!;
    const bytes = held && Buffer.concat(held);
    held = null;
    const read = bytes ? await readMetadata(bytes, attachment, limits) : { metadata: {} };
    if ('problem' in read && read.problem) problems.push(`${attachment.name}: ${read.problem}`);
    files.push({
      index,
      name: attachment.name,
      size: attachment.size,
      sha256: hash.digest('hex'),
      metadata: read.metadata,
    });
  }
  /** Starts attachment files.length, finishing the empty ones on the way (they send no bytes). */
  async function next() {
    while (files.length < listed.length) {
      hash = createHash('sha256');
      received = 0;
      held = listed[files.length]!.size <= limits.maxMetadataBytes ? [] : null;
      if (listed[files.length]!.size > 0) return;
      await finish(files.length);
    }
  }

  await next();
  const reader = new BidPackageReader(async (index, bytes) => {
    if (index !== files.length) throw new Error(`attachment ${index} out of order`);
    hash.update(bytes);
    // The reader's pieces are views of the chunk in hand: a copy is kept.
    held?.push(Uint8Array.from(bytes));
    received += bytes.length;
    if (received === listed[index]!.size) {
      await finish(index);
      await next();
    }
  });
  try {
    for await (const chunk of pkg) await reader.push(chunk as Uint8Array);
    reader.end();
  } finally {
    pkg.destroy();
  }
  if (files.length !== listed.length) throw new Error('the bid package ended inside an attachment');
  return { files, problems };
}
