import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { canonicalJson, sealedBid } from '../../../crypto/index.js';
import { nodeEngine } from '../../../crypto/node/engine.js';
import { AppError, unprocessable } from '../../platform/errors.js';
import {
  BlobEmptyError,
  BlobTooLargeError,
  type BlobStore,
  type StagedBlob,
} from '../../platform/storage/blob-store.js';

type Header = sealedBid.SealedBidHeader;

/**
 * Pieces of the upload at least this large go on to the store as they arrived; smaller ones are gathered up to
 * this size first. The network hands over pieces of up to 64 KiB: gathering those into larger writes would copy
 * nearly every byte once more (as costly as hashing it) and hold that much more per upload, while a write per
 * tiny piece would queue thousands of small writes on libuv's few threads with hundreds of uploads at once.
 */
const WRITE_BYTES = 32 * 1024;

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
 * Streams an upload at once through the sealed-bid reader (structure, header, sizes, the signed digest) and
 * into the blob store's staging (whole-file SHA-256, fsync). Nothing is held but the chunk in flight. The
 * header goes to `onHeader` as soon as it is read, so a bid for the wrong tender is refused before its body.
 */
export async function ingestSealedBid(
  blobs: BlobStore,
  body: Readable,
  opts: { maxBytes: number; onHeader: (header: Header) => Promise<void> },
): Promise<Ingested> {
  const reader = new sealedBid.SealedBidReader({
    engine: nodeEngine,
    maxPlaintextSize: opts.maxBytes,
    onHeader: async (header) => {
      const declared = minimumFileSize(header, Buffer.byteLength(canonicalJson(header)));
      if (declared > opts.maxBytes) throw bidTooLarge(opts.maxBytes, `the header declares ${declared} bytes`);
      await opts.onHeader(header);
    },
  });
  let summary: sealedBid.SealedBidSummary | undefined;
  // Checked bytes go on to the store in pieces of at least WRITE_BYTES (see there), never reordered.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const release = (inspector: Transform) => {
    if (pendingBytes > 0) inspector.push(pending.length === 1 ? pending[0] : Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  const inspector = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      reader.push(chunk).then(() => {
        if (chunk.length >= WRITE_BYTES) {
          release(this); // what was gathered goes first, in order
          this.push(chunk);
        } else {
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= WRITE_BYTES) release(this);
        }
        done();
      }, done);
    },
    flush(done: TransformCallback) {
      reader.end().then((s) => {
        summary = s;
        release(this);
        done();
      }, done);
    },
  });
  // A refusal can come before the store starts reading; it then reaches the store through the stream's
  // state, and must not go unhandled meanwhile.
  inspector.on('error', () => undefined);
  body.on('error', (err) => inspector.destroy(err));
  body.pipe(inspector);
  try {
    const staged = await blobs.stage(inspector, { maxBytes: opts.maxBytes });
    return { staged, summary: summary! };
  } catch (err) {
    body.unpipe(inspector);
    if (err instanceof sealedBid.SealedBidError) throw fromSealedBidError(err, opts.maxBytes);
    if (err instanceof BlobTooLargeError) throw bidTooLarge(opts.maxBytes);
    if (err instanceof BlobEmptyError)
      throw unprocessable('BID_EMPTY', 'The upload is empty: no sealed bid was sent');
    throw err;
  }
}
