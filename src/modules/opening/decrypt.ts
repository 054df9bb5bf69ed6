import { createHash } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { Readable } from 'node:stream';
import { canonicalJson } from '../../../crypto/canonical-json.js';
import { nodeEngine } from '../../../crypto/node/engine.js';
import { pushFile, READ_BYTES, readFully } from '../../../crypto/node/read-file.js';
import {
  BidPackageError,
  BidPackageReader,
  SealedBidError,
  SealedBidReader,
  type BidManifest,
} from '../../../crypto/sealed-bid/index.js';
import type { BidFormField } from '../tenders/index.js';
import type { SubmittedBid } from './bid-source.js';
import { formProblems } from './form.js';
import type { Outcome } from './models.js';

export type Decryption =
  | { ok: true; manifest: BidManifest }
  | { ok: false; outcome: Exclude<Outcome, 'opened'>; reason: string; detail: string };

type OpenSealed = (sha256: string) => Promise<Readable>;

/** What decrypting a bid needs to know of it: its stored file and the header it was submitted with. */
export type SealedFile = Pick<SubmittedBid, 'ciphertextSha256' | 'headerJson' | 'size'>;

class HeaderMismatch extends Error {}

/**
 * A sealed-bid reader that decrypts with the content key. The chunk digests are not recomputed: every
 * chunk's GCM tag, bound to the header hash, its index and the final flag, already proves the body is the
 * one the bidder sealed, whole and in order, and the signed digest was checked when the file was uploaded.
 * Given `pkg`, a package reader that keeps only the manifest, every chunk is authenticated without being
 * decrypted and only the manifest's bytes are decrypted (the attachments' plaintext would be thrown away):
 * every tag is still checked, first.
 */
const decryptingReader = (
  bid: Pick<SubmittedBid, 'headerJson'>,
  key: Uint8Array,
  onPlaintext: (bytes: Uint8Array) => void | Promise<void>,
  pkg?: BidPackageReader,
) =>
  new SealedBidReader({
    engine: nodeEngine,
    verifyBodyDigest: false,
    onHeader: (header) => {
      if (canonicalJson(header) !== canonicalJson(JSON.parse(bid.headerJson))) throw new HeaderMismatch();
    },
    decrypt: {
      key,
      onPlaintext,
      partial: pkg && {
        plaintextWanted: () => pkg.manifestBytesWanted,
        onSkipped: (plaintextBytes) => pkg.skip(plaintextBytes),
      },
    },
  });

/**
 * Opens one sealed bid with its content key as a stream (one chunk held at a time): every chunk is
 * authenticated, those holding the package's manifest decrypted and read, the rest only counted against the
 * attachment sizes. Nothing but the manifest is kept: the package is decrypted again on demand for its
 * readers. Failures are classified by cause (EB Art.31): the right key failing on a
 * file that still is the one receipted is the bidder's (revoked); a stored file that is missing or no longer
 * the receipted one is the platform's (withdrawn). The opening runs decryptStoredFile in its workers
 * (decrypt-pool.ts); this is the path for blob stores without local files.
 */
export async function decryptBid(
  openSealed: OpenSealed,
  bid: SealedFile,
  key: Uint8Array,
  fields: BidFormField[],
): Promise<Decryption> {
  let sealed: Readable;
  try {
    sealed = await openSealed(bid.ciphertextSha256);
  } catch {
    return platformFault('BLOB_MISSING', 'the stored sealed file is missing');
  }
  const feed = async (reader: SealedBidReader) => {
    try {
      for await (const piece of sealed) await reader.push(piece as Uint8Array);
    } finally {
      sealed.destroy();
    }
  };
  return decryptFed(feed, () => storedFileIntact(openSealed, bid), bid, key, fields);
}

/**
 * decryptBid for a blob that is a local file, for a decrypt worker thread (its reads are synchronous, each
 * exactly what the reader needs next: pushFile).
 */
