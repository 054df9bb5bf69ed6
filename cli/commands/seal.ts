// seal: the bid is packed and encrypted on this machine (docs/design.md §6.2-3). With --tender-json it needs
// no network at all; the form is checked against the tender's bid form before anything is sealed.
import { stat } from 'node:fs/promises';
import { describeAttachments } from '../attachments.js';
import { bidFormProblems, normaliseForm } from '../bid-form.js';
import {
  CREDENTIAL_USAGE,
  credentialOptions,
  loadCredentials,
  readInput,
  type Credentials,
} from '../credentials.js';
import { apiJson } from '../http.js';
import { readIdentityNote } from '../identity-note.js';
import { CliError, EXIT, note, say, usageError, type CliIo } from '../io.js';
import { Progress, formatBytes } from '../progress.js';
import { sealToFile } from '../seal-file.js';
import { sessionToken } from '../session.js';
import { custodiansOf, fetchTender, pickSection, readTenderFile, type TenderFacts } from '../tender.js';
import { serverOf, serverOptions, type Command, type OptionValues } from '../command.js';

const USAGE =
  'yangguang seal (--server URL --tender ID | --tender-json tender.json) [--section ID|CODE] --form form.json ' +
  `[--attach FILE]... ${CREDENTIAL_USAGE} --out bid.ygsb [--party-id ID] [--force] [--quiet]`;

export const sealCommand: Command = {
  name: 'seal',
  summary: 'Seal a bid (form + attachments) for a tender, offline-capable; writes bid.ygsb',
  usage: USAGE,
  options: {
    ...serverOptions,
    ...credentialOptions,
    tender: { type: 'string' },
    'tender-json': { type: 'string' },
    section: { type: 'string' },
    form: { type: 'string' },
    attach: { type: 'string', multiple: true },
    out: { type: 'string' },
    'party-id': { type: 'string' },
    'chunk-size': { type: 'string' },
    force: { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
  run: seal,
};

async function seal(opts: OptionValues, io: CliIo): Promise<number> {
  const out = opts.required('out');
  if (!opts.flag('force') && (await stat(out).catch(() => undefined))) {
    throw new CliError(`${out} exists; pass --force to replace it`);
  }
  const tender = await loadTender(opts, io);
  const section = pickSection(tender, opts.string('section'));
  const fields = tender.bidFormFields.some((f) => f.key === 'price')
    ? tender.bidFormFields
    : [{ key: 'price', label: '投标报价', type: 'money' as const, required: true }, ...tender.bidFormFields];
  const form = await readForm(opts.required('form'));
  const problems = bidFormProblems(fields, section, form);
  if (problems.length) {
    throw new CliError(
      `The bid form is not ready; nothing was sealed:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const attachments = await describeAttachments(opts.list('attach'));
  const credentials = await loadCredentials(io, {
    key: opts.string('key'),
    cert: opts.string('cert'),
    p12: opts.string('p12'),
    passwordStdin: opts.flag('password-stdin'),
  });
  const partyId = await partyIdFor(opts, io, credentials);
  const sealedAt = new Date(); // the client's clock; informational (the server's clock decides lateness)
  if (Date.parse(tender.schedule.bidDeadline) <= sealedAt.getTime()) {
    note(io, `warning: by this machine's clock the bid deadline (${tender.schedule.bidDeadline}) has passed`);
  }

  const custodians = await custodiansOf(tender);
  if (custodians.unsignedKeys.length > 0) {
    note(
      io,
      `warning: the format 2 key of custodian(s) ${custodians.unsignedKeys.join(', ')} is not signed by its certificate; sealing format 1`,
    );
  }
  const progress = new Progress(io, 'sealing', 0, !opts.flag('quiet'));
  const sealed = await sealToFile({
    tender: { id: tender.id, code: tender.code },
    section: { id: section.id, code: section.code },
    custodians: { threshold: custodians.threshold, members: custodians.members },
    partyId,
    credentials,
    form: normaliseForm(fields, form as Record<string, unknown>),
    attachments,
    out,
    sealedAt,
    chunkSize: chunkSizeOf(opts),
    progress,
    overwrite: opts.flag('force'),
  }).catch((error: unknown) => {
    progress.abort();
    throw error;
  });
  progress.finish();
  say(io, `sealed: ${sealed.path} (${formatBytes(sealed.size)}, SHA-256 ${sealed.sha256})`);
  say(
    io,
    `tender ${tender.code} section ${section.code}; ${attachments.length} attachment(s); custodians ${tender.custodians.threshold} of ${tender.custodians.members.length}; format ${custodians.formatVersion}${custodians.formatVersion === 2 ? ' (openability checked at receipt)' : ''}`,
  );
  say(io, `next: yangguang submit --server URL --bid ${sealed.path}`);
  return EXIT.ok;
}

async function loadTender(opts: OptionValues, io: CliIo): Promise<TenderFacts> {
  const file = opts.string('tender-json');
  const wanted = opts.string('tender');
  if (file) {
    const tender = await readTenderFile(file);
    if (wanted && wanted !== tender.id && wanted !== tender.code) {
      throw new CliError(`${file} holds tender ${tender.code}, not ${wanted}`);
    }
    return tender;
  }
  const server = serverOf(opts, io);
  if (!server || !wanted) throw usageError(`Give --server with --tender, or --tender-json\nusage: ${USAGE}`);
  // Published tenders are public; a session, if there is one, also shows tenders only participants see.
  const token = await sessionToken(io, server, opts.string('config')).catch(() => undefined);
  return fetchTender(server, wanted, token);
}

async function readForm(path: string): Promise<unknown> {
  try {
    return JSON.parse((await readInput(path)).toString('utf8'));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`The form ${path} is not JSON: ${(error as Error).message}`);
  }
}

/** --party-id, else the note beside the certificate, else the certificate's public record on the server. */
async function partyIdFor(opts: OptionValues, io: CliIo, credentials: Credentials): Promise<string> {
  const given = opts.string('party-id');
  if (given) return given;
  const noted = await readIdentityNote(credentials.source);
  if (noted?.partyId && noted.serial === credentials.certificateSerial) return noted.partyId;
  const server = serverOf(opts, io);
  if (server) {
    const cert = await apiJson<{ partyId: string | null }>(
      server,
      `/certificates/${credentials.certificateSerial}`,
    );
    if (cert.partyId) return cert.partyId;
    throw new CliError('This certificate was not issued to a party: bids need a party certificate');
  }
  throw usageError(
    `The bidder's party id is unknown offline: pass --party-id (or keep ${credentials.source}.json)`,
  );
}

function chunkSizeOf(opts: OptionValues): number | undefined {
  const text = opts.string('chunk-size');
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 64 || value > 16 << 20) {
    throw usageError('--chunk-size must be a whole number of bytes from 64 to 16777216');
  }
  return value;
}
