// withdraw and bids: a bidder's own bids. Withdrawing (撤回) before the deadline is the bidder's
// right (EB Art.29 / ZB Art.29); the platform answers with the bid marked withdrawn.
import { readSubmissionNote, writeJsonAtomically } from '../bid-file.js';
import { apiJson } from '../http.js';
import { EXIT, say, usageError, type CliIo } from '../io.js';
import { formatBytes } from '../progress.js';
import { sessionToken } from '../session.js';
import { serverOptions, type Command, type OptionValues } from '../command.js';
import { requireServer } from './login.js';

interface BidView {
  id: string;
  tenderId: string;
  sectionId: string;
  status: string;
  version: number;
  size: number;
  receivedAt: string;
  withdrawnAt: string | null;
}

const WITHDRAW_USAGE = 'yangguang withdraw --server URL (--bid-id ID | --bid bid.ygsb)';

export const withdrawCommand: Command = {
  name: 'withdraw',
  summary: 'Withdraw a submitted bid before the deadline',
  usage: WITHDRAW_USAGE,
  options: { ...serverOptions, 'bid-id': { type: 'string' }, bid: { type: 'string' } },
  run: withdraw,
};

export const bidsCommand: Command = {
  name: 'bids',
  summary: 'List your own bids',
  usage: 'yangguang bids --server URL [--json]',
  options: { ...serverOptions, json: { type: 'boolean' } },
  run: listBids,
};

async function withdraw(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, WITHDRAW_USAGE);
  const file = opts.string('bid');
  const bidId = opts.string('bid-id') ?? (file ? (await readSubmissionNote(file))?.bidId : undefined);
  if (!bidId) {
    throw usageError(
      file
        ? `No bid id is recorded for ${file}: pass --bid-id`
        : `--bid-id is required\nusage: ${WITHDRAW_USAGE}`,
    );
  }
  const token = await sessionToken(io, server, opts.string('config'));
  const bid = await apiJson<BidView & { withdrawalReceipt?: unknown }>(
    server,
    `/bids/${encodeURIComponent(bidId)}/withdrawal`,
    { method: 'POST', token },
  );
  say(io, `withdrawn: bid ${bid.id} at ${bid.withdrawnAt ?? '(unknown time)'} (status ${bid.status})`);
  // The signed withdrawal receipt is the bidder's proof that the bid was withdrawn in time.
  if (bid.withdrawalReceipt) {
    const path = `${file ?? `bid-${bid.id}`}.withdrawal.json`;
    await writeJsonAtomically(path, bid.withdrawalReceipt);
    say(io, `withdrawal receipt: ${path}`);
  }
  return EXIT.ok;
}

async function listBids(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, bidsCommand.usage);
  const token = await sessionToken(io, server, opts.string('config'));
  const answer = await apiJson<{ items: BidView[] } | BidView[]>(server, '/my/bids', { token });
  const items = Array.isArray(answer) ? answer : answer.items;
  if (opts.flag('json')) {
    say(io, JSON.stringify(items, null, 2));
    return EXIT.ok;
  }
  if (items.length === 0) say(io, 'No bids yet.');
  for (const b of items) {
    say(
      io,
      [
        b.id,
        `tender ${b.tenderId}`,
        `section ${b.sectionId}`,
        b.status,
        `v${b.version}`,
        formatBytes(b.size),
        b.receivedAt,
      ].join('  '),
    );
  }
  return EXIT.ok;
}
