// What every command talks to: the standard streams and the environment, passed in so tests can run
// the CLI in-process with their own buffers, and errors that carry the exit code a script should see.
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
}

/** Exit codes, stable for scripts. */
export const EXIT = {
  ok: 0,
  /** The operation was refused or a verification failed. */
  failed: 1,
  /** The command line was wrong. */
  usage: 2,
  /** The server could not be reached (a retry may help). */
  unreachable: 3,
} as const;

export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.usage);

export function say(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}

export function note(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`);
}
