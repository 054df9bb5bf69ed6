// `yangguang custodian run`: the custodian's agent as a long-running command (or one round with --once).
// The private key is read once from the custodian's own files and stays in this process; the log goes to
// stdout as JSON lines for the custodian's own records.
import { homedir } from 'node:os';
import { systemClock } from '../../src/platform/clock.js';
import { serverOptions, serverOf, type Command, type OptionValues } from '../command.js';
import { CREDENTIAL_USAGE, credentialOptions, loadCredentials } from '../credentials.js';
import { EXIT, usageError, type CliIo } from '../io.js';
import { sessionToken } from '../session.js';
import { CustodianAgent } from './agent.js';
import { jsonLines } from './log.js';
import { defaultStatePath, fileOpeningTimes } from './state.js';

const USAGE = `yangguang custodian run --server URL ${CREDENTIAL_USAGE} [--username NAME] [--poll SECONDS] [--state FILE] [--once]`;

export const custodianRunCommand: Command = {
  name: 'custodian run',
  summary: 'Release this custodian’s key shares of each tender once the opening time has passed',
  usage: USAGE,
  options: {
    ...serverOptions,
    ...credentialOptions,
    username: { type: 'string' },
    poll: { type: 'string' },
    /** Where the opening times seen are remembered (default ~/.config/yangguang/custodian-<serial>.json). */
    state: { type: 'string' },
    once: { type: 'boolean' },
  },
  run: custodianRun,
};

async function custodianRun(opts: OptionValues, io: CliIo): Promise<number> {
  const server = serverOf(opts, io);
  if (!server) throw usageError(`--server is required\nusage: ${USAGE}`);
  const pollSeconds = Number(opts.string('poll') ?? '5');
  if (!Number.isFinite(pollSeconds) || pollSeconds < 0.1 || pollSeconds > 3600) {
    throw usageError('--poll takes seconds between 0.1 and 3600');
  }
  const credentials = await loadCredentials(io, {
    key: opts.string('key'),
    cert: opts.string('cert'),
    p12: opts.string('p12'),
    passwordStdin: opts.flag('password-stdin'),
  });
  // A daemon outlives a session: with --username it logs in (again) with YANGGUANG_PASSWORD.
  const username = opts.string('username');
  const login = username
    ? { username, password: io.env.YANGGUANG_PASSWORD ?? missingPassword() }
    : { token: await sessionToken(io, server, opts.string('config')) };
  const log = jsonLines(io.stdout, systemClock, { certificate: credentials.certificateSerial });
  const statePath =
    opts.string('state') ?? defaultStatePath(io.env, homedir(), credentials.certificateSerial);
  const agent = new CustodianAgent({
    serverUrl: server,
    ...login,
    key: credentials.keyPem,
    clock: systemClock,
    log,
    pollMs: pollSeconds * 1000,
    openingTimes: fileOpeningTimes(statePath, server),
  });

  if (opts.flag('once')) {
    const report = await agent.runOnce();
    // A share kept back and reported, signed, is the bidder's doing, not a failure of this custodian.
    const reported = new Set(report.reported.flatMap((r) => r.recorded.map((id) => `${r.tenderId}/${id}`)));
    const unreported = report.ownFailures.filter((f) => !reported.has(`${f.tenderId}/${f.bidId}`));
    const bad = report.errors.length + unreported.length + report.refused.length;
    const wrong = report.released.reduce((n, r) => n + r.wrong.length, 0);
    log({ event: 'round.summary', ...summary(report), wrong });
    return bad + wrong === 0 ? EXIT.ok : EXIT.failed;
  }
  const stop = () => agent.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await agent.run();
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  return EXIT.ok;
}

function missingPassword(): never {
  throw usageError('--username needs the password in YANGGUANG_PASSWORD');
}

function summary(report: Awaited<ReturnType<CustodianAgent['runOnce']>>) {
  return {
    waiting: report.waiting.length,
    released: report.released.reduce((n, r) => n + r.accepted.length, 0),
    notReleased: report.ownFailures.length,
    reported: report.reported.reduce((n, r) => n + r.recorded.length, 0),
    refused: report.refused.length,
    errors: report.errors.length,
  };
}
