// submit: uploads a sealed bid as a stream (EB Art.26-27) and keeps the platform's signed receipt
// beside it. Every upload carries an Idempotency-Key, saved before the upload starts, so after a
// dropped connection `submit --retry` sends the same key and can never create a second bid.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { signedBidReceiptSchema, verifyBidReceipt, type SignedBidReceipt } from '../../crypto/index.js';
import {
  readBidHeader,
  readSubmissionNote,
  receiptPath,
  writeJsonAtomically,
  writeSubmissionNote,
  type SubmissionNote,
} from '../bid-file.js';
import { collectDevice, deviceHeader } from '../device.js';
import { ApiError, apiJson, apiUrl, errorBodyOf } from '../http.js';
import { CliError, EXIT, note, say, usageError, type CliIo } from '../io.js';
import { Progress, formatBytes } from '../progress.js';
import { sessionToken } from '../session.js';
import { CLI_TOOL } from '../version.js';
import { assertComplete, uploadFile } from '../upload.js';
import { serverOptions, type Command, type OptionValues } from '../command.js';
import { requireServer } from './login.js';

const USAGE =
  'yangguang submit --server URL --bid bid.ygsb [--idempotency-key K | --retry] ' +
  '[--deposit-bank B --deposit-account-name N --deposit-account NO] [--quiet]';
const KEY_SHAPE = /^[A-Za-z0-9_-]{8,128}$/;

export const submitCommand: Command = {
  name: 'submit',
  summary: 'Upload a sealed bid with progress; keeps the signed receipt as bid.ygsb.receipt.json',
  usage: USAGE,
  options: {
    ...serverOptions,
    bid: { type: 'string' },
    'idempotency-key': { type: 'string' },
    retry: { type: 'boolean' },
    'deposit-bank': { type: 'string' },
    'deposit-account-name': { type: 'string' },
    'deposit-account': { type: 'string' },
    quiet: { type: 'boolean' },
  },
  run: submit,
};

interface SubmitAnswer {
  bid: { id: string; version: number; status: string };
  receipt: SignedBidReceipt;
}

async function submit(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, USAGE);
  const bid = opts.required('bid');
  const header = await readBidHeader(bid);
  const { size } = await stat(bid);
  const token = await sessionToken(io, server, opts.string('config'));
  const previous = await readSubmissionNote(bid);
  const idempotencyKey = chooseIdempotencyKey(opts, previous);
  if (previous?.bidId && idempotencyKey !== previous.idempotencyKey) {
    note(
      io,
      `${bid} was submitted before (bid ${previous.bidId}): this upload replaces it with a new version`,
    );
  }
  // Kept before the upload starts, so a broken upload can be retried with the same key.
  await writeSubmissionNote(bid, { ...previous, idempotencyKey, server });
  note(io, `Idempotency-Key: ${idempotencyKey} (if the upload breaks, run again with --retry to reuse it)`);

  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    accept: 'application/json',
    'content-type': 'application/vnd.yangguang.sealed-bid',
    'idempotency-key': idempotencyKey,
    'user-agent': CLI_TOOL,
    'x-client-device': deviceHeader(collectDevice()),
  };
  const deposit = depositHeader(opts);
  if (deposit) headers['x-deposit-account'] = deposit;

  const progress = new Progress(io, 'uploading', size, !opts.flag('quiet'));
  const path = `/tenders/${header.tender.id}/sections/${header.section.id}/bids`;
  const sent = await uploadFile({
    url: apiUrl(server, path),
    server,
    path: bid,
    size,
    headers,
    onProgress: (n) => progress.advance(n),
  }).catch((error: unknown) => {
    progress.abort();
    throw error;
  });
  if (sent.status !== 201) {
    progress.abort();
    throw new ApiError(sent.status, errorBodyOf(sent.status, sent.body));
  }
  progress.finish();
  assertComplete(sent, size);

  const answer = parseAnswer(sent.body);
  await writeJsonAtomically(receiptPath(bid), answer.receipt);
  await writeSubmissionNote(bid, { idempotencyKey, server, bidId: answer.bid.id });
  const r = answer.receipt.receipt;
  say(
    io,
    `submitted: bid ${r.bidId} version ${r.bidVersion} for tender ${r.tender.code} section ${r.section.code}`,
  );
  say(
    io,
    `received at ${r.receivedAt} (server clock); ${formatBytes(r.size)}, SHA-256 ${r.ciphertextSha256}`,
  );
  say(io, `receipt: ${receiptPath(bid)}`);
  return checkReceipt(io, server, answer.receipt, { sha256: sent.sentSha256, size });
}

function chooseIdempotencyKey(opts: OptionValues, previous: SubmissionNote | undefined): string {
  const given = opts.string('idempotency-key');
  if (given) {
    if (!KEY_SHAPE.test(given))
      throw usageError('--idempotency-key must be 8-128 characters of A-Z a-z 0-9 _ -');
    return given;
  }
  if (opts.flag('retry')) {
    if (!previous)
      throw new CliError('No earlier upload of this file is recorded; submit it without --retry');
    return previous.idempotencyKey;
  }
  return randomBytes(18).toString('base64url');
}

/** The account the bid deposit (投标保证金) was paid from; all three parts or none. */
function depositHeader(opts: OptionValues): string | undefined {
  const bank = opts.string('deposit-bank');
  const accountName = opts.string('deposit-account-name');
  const accountNumber = opts.string('deposit-account');
  if (!bank && !accountName && !accountNumber) return undefined;
  if (!bank || !accountName || !accountNumber) {
    throw usageError('--deposit-bank, --deposit-account-name and --deposit-account go together');
  }
  return Buffer.from(JSON.stringify({ bank, accountName, accountNumber })).toString('base64url');
}

function parseAnswer(body: string): SubmitAnswer {
  try {
    const json = JSON.parse(body) as SubmitAnswer;
    const receipt = signedBidReceiptSchema.parse(json.receipt);
    return { bid: json.bid, receipt };
  } catch {
    throw new CliError('The server accepted the bid but its answer holds no readable receipt');
  }
}

/** The receipt must name exactly the bytes sent and carry the platform's signature. */
async function checkReceipt(
  io: CliIo,
  server: string,
  signed: SignedBidReceipt,
  sent: { sha256: string; size: number },
): Promise<number> {
  const r = signed.receipt;
  if (r.ciphertextSha256 !== sent.sha256 || r.size !== sent.size) {
    note(
      io,
      `WARNING: the receipt names other bytes than were sent (sent ${sent.size} B, SHA-256 ${sent.sha256})`,
    );
    return EXIT.failed;
  }
  const ca = await apiJson<{ platformSigningCertificatePem: string }>(server, '/ca').catch(() => undefined);
  if (!ca) {
    note(io, 'The platform certificate could not be fetched; check the receipt later with verify-receipt');
    return EXIT.ok;
  }
  const verdict = await verifyBidReceipt(signed, ca.platformSigningCertificatePem);
  if (!verdict.ok) {
    note(io, `WARNING: the receipt does not verify: ${verdict.reason}`);
    return EXIT.failed;
  }
  say(io, 'The receipt is signed by the platform and names exactly the bytes sent.');
  return EXIT.ok;
}
