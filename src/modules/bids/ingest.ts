import type { Readable } from 'node:stream';
import { canonicalJson, sealedBid } from '../../../crypto/index.js';
import { nodeEngine } from '../../../crypto/node/engine.js';
import { AppError, unprocessable } from '../../platform/errors.js';
import {
  BlobEmptyError,
  BlobTooLargeError,
  type BlobStore,
  type StagedBlob,
} from '../../platform/storage/blob-store.js';
import { UploadPace, type IngestSlot } from './ingest-slots.js';
import type { StoredBidCheck, StoredBidTask } from './stored-check.js';

type Header = sealedBid.SealedBidHeader;

/**
 * Pieces of the upload are gathered up to this before they are written, in one writev: the network hands
 * over up to 64 KiB at a time (a chunked upload may come in tiny pieces), and each write is a trip through
 * libuv's few threads plus a promise on the main thread (the main thread's largest cost in the 200-upload
 * profile after hashing). The pieces are held, not copied; with uploads read a few at a time (IngestSlots)
 * that is a few MB in all.
 */
const GATHER_BYTES = 256 * 1024;

export const bidTooLarge = (maxBytes: number, detail?: string) =>
  new AppError(
    413,
    'BID_TOO_LARGE',
    `A sealed bid may be at most ${maxBytes / 2 ** 20} MiB${detail ? ` (${detail})` : ''}`,
    { maxBytes },
  );

/** The format's refusals in HTTP terms, with the reader's plain-words message (EB Art.26 for NOT_SEALED). */
export function fromSealedBidError(err: sealedBid.SealedBidError, maxBytes: number): AppError {
  switch (err.code) {
    case 'EMPTY':
      return unprocessable('BID_EMPTY', err.message);
    case 'NOT_SEALED':
      return unprocessable('BID_NOT_SEALED', err.message);
    case 'TOO_LARGE':
      return bidTooLarge(maxBytes, err.message);
    default:
      return unprocessable('BID_MALFORMED', err.message, { reason: err.code, info: err.details });
  }
}

/**
 * Bytes the whole file has at least, given its header: preamble, header, chunks with tags, trailer preamble.
 * The reader accepts only canonical headers, so canonicalJson gives back the header's exact bytes.
 */
export function minimumFileSize(header: Header, headerBytes: number): number {
  return (
    sealedBid.PREAMBLE_BYTES + headerBytes + sealedBid.bodyLength(header) + sealedBid.TRAILER_PREAMBLE_BYTES
  );
}

/**
 * Openability at receipt (issue 15; SPEC.md, format 2): with public data only, the custodians' PVSS keys are
 * signed by the certificates the tender froze for their positions and every encrypted share provably carries
 * its share of the committed secret, so any k of them can open the bid at the opening, whatever the bidder
 * does later. A bid that fails is refused before any body byte is stored. Format 1 carries nothing to check
 * and is accepted as before (its receipt says so).
 */
export async function assertOpenable(
  header: Header,
  custodians: { position: number; certificatePem: string | null }[],
): Promise<sealedBid.Openability> {
  const result = await sealedBid.checkOpenability(
    header,
    custodians.map((c) => ({ position: c.position, certificatePem: c.certificatePem ?? '' })),
  );
  if (!result.openable) {
    throw unprocessable(
      'BID_NOT_OPENABLE',
      "The bid's key shares do not provably open with this tender's key custodians; seal it again with the bid tool",
      { failures: result.failures },
    );
  }
  return result;
}

export interface Ingested {
  staged: StagedBlob;
  summary: sealedBid.SealedBidSummary;
}

/**
 * Reads an upload once, piece by piece, through the sealed-bid reader (structure, header, sizes, the signed
 * digest) and on into the blob store's staging (whole-file SHA-256, fsync): each piece is checked before it
 * is stored, and stored while the next one is checked. With checkStored, the hashing is done by reading the
 * staged file back on another thread, alongside its fsync. Nothing is held but those two pieces (no stream
 * layers buffering in between: with hundreds of uploads at once, each held piece is MBs of server memory).
 * The header goes to `onHeader` as soon as it is read, so a bid for the wrong tender is refused before its
 * body.
 */
export async function ingestSealedBid(
  blobs: BlobStore,
  body: Readable,
  opts: {
    maxBytes: number;
    onHeader: (header: Header) => Promise<void>;
    /** The upload's ingest slot (IngestSlots): released once the body is read, or early if the client is slow. */
    slot?: IngestSlot;
    /**
     * Where the store stages local files: the hashing (the whole file's SHA-256 and the chunk digests, the
     * event loop's largest cost) is left to this, which reads the staged file back on another thread.
     */
    checkStored?: (task: StoredBidTask) => Promise<StoredBidCheck>;
  },
): Promise<Ingested> {
  const { checkStored } = opts;
  const reader = new sealedBid.SealedBidReader({
    engine: nodeEngine,
    maxPlaintextSize: opts.maxBytes,
    verifyBodyDigest: !checkStored,
    onHeader: async (header) => {
      const declared = minimumFileSize(header, Buffer.byteLength(canonicalJson(header)));
      if (declared > opts.maxBytes) throw bidTooLarge(opts.maxBytes, `the header declares ${declared} bytes`);
      await opts.onHeader(header);
    },
  });
  const writer = await blobs.openStaging({
    maxBytes: opts.maxBytes,
    gatherBytes: GATHER_BYTES,
    hashStagedFile:
      checkStored &&
      (async (path) => {
        const checked = await checkStored({ path, maxBytes: opts.maxBytes });
        if (!checked.ok) throw new sealedBid.SealedBidError(checked.code, checked.message, checked.details);
        // The file holds the bytes this reader passed, trailer included: the digests cannot differ.
        if (checked.bodyDigest !== (await reader.end()).bodyDigest)
          throw new Error('The staged bid differs from the upload read');
        return checked.sha256;
      }),
  });
  let writing: Promise<void> = Promise.resolve();
  const pace = opts.slot ? new UploadPace(opts.slot) : null;
  // On a refusal the body is left as it is (not destroyed): the caller reads the rest off the wire so the
  // client gets the answer (withRequestBody).
  const pieces = body.iterator({ destroyOnReturn: false });
  try {
    for (;;) {
      pace?.waiting();
      const next = await pieces.next();
      pace?.arrived(next.done ? 0 : (next.value as Buffer).length);
      if (next.done) break;
      const bytes = next.value as Buffer;
      await reader.push(bytes);
      await writing;
      writing = writer.write(bytes);
      // Awaited with the next piece; until then its failure must not count as unhandled.
      writing.catch(() => undefined);
    }
    pace?.stop();
    // Read: the next upload may start while this one's last write and fsync are under way. Holding the slot
    // through the fsync left the event loop idle a quarter of the time in bench:bids (13 % slower).
    opts.slot?.release();
    await writing;
    const summary = await reader.end();
    return { staged: await writer.finish(), summary };
  } catch (err) {
    pace?.stop();
    await Promise.resolve(pieces.return?.()).catch(() => undefined); // stops listening to the body, as a for-await would
    await writing.catch(() => undefined); // the file is closed only once no write is in flight
    await writer.abort();
    if (err instanceof sealedBid.SealedBidError) throw fromSealedBidError(err, opts.maxBytes);
    if (err instanceof BlobTooLargeError) throw bidTooLarge(opts.maxBytes);
    if (err instanceof BlobEmptyError)
      throw unprocessable('BID_EMPTY', 'The upload is empty: no sealed bid was sent');
    throw err;
  }
}
