// The shape of a subcommand: its words ("cert request"), a usage line, its options, and a run
// function that returns the exit code. The table in yangguang.ts lists them all.
import type { Options, optionReader } from './args.js';
import type { CliIo } from './io.js';

export type OptionValues = ReturnType<typeof optionReader>;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** Positional arguments allowed (verify-draw's record path). */
  positionals?: boolean;
  /** Listed in the help, not available yet. */
  planned?: string;
  run(opts: OptionValues, io: CliIo, positionals: string[]): Promise<number>;
  /** Commands that read their own arguments (verify-draw) get them unparsed. */
  raw?: (args: string[], io: CliIo) => Promise<number>;
}

export const serverOptions: Options = { server: { type: 'string' }, config: { type: 'string' } };

/** --server, else YANGGUANG_SERVER. */
export function serverOf(opts: OptionValues, io: CliIo): string | undefined {
  return opts.string('server') ?? io.env.YANGGUANG_SERVER;
}
