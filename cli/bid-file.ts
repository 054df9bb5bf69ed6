// What the CLI reads from a sealed-bid file without opening it (the header is in the clear: tender,
// section, bidder), and the notes it keeps beside it: "bid.ygsb.submission.json" (the Idempotency-Key
// of the upload, written before the upload starts so a retry can reuse it, and the bid id once known)
// and "bid.ygsb.receipt.json" (the platform's signed receipt).
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { sealedBid } from '../crypto/index.js';
import { CliError } from './io.js';

export async function readBidHeader(path: string): Promise<sealedBid.SealedBidHeader> {
  const file = await open(path, 'r').catch(() => {
    throw new CliError(`No such bid file: ${path}`);
  });
  try {
    const preamble = Buffer.alloc(sealedBid.PREAMBLE_BYTES);
    await file.read(preamble, 0, preamble.length, 0);
    if (!preamble.subarray(0, 4).equals(Buffer.from(sealedBid.FILE_MAGIC))) {
      throw new CliError(`${path} is not a sealed bid: seal it first with "yangguang seal"`);
    }
    const length = preamble.readUInt32BE(5);
    if (length < 1 || length > sealedBid.MAX_HEADER_BYTES) throw new CliError(`${path} has a damaged header`);
    const header = Buffer.alloc(length);
    await file.read(header, 0, length, sealedBid.PREAMBLE_BYTES);
    const parsed = sealedBid.sealedBidHeaderSchema.safeParse(JSON.parse(header.toString('utf8')));
    if (!parsed.success) throw new CliError(`${path} has a header this client does not understand`);
    return parsed.data;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path} has a damaged header: ${(error as Error).message}`);
  } finally {
    await file.close();
  }
}

const submissionNote = z.object({
  idempotencyKey: z.string(),
  server: z.string(),
  bidId: z.string().optional(),
});
export type SubmissionNote = z.infer<typeof submissionNote>;

export const submissionNotePath = (bid: string) => `${bid}.submission.json`;
export const receiptPath = (bid: string) => `${bid}.receipt.json`;

export async function readSubmissionNote(bid: string): Promise<SubmissionNote | undefined> {
  try {
    const parsed = submissionNote.safeParse(JSON.parse(await readFile(submissionNotePath(bid), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeSubmissionNote(bid: string, note: SubmissionNote): Promise<void> {
  await writeJsonAtomically(submissionNotePath(bid), note);
}

/** Written to a temporary name and renamed, so a crash never leaves half a receipt. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
