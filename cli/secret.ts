// Passwords come from an environment variable, from stdin (--password-stdin, for scripts), or from
// a prompt on the terminal that does not echo. They never appear on the command line, where any
// user of the machine could read them in the process list.
import { text } from 'node:stream/consumers';
import { CliError, usageError, type CliIo } from './io.js';

export interface SecretSource {
  /** Environment variable to read first. */
  env: string;
  fromStdin: boolean;
  prompt: string;
  /** Ask twice on a terminal (new passwords). */
  confirm?: boolean;
}

export async function readSecret(io: CliIo, source: SecretSource): Promise<string> {
  if (source.fromStdin) {
    // The first line only, so `echo pw | yangguang ...` and a file with a trailing newline both work.
    const first = (await text(io.stdin)).split(/\r?\n/)[0] ?? '';
    if (!first) throw usageError('No password on stdin');
    return first;
  }
  const fromEnv = io.env[source.env];
  if (fromEnv) return fromEnv;
  if (!io.stdin.isTTY || !io.stdin.setRawMode) {
    throw usageError(`No password: set ${source.env}, pass --password-stdin, or run on a terminal`);
  }
  const secret = await promptHidden(io, source.prompt);
  if (source.confirm && (await promptHidden(io, 'Again: ')) !== secret) {
    throw new CliError('The two passwords differ');
  }
  if (!secret) throw usageError('An empty password is not accepted');
  return secret;
}

/** Reads one line from the terminal in raw mode, echoing nothing. Ctrl-C aborts. */
function promptHidden(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  io.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer | string) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('Cancelled', 130));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
