// verify-receipt: checks, offline, that a receipt was signed by the platform and, with --bid, that it
// names exactly this file (SHA-256 and size). Exit 0 when everything holds, 1 when anything fails.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { verifyBidReceipt } from '../../crypto/index.js';
import { readInput } from '../credentials.js';
import { apiJson } from '../http.js';
import { CliError, EXIT, say, usageError, type CliIo } from '../io.js';
import { serverOf, type Command, type OptionValues } from '../command.js';

const USAGE =
  'yangguang verify-receipt --receipt bid.ygsb.receipt.json (--platform-cert cert.pem | --server URL) [--bid bid.ygsb]';

export const verifyReceiptCommand: Command = {
  name: 'verify-receipt',
  summary: "Check a bid receipt's platform signature, and with --bid that it names this file",
  usage: USAGE,
  options: {
    receipt: { type: 'string' },
    'platform-cert': { type: 'string' },
    server: { type: 'string' },
    bid: { type: 'string' },
  },
  run: verifyReceipt,
};

async function verifyReceipt(opts: OptionValues, io: CliIo): Promise<number> {
  const receiptFile = opts.required('receipt');
  let signed: unknown;
  try {
    signed = JSON.parse((await readInput(receiptFile)).toString('utf8'));
  } catch (error) {
    if (error instanceof CliError) throw error;
    say(io, `FAILED: ${receiptFile} is not JSON`);
    return EXIT.failed;
  }
  const platformCertPem = await platformCertificate(opts, io);
  const problems: string[] = [];
  const verdict = await verifyBidReceipt(signed, platformCertPem).catch((error: Error) => {
    throw new CliError(`The platform certificate is not usable: ${error.message}`);
  });
  if (!verdict.ok) problems.push(`the receipt: ${verdict.reason}`);

  const bid = opts.string('bid');
  if (bid && verdict.ok) {
    const receipt = (signed as { receipt: { ciphertextSha256: string; size: number } }).receipt;
    const file = await digestFile(bid);
    if (file.size !== receipt.size)
      problems.push(`${bid} has ${file.size} bytes, the receipt says ${receipt.size}`);
    if (file.sha256 !== receipt.ciphertextSha256)
      problems.push(`${bid} is not the file the receipt names (SHA-256 differs)`);
  }
  if (problems.length) {
    for (const problem of problems) say(io, `FAILED: ${problem}`);
    return EXIT.failed;
  }
  const r = (
    signed as { receipt: { bidId: string; bidVersion: number; receivedAt: string; tender: { code: string } } }
  ).receipt;
  say(io, `OK: bid ${r.bidId} version ${r.bidVersion}, tender ${r.tender.code}, received ${r.receivedAt}`);
  if (bid) say(io, `OK: ${bid} is exactly the file the platform received`);
  return EXIT.ok;
}

async function platformCertificate(opts: OptionValues, io: CliIo): Promise<string> {
  const file = opts.string('platform-cert');
  if (file) return (await readInput(file)).toString('utf8');
  const server = serverOf(opts, io);
  if (!server) throw usageError(`Give --platform-cert or --server\nusage: ${USAGE}`);
  const ca = await apiJson<{ platformSigningCertificatePem: string }>(server, '/ca');
  return ca.platformSigningCertificatePem;
}

async function digestFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(piece);
      size += piece.length;
    }
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return { sha256: hash.digest('hex'), size };
}
