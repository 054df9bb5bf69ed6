import type { Readable } from 'node:stream';
import { AppError, unprocessable } from '../../platform/errors.js';
import {
  BlobEmptyError,
  BlobTooLargeError,
  type BlobStore,
  type StagedBlob,
} from '../../platform/storage/blob-store.js';

export const documentTooLarge = (maxBytes: number) =>
  new AppError(413, 'DOCUMENT_TOO_LARGE', `A document may be at most ${maxBytes / 2 ** 20} MiB`, {
    maxBytes,
  });

/** Streams an uploaded document into the store's staging area, answering the store's refusals in HTTP terms. */
export async function stageDocument(
  blobs: BlobStore,
  content: Readable,
  maxBytes: number,
): Promise<StagedBlob> {
  try {
    return await blobs.stage(content, { maxBytes });
  } catch (err) {
    if (err instanceof BlobTooLargeError) throw documentTooLarge(maxBytes);
    if (err instanceof BlobEmptyError) throw unprocessable('DOCUMENT_EMPTY', 'The document is empty');
    throw err;
  }
}
