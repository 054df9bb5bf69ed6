import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

/** Paths that never reach a log line: credentials, tokens, keys. */
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.privateKey',
  '*.secret',
];

export type LogFormat = 'pretty' | 'json';

/**
 * Readable lines for a person at a terminal, JSON lines for everything else (a file, a pipe, a log collector,
 * the tests that read the server's output): a program reading the logs never gets the coloured form.
 */
export function logFormatFor(out: { isTTY?: boolean }): LogFormat {
  return out.isTTY === true ? 'pretty' : 'json';
}

export interface LoggerOptions {
  /** Chosen from standard output by default. */
  format?: LogFormat;
  /** Where the lines go; standard output by default. */
  destination?: DestinationStream;
}

export function createLogger(level: string, opts: LoggerOptions = {}): Logger {
  const options = { level, redact: { paths: redactPaths, censor: '[redacted]' } };
  const format = opts.format ?? logFormatFor(process.stdout);
  if (format === 'json') return opts.destination ? pino(options, opts.destination) : pino(options);
  // In-process and synchronous: a terminal is read by a person at human speed, and a line written just before
  // the process exits (a failed start) must not be lost in a buffer or a worker thread.
  const pretty = PinoPretty({
    destination: opts.destination ?? 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    // One line per entry, its fields after the message: a terminal scrolls by too fast for indented blocks.
    singleLine: true,
    colorize: opts.destination ? false : undefined,
  });
  return pino(options, pretty);
}

export type { Logger };
