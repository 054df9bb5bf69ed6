// Feeding a sealed-bid reader from a local file, for the platform's worker threads (the opening's decrypt
// workers, the ingest's stored-bid check). Node only.
import { readSync } from 'node:fs';
import type { SealedBidReader } from '../sealed-bid/reader.js';

/** A chunk of the default size with its tag; larger parts are read in pieces of up to 16 MiB. */
export const READ_BYTES = (1 << 20) + 16;
const MAX_READ_BYTES = (16 << 20) + 16;

/**
 * Pushes the open file, from where it stands, through the reader until the file ends. Each read is exactly
 * what the reader needs next, into one reused buffer, so every chunk reaches it whole: no chunk is gathered
 * from pieces, and no read allocates. `onRead` sees every byte read, in order, before the reader does.
 */
export async function pushFile(
  fd: number,
  reader: Pick<SealedBidReader, 'wanted' | 'push'>,
  onRead?: (bytes: Uint8Array) => void,
): Promise<void> {
  let buffer = Buffer.allocUnsafeSlow(READ_BYTES);
  for (let wanted = reader.wanted; ; wanted = reader.wanted) {
    // Once the trailer is read, one byte more shows whether anything follows it (the reader refuses it).
    const want = Math.max(wanted, 1);
    if (want > buffer.length) buffer = Buffer.allocUnsafeSlow(Math.min(want, MAX_READ_BYTES));
    const got = readFully(fd, buffer, Math.min(want, buffer.length));
    if (got === 0) return;
    const bytes = buffer.subarray(0, got);
    onRead?.(bytes);
    await reader.push(bytes);
    // A part that came in pieces is held by the reader until whole: the next read must not overwrite it.
    if (got < want) buffer = Buffer.allocUnsafeSlow(buffer.length);
  }
}

/** Reads up to length bytes (fewer only at the end of the file), from position or where the file stands. */
export function readFully(fd: number, buffer: Buffer, length: number, position: number | null = null) {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position === null ? null : position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
