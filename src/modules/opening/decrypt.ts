import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { canonicalJson } from '../../../crypto/canonical-json.js';
import { nodeEngine } from '../../../crypto/node/engine.js';
import {
  BidPackageError,
  BidPackageReader,
  SealedBidError,
  SealedBidReader,
  type BidManifest,
} from '../../../crypto/sealed-bid/index.js';
import type { BlobStore, StagedBlob } from '../../platform/storage/blob-store.js';
import type { BidFormField } from '../tenders/models.js';
import type { SubmittedBid } from './bid-source.js';
import { formProblems } from './form.js';
import type { Outcome } from './models.js';

export type Decryption =
  | { ok: true; manifest: BidManifest; staged: StagedBlob }
  | { ok: false; outcome: Exclude<Outcome, 'opened'>; reason: string; detail: string };

class HeaderMismatch extends Error {}

/**
 * Decrypts one sealed bid with its content key as a stream: the stored file goes through the sealed-bid
 * reader (every GCM tag checked, in order, one chunk held at a time), the plaintext package through the
 * package reader (manifest and attachments) and into the blob store. Failures are classified by cause
 * (EB Art.31): the right key failing on a file that still is the one receipted is the bidder's (revoked);
 * a stored file that is missing or no longer the receipted one is the platform's (withdrawn).
 */
export async function decryptBid(
  blobs: BlobStore,
  openSealed: (sha256: string) => Promise<Readable>,
  bid: SubmittedBid,
  key: Uint8Array,
  fields: BidFormField[],
): Promise<Decryption> {
  let sealed: Readable;
  try {
    sealed = await openSealed(bid.ciphertextSha256);
  } catch {
    return platformFault('BLOB_MISSING', 'the stored sealed file is missing');
  }
  const plain = new PassThrough({ highWaterMark: 4 << 20 });
  const staging = blobs.stage(plain, { maxBytes: Number.MAX_SAFE_INTEGER });
  staging.catch(() => undefined); // awaited below; a failed decryption ends it on purpose
  const pkg = new BidPackageReader();
  const reader = new SealedBidReader({
    engine: nodeEngine,
    onHeader: (header) => {
      if (canonicalJson(header) !== canonicalJson(JSON.parse(bid.headerJson))) throw new HeaderMismatch();
    },
    decrypt: {
      key,
      onPlaintext: async (bytes) => {
        await pkg.push(bytes);
        if (!plain.write(bytes)) await once(plain, 'drain');
      },
    },
  });
  let manifest: BidManifest;
  try {
    for await (const piece of sealed) await reader.push(piece as Uint8Array);
    await reader.end();
    manifest = pkg.end();
    plain.end();
  } catch (err) {
    sealed.destroy();
    plain.destroy(err as Error);
    return classify(err, await storedFileIntact(openSealed, bid));
  }
  const staged = await staging;
  const problems = formProblems(fields, manifest.form);
  if (problems.length > 0) {
    await staged.discard();
    return bidderFault('FORM_INVALID', problems.join('; '));
  }
  return { ok: true, manifest, staged };
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

/** Re-reads the stored file to tell a bidder's bad file from a damaged copy (only after a failure). */
async function storedFileIntact(open: (sha256: string) => Promise<Readable>, bid: SubmittedBid) {
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