export async function decryptStoredFile(
  path: string,
  bid: SealedFile,
  key: Uint8Array,
  fields: BidFormField[],
): Promise<Decryption> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return platformFault('BLOB_MISSING', 'the stored sealed file is missing');
  }
  try {
    const feed = (reader: SealedBidReader) => pushFile(fd, reader);
    return await decryptFed(feed, async () => fileIntact(fd, bid), bid, key, fields);
  } finally {
    closeSync(fd);
  }
}

async function decryptFed(
  feed: (reader: SealedBidReader) => Promise<void>,
  intact: () => Promise<boolean>,
  bid: SealedFile,
  key: Uint8Array,
  fields: BidFormField[],
): Promise<Decryption> {
  const pkg = new BidPackageReader();
  const reader = decryptingReader(bid, key, (bytes) => pkg.push(bytes), pkg);
  let manifest: BidManifest;
  try {
    await feed(reader);
    await reader.end();
    manifest = pkg.end();
  } catch (err) {
    return classify(err, await intact());
  }
  const problems = formProblems(fields, manifest.form);
  if (problems.length > 0) return bidderFault('FORM_INVALID', problems.join('; '));
  return { ok: true, manifest };
}

/**
 * An opened bid's package, decrypted as it is read: each chunk's plaintext goes out only after its tag
 * checked. The stream fails (and the response is cut) if the stored file no longer authenticates.
 */
export function decryptedPackage(
  openSealed: OpenSealed,
  bid: Pick<SubmittedBid, 'ciphertextSha256' | 'headerJson'>,
  key: Uint8Array,
): Readable {
  async function* plaintext() {
    const out: Uint8Array[] = [];
    const reader = decryptingReader(bid, key, (bytes) => void out.push(bytes));
    try {
      for await (const piece of await openSealed(bid.ciphertextSha256)) {
        await reader.push(piece as Uint8Array);
        while (out.length > 0) yield out.shift()!;
      }
      await reader.end();
    } finally {
      key.fill(0);
    }
  }
  return Readable.from(plaintext(), { objectMode: false });
}

const bidderFault = (reason: string, detail: string): Decryption => ({
  ok: false,
  outcome: 'revoked',
  reason,
  detail,
});
const platformFault = (reason: string, detail: string): Decryption => ({
  ok: false,
  outcome: 'withdrawn',
  reason,
  detail,
});

function classify(err: unknown, intact: boolean): Decryption {
  if (!intact) return platformFault('BLOB_DAMAGED', 'the stored sealed file is not the one receipted');
  if (err instanceof BidPackageError) return bidderFault('PACKAGE_INVALID', err.message);
  if (err instanceof SealedBidError) return bidderFault('DECRYPT_FAILED', err.message);
  if (err instanceof HeaderMismatch) return platformFault('BLOB_DAMAGED', 'the stored header changed');
  throw err; // the platform's own trouble (disk, database): the job retries
}

/** Hashes the whole open file (from its start) against the receipt, as storedFileIntact does. */
function fileIntact(fd: number, bid: SealedFile): boolean {
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafeSlow(READ_BYTES);
    let size = 0;
    for (
      let n = readFully(fd, buffer, buffer.length, 0);
      n > 0;
      n = readFully(fd, buffer, buffer.length, size)
    ) {
      hash.update(buffer.subarray(0, n));
      size += n;
    }
    return size === bid.size && hash.digest('hex') === bid.ciphertextSha256;
  } catch {
    return false;
  }
}

/** Re-reads the stored file to tell a bidder's bad file from a damaged copy (only after a failure). */
async function storedFileIntact(open: OpenSealed, bid: SealedFile) {
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const piece of await open(bid.ciphertextSha256)) {
      hash.update(piece as Buffer);
      size += (piece as Buffer).length;
    }
    return size === bid.size && hash.digest('hex') === bid.ciphertextSha256;
  } catch {
    return false;
  }
}
