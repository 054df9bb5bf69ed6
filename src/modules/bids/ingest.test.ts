import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { canonicalJson, sealedBid } from '../../../crypto/index.js';
import { nodeEngine } from '../../../crypto/node/engine.js';
import { loadSealedBidVector } from '../../../crypto/sealed-bid/test-vectors/vectors.js';
import { AppError } from '../../platform/errors.js';
import { FileBlobStore } from '../../platform/storage/file-blob-store.js';
import { ingestSealedBid } from './ingest.js';
import { checkStoredBid } from './stored-check.js';

/*
 * The ingest's two ways of hashing, on the format's checked-in vector: inline (the upload's reader checks the
 * chunk digests and the staging writer hashes the file as it arrives: any store) and read back (checkStored,
 * as the server runs it where the store stages local files; here on this thread, the worker only moves it).
 * Both must store the same bytes under the same name and refuse the same altered bids.
 */

const vector = loadSealedBidVector();
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Layout {
  /** What one pass of the reader over the whole file finds (it checks the body digest). */
  summary: sealedBid.SealedBidSummary;
  /** Where the body starts (after the preamble and the header's canonical JSON) and its length. */
  bodyStart: number;
  bodyLength: number;
}

async function layoutOf(file: Uint8Array): Promise<Layout> {
  const reader = new sealedBid.SealedBidReader({ engine: nodeEngine });
  await reader.push(file);
  const summary = await reader.end();
  return {
    summary,
    bodyStart: sealedBid.PREAMBLE_BYTES + Buffer.byteLength(canonicalJson(summary.header)),
    bodyLength: sealedBid.bodyLength(summary.header),
  };
}

/** The file in pieces of `size` bytes, as a network would hand them over. */
const inPieces = (file: Uint8Array, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(file.length / size) }, (_, i) =>
      Buffer.from(file.subarray(i * size, (i + 1) * size)),
    ),
  );

const modes = {
  inline: undefined,
  'read back': checkStoredBid,
};

describe('sealed-bid ingest: inline and read-back hashing agree', () => {
  let layout: Layout;
  before(async () => (layout = await layoutOf(vector.file)));
  let dir: string;
  let store: FileBlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yg-ingest-'));
    store = new FileBlobStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const leftFiles = () =>
    readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  for (const [mode, checkStored] of Object.entries(modes)) {
    const ingest = (file: Uint8Array, pieceSize = 1000) =>
      ingestSealedBid(store, inPieces(file, pieceSize), {
        maxBytes: 1 << 20,
        onHeader: async () => undefined,
        checkStored,
      });

    it(`${mode}: stores the file under its SHA-256 and finds what one pass of the reader finds, whatever the pieces`, async () => {
      const expected = layout.summary;
      for (const pieceSize of [1, 7, 1000, vector.file.length]) {
        const { staged, summary } = await ingest(vector.file, pieceSize);
        assert.equal(staged.sha256, sha256(vector.file), `pieces of ${pieceSize}`);
        assert.equal(staged.size, vector.file.length);
        assert.deepEqual(summary.header, expected.header);
        assert.equal(summary.bodyDigest, expected.bodyDigest);
        assert.equal(summary.header.bidder.partyId, vector.bidder.partyId);
        await staged.commit();
      }
      assert.deepEqual(
        Buffer.concat(await (await store.open(sha256(vector.file))).toArray()),
        Buffer.from(vector.file),
      );
    });

    for (const [where, at] of [
      ['the first chunk', (l: Layout) => l.bodyStart + 3],
      ["the last chunk's tag", (l: Layout) => l.bodyStart + l.bodyLength - 1],
    ] as const) {
      it(`${mode}: refuses a byte changed in ${where} (the digest the bidder signed), and keeps nothing`, async () => {
        const altered = new Uint8Array(vector.file);
        altered[at(layout)]! ^= 0x01;
        const refusal = await ingest(altered).then(
          () => assert.fail('an altered bid was stored'),
          (err: unknown) => err,
        );
        assert.ok(refusal instanceof AppError);
        assert.equal(refusal.code, 'BID_MALFORMED');
        assert.equal((refusal.details as { reason: string }).reason, 'BODY_DIGEST_MISMATCH');
        assert.equal(leftFiles(), 0);
      });
    }
  }
});
