// tender show: a published tender's facts, and with --out a copy for sealing offline (--tender-json).
import { writeFile } from 'node:fs/promises';
import { apiJson } from '../http.js';
import { EXIT, say, type CliIo } from '../io.js';
import { sessionToken } from '../session.js';
import { tenderFacts } from '../tender.js';
import { serverOptions, type Command, type OptionValues } from '../command.js';
import { requireServer } from './login.js';

export const tenderShowCommand: Command = {
  name: 'tender show',
  summary: "A tender's sections, bid form and custodians; --out saves it for sealing offline",
  usage: 'yangguang tender show --server URL --tender ID [--out tender.json]',
  options: { ...serverOptions, tender: { type: 'string' }, out: { type: 'string' } },
  run: showTender,
};

async function showTender(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, tenderShowCommand.usage);
  const id = opts.required('tender');
  const token = await sessionToken(io, server, opts.string('config')).catch(() => undefined);
  const raw = await apiJson<unknown>(server, `/tenders/${encodeURIComponent(id)}`, { token });
  const tender = tenderFacts.parse(raw);
  const out = opts.string('out');
  if (out) await writeFile(out, `${JSON.stringify(raw, null, 2)}\n`);
  say(io, `${tender.code}  ${tender.title}  (${tender.status}; bids due ${tender.schedule.bidDeadline})`);
  for (const s of tender.sections) {
    const cap = s.maxPriceFen === null ? '' : `, maximum price ${s.maxPriceFen} fen`;
    say(io, `  section ${s.code}  ${s.name}  id ${s.id}${cap}`);
  }
  for (const f of tender.bidFormFields)
    say(io, `  form field ${f.key} (${f.label}): ${f.type}${f.required ? ', required' : ''}`);
  say(io, `  custodians: ${tender.custodians.threshold} of ${tender.custodians.members.length}`);
  if (out) say(io, `saved: ${out} (seal offline with --tender-json ${out})`);
  return EXIT.ok;
}
