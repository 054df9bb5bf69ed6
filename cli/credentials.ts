// The bidder's signing identity for commands that sign: --key key.pem --cert cert.pem, or --p12 file
// (password from YANGGUANG_P12_PASSWORD, --password-stdin or a prompt). Key and certificate are
// checked to belong together here, so a mix-up fails before sealing rather than at the server.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { certificateInfo, signPss } from '../crypto/index.js';
import type { Options } from './args.js';
import { CliError, usageError, type CliIo } from './io.js';
import { readPkcs12 } from './pkcs12.js';
import { readSecret } from './secret.js';

export const credentialOptions: Options = {
  key: { type: 'string' },
  cert: { type: 'string' },
  p12: { type: 'string' },
  'password-stdin': { type: 'boolean' },
};
export const CREDENTIAL_USAGE = '(--key key.pem --cert cert.pem | --p12 file.p12 [--password-stdin])';

export interface Credentials {
  keyPem: string;
  certPem: string;
  certificateSerial: string;
  /** The file the identity came from: its "<file>.json" note may hold the party id. */
  source: string;
  sign(data: Uint8Array): Promise<string>;
}

export async function loadCredentials(
  io: CliIo,
  opts: { key?: string; cert?: string; p12?: string; passwordStdin: boolean },
): Promise<Credentials> {
  let keyPem: string;
  let certPem: string;
  let source: string;
  if (opts.p12) {
    if (opts.key || opts.cert) throw usageError('Give either --p12 or --key with --cert, not both');
    const password = await readSecret(io, {
      env: 'YANGGUANG_P12_PASSWORD',
      fromStdin: opts.passwordStdin,
      prompt: `Password for ${opts.p12}: `,
    });
    ({ keyPem, certPem } = readPkcs12(await readInput(opts.p12), password));
    source = opts.p12;
  } else if (opts.key && opts.cert) {
    keyPem = (await readInput(opts.key)).toString('utf8');
    certPem = (await readInput(opts.cert)).toString('utf8');
    source = opts.cert;
  } else {
    throw usageError(`A signing key is needed: ${CREDENTIAL_USAGE}`);
  }
  assertPair(keyPem, certPem);
  const certificateSerial = certificateInfo(certPem).serialHex;
  return { keyPem, certPem, certificateSerial, source, sign: (data) => signPss(keyPem, data) };
}

function assertPair(keyPem: string, certPem: string): void {
  let keyPublic: Buffer;
  let certPublic: Buffer;
  try {
    keyPublic = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new CliError(`The private key is not readable: ${(error as Error).message}`);
  }
  try {
    certPublic = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new CliError(`The certificate is not readable: ${(error as Error).message}`);
  }
  if (!keyPublic.equals(certPublic))
    throw new CliError('The certificate is not the one for this private key');
}

/** Reads a file the user named, with a message that names it when it cannot be read. */
export async function readInput(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path}: ${code ?? error}`);
  }
}
