// cert request: the platform CA issues a certificate for the CSR that keygen made; the private key
// stays here. pkcs12 export: key and certificate in one password-protected file for other tools.
import { writeFile } from 'node:fs/promises';
import { readInput } from '../credentials.js';
import { apiJson } from '../http.js';
import { readIdentityNote, writeIdentityNote } from '../identity-note.js';
import { CliError, EXIT, say, type CliIo } from '../io.js';
import { writePkcs12 } from '../pkcs12.js';
import { readSecret } from '../secret.js';
import { sessionToken } from '../session.js';
import { serverOptions, type Command, type OptionValues } from '../command.js';
import { requireServer } from './login.js';

interface CertificateView {
  serial: string;
  partyId: string | null;
  subjectCn: string;
  subjectUscc: string | null;
  pem: string;
  notAfter: string;
}

export const certRequestCommand: Command = {
  name: 'cert request',
  summary: 'Have the platform CA certify your key (POST the CSR; writes cert.pem and cert.pem.json)',
  usage: 'yangguang cert request --server URL --csr csr.pem --out cert.pem',
  options: { ...serverOptions, csr: { type: 'string' }, out: { type: 'string' } },
  run: certRequest,
};

export const pkcs12ExportCommand: Command = {
  name: 'pkcs12 export',
  summary:
    'Put key and certificate into one .p12 file (password: prompt, --password-stdin or YANGGUANG_P12_PASSWORD)',
  usage: 'yangguang pkcs12 export --key key.pem --cert cert.pem --out file.p12 [--password-stdin]',
  options: {
    key: { type: 'string' },
    cert: { type: 'string' },
    out: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  run: pkcs12Export,
};

async function certRequest(opts: OptionValues, io: CliIo): Promise<number> {
  const server = requireServer(opts, io, certRequestCommand.usage);
  const csrPem = (await readInput(opts.required('csr'))).toString('utf8');
  const out = opts.required('out');
  const token = await sessionToken(io, server, opts.string('config'));
  const cert = await apiJson<CertificateView>(server, '/certificates', { token, body: { csrPem } });
  await writeFile(out, cert.pem, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? new CliError(`${out} exists; choose another --out`) : error;
  });
  await writeIdentityNote(out, {
    serial: cert.serial,
    partyId: cert.partyId,
    subjectCn: cert.subjectCn,
    subjectUscc: cert.subjectUscc,
    notAfter: cert.notAfter,
  });
  say(io, `certificate: ${out} (serial ${cert.serial}, ${cert.subjectCn}, valid until ${cert.notAfter})`);
  return EXIT.ok;
}

async function pkcs12Export(opts: OptionValues, io: CliIo): Promise<number> {
  const certPath = opts.required('cert');
  const keyPem = (await readInput(opts.required('key'))).toString('utf8');
  const certPem = (await readInput(certPath)).toString('utf8');
  const out = opts.required('out');
  const password = await readSecret(io, {
    env: 'YANGGUANG_P12_PASSWORD',
    fromStdin: opts.flag('password-stdin'),
    prompt: `New password for ${out}: `,
    confirm: true,
  });
  let p12: Buffer;
  try {
    p12 = writePkcs12({ keyPem, certPem, password, friendlyName: 'yangguang' });
  } catch (error) {
    throw new CliError(`Cannot build the PKCS#12 file: ${(error as Error).message}`);
  }
  await writeFile(out, p12, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? new CliError(`${out} exists; choose another --out`) : error;
  });
  const note = await readIdentityNote(certPath);
  if (note) await writeIdentityNote(out, note);
  say(io, `PKCS#12: ${out} (mode 0600)`);
  return EXIT.ok;
}
