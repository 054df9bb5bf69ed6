// keygen: the bidder's key pair, made on this machine so the private key never leaves it (docs/design.md §5),
// and a CSR for `cert request`. RSA-3072 is the strength the platform expects for keys used past 2030.
import { generateKeyPair } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCsr } from '../../crypto/index.js';
import { CliError, EXIT, say, type CliIo } from '../io.js';
import type { Command, OptionValues } from '../command.js';

const generate = promisify(generateKeyPair);
const USAGE = 'yangguang keygen --out DIR [--name "Company Ltd"] [--force]';

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'Make an RSA-3072 key (key.pem, mode 0600) and a certificate request (csr.pem)',
  usage: USAGE,
  options: { out: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' } },
  run: keygen,
};

async function keygen(opts: OptionValues, io: CliIo): Promise<number> {
  const dir = opts.required('out');
  const { privateKey } = await generate('rsa', { modulusLength: 3072 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // The CA takes the subject from the platform's party records; the name here is only a label.
  const csrPem = createCsr({ keyPem, commonName: opts.string('name') ?? 'yangguang-cli' });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'key.pem');
  const csrPath = join(dir, 'csr.pem');
  // Removed first rather than overwritten: an old file would keep its (maybe wider) mode.
  if (opts.flag('force')) await Promise.all([rm(keyPath, { force: true }), rm(csrPath, { force: true })]);
  try {
    await writeFile(keyPath, keyPem, { mode: 0o600, flag: 'wx' });
    await writeFile(csrPath, csrPem, { mode: 0o644, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CliError(`${dir} already holds a key; pass --force to replace it`, EXIT.failed);
    }
    throw error;
  }
  say(io, `key: ${keyPath} (keep it private; it never leaves this machine)`);
  say(io, `csr: ${csrPath} (send it with "yangguang cert request")`);
  return EXIT.ok;
}
