import { Readable } from 'node:stream';
import { AppError, unprocessable } from '../../../platform/errors.js';
import {
  BlobEmptyError,
  BlobTooLargeError,
  type BlobStore,
  type StagedBlob,
} from '../../../platform/storage/blob-store.js';

/** The largest evidence file: scans and photos of documents, not video. */
export const EVIDENCE_MAX_BYTES = 20 * 2 ** 20;

/**
 * The kinds of evidence accepted, each with the bytes its files begin with: the declared type alone is the
 * client's word, and an HTML file sent as a PDF would be served back to the tenderee and supervisors.
 * OFD (GB/T 33190, China's fixed-layout format) is a ZIP package.
 */
const EVIDENCE_TYPES: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'application/ofd': [0x50, 0x4b, 0x03, 0x04],
};
export const EVIDENCE_CONTENT_TYPES = Object.keys(EVIDENCE_TYPES);

const unsupported = (message: string) =>
  new AppError(415, 'EVIDENCE_TYPE_UNSUPPORTED', message, { accepted: EVIDENCE_CONTENT_TYPES });

/** The media type of an evidence upload, from its Content-Type header; anything else is a 415. */
export function evidenceContentType(header: string | undefined): string {
  const essence = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(essence in EVIDENCE_TYPES))
    throw unsupported(`Evidence is a PDF, PNG, JPEG or OFD file; not ${essence || 'an untyped body'}`);
  return essence;
}

/**
 * The content, passed on once its first bytes match the declared type. A generator read by the store: its
 * refusal reaches the store's write as that stream's error, never as an unheard one.
 */
async function* checkedContent(body: Readable, magic: number[], contentType: string) {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < magic.length) continue;
    if (!magic.every((b, i) => head[i] === b)) throw unsupported(`The file's content is not ${contentType}`);
    checked = true;
    yield head;
  }
  // Shorter than its signature: not such a file (an empty one is refused by the store as empty).
  if (!checked && head.length > 0) throw unsupported(`The file's content is not ${contentType}`);
}

/** Streams an evidence file into the store's staging area, checked for its type and size. */
export async function stageEvidence(
  blobs: BlobStore,
  body: Readable,
  contentType: string,
): Promise<StagedBlob> {
  const checked = Readable.from(checkedContent(body, EVIDENCE_TYPES[contentType]!, contentType));
  try {
    return await blobs.stage(checked, { maxBytes: EVIDENCE_MAX_BYTES });
  } catch (err) {
    if (err instanceof BlobTooLargeError)
      throw new AppError(413, 'EVIDENCE_TOO_LARGE', 'An evidence file may be at most 20 MiB', {
        maxBytes: EVIDENCE_MAX_BYTES,
      });
    if (err instanceof BlobEmptyError) throw unprocessable('EVIDENCE_EMPTY', 'The evidence file is empty');
    throw err;
  }
}
