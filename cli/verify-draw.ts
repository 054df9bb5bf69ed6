// verify-draw: re-runs a revealed expert draw from its published record (docs/design.md §8).
// Usage: tsx cli/verify-draw.ts <record.json>   or   ... | tsx cli/verify-draw.ts
// Prints OK or one problem per line; exit code 0 when the record verifies, 1 otherwise, 2 on usage errors.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { pathToFileURL } from 'node:url';
import { verifyDrawJson } from '../expert-pool/index.js';

/** Entry point for a `yangguang verify-draw` subcommand; returns the exit code. */
export async function verifyDrawCommand(
  args: string[],
  io: {
    stdin: NodeJS.ReadableStream;
    stdout: NodeJS.WritableStream;
    stderr: NodeJS.WritableStream;
  } = process,
): Promise<number> {
  if (args.length > 1 || args[0] === '-h' || args[0] === '--help') {
    io.stderr.write('usage: verify-draw [record.json]   (reads stdin without a path)\n');
    return 2;
  }
  let json: string;
  try {
    json = args[0] && args[0] !== '-' ? await readFile(args[0], 'utf8') : await text(io.stdin);
  } catch (err) {
    io.stderr.write(`verify-draw: cannot read the record: ${(err as Error).message}\n`);
    return 2;
  }
  const verdict = verifyDrawJson(json);
  io.stdout.write(verdict.ok ? 'OK\n' : verdict.problems.map((p) => `PROBLEM: ${p}\n`).join(''));
  return verdict.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await verifyDrawCommand(process.argv.slice(2));
}
