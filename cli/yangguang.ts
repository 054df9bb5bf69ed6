#!/usr/bin/env node
// yangguang: the bidder's command-line client. Keys and sealing stay on this machine; the server
// only ever receives certificate requests, sealed files and requests about them.
// Exit codes: 0 ok, 1 refused or not verified, 2 usage, 3 server unreachable.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { optionReader, parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { bidsCommand, withdrawCommand } from './commands/bids.js';
import { certRequestCommand, pkcs12ExportCommand } from './commands/certificates.js';
import { keygenCommand } from './commands/keygen.js';
import { loginCommand, logoutCommand } from './commands/login.js';
import { sealCommand } from './commands/seal.js';
import { submitCommand } from './commands/submit.js';
import { tenderShowCommand } from './commands/tender.js';
import { custodianRunCommand } from './custodian/command.js';
import { verifyReceiptCommand } from './commands/verify-receipt.js';
import { verifyReportCommand } from './commands/verify-report.js';
import { CliError, EXIT, type CliIo } from './io.js';
import { CLI_VERSION } from './version.js';
import { verifyDrawCommand } from './verify-draw.js';

const verifyDraw: Command = {
  name: 'verify-draw',
  summary: 'Re-run a revealed expert draw from its published record (reads stdin without a path)',
  usage: 'yangguang verify-draw [record.json]',
  options: {},
  run: async () => EXIT.usage,
  raw: (args, io) => verifyDrawCommand(args, io),
};

export const COMMANDS: Command[] = [
  keygenCommand,
  loginCommand,
  logoutCommand,
  certRequestCommand,
  pkcs12ExportCommand,
  tenderShowCommand,
  sealCommand,
  submitCommand,
  verifyReceiptCommand,
  withdrawCommand,
  bidsCommand,
  verifyDraw,
  verifyReportCommand,
  custodianRunCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map(
    (c) => `  ${c.name.padEnd(width)}  ${c.summary}${c.planned ? ' [not yet available]' : ''}`,
  );
  return [
    `yangguang ${CLI_VERSION}: sealed bids for the Yangguang platform`,
    '',
    'usage: yangguang <command> [options]   (yangguang <command> --help for its options)',
    '',
    ...lines,
    '',
    'Environment: YANGGUANG_SERVER, YANGGUANG_TOKEN, YANGGUANG_PASSWORD, YANGGUANG_P12_PASSWORD, YANGGUANG_CONFIG',
    'Exit codes: 0 ok, 1 refused or not verified, 2 usage error, 3 server unreachable',
    '',
  ].join('\n');
}

/** The command named by the longest run of leading words ("cert request" before "cert"). */
function findCommand(argv: string[]): { command?: Command; rest: string[] } {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return { rest: argv };
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(help());
    return first ? EXIT.ok : EXIT.usage;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return EXIT.ok;
  }
  const { command, rest } = findCommand(argv);
  if (!command) {
    io.stderr.write(`yangguang: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    if (command.raw) return await command.raw(rest, io);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.summary}\nusage: ${command.usage}\n`);
      return EXIT.ok;
    }
    if (command.planned) {
      io.stderr.write(`yangguang ${command.name}: not yet available: ${command.planned}\n`);
      return EXIT.usage;
    }
    const parsed = parseCommandArgs(rest, command.options, command.usage, command.positionals);
    return await command.run(optionReader(parsed, command.usage), io, parsed.positionals);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`yangguang ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    // Unexpected: the message, and the stack only on request (it might show paths, never secrets).
    const detail = io.env.YANGGUANG_DEBUG ? (error as Error).stack : (error as Error).message;
    io.stderr.write(`yangguang ${command.name}: ${detail}\n`);
    return EXIT.failed;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    // Through npm's bin symlink argv[1] is the link; compare real paths.
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2), process);
}
