// Streams a file as a request body with node:http(s): the file is never held in memory, its SHA-256
// is computed on the way out (to compare with the receipt), and progress is reported per piece.
// A server that answers before the upload ends (401, 413, a late bid) stops the upload at once.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from './io.js';
import { unreachable } from './http.js';

const MAX_ANSWER_BYTES = 1 << 20;

export interface UploadResult {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
  /** SHA-256 of the bytes sent, hex; complete only when the whole file went out. */
  sentSha256: string;
  sentBytes: number;
}

export async function uploadFile(opts: {
  url: URL;
  server: string;
  path: string;
  size: number;
  headers: Record<string, string>;
  onProgress?: (bytes: number) => void;
}): Promise<UploadResult> {
  const request = opts.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const hash = createHash('sha256');
  let sent = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sent += chunk.length;
      opts.onProgress?.(chunk.length);
      done(null, chunk);
    },
  });
  const req = request(opts.url, {
    method: 'POST',
    headers: { ...opts.headers, 'content-length': String(opts.size) },
  });
  const answer = new Promise<{ res: IncomingMessage; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      let length = 0;
      res.on('data', (part: Buffer) => {
        length += part.length;
        if (length <= MAX_ANSWER_BYTES) parts.push(part);
      });
      res.on('end', () => resolve({ res, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  const sending = pipeline(
    createReadStream(opts.path, { highWaterMark: 1 << 20, end: Math.max(0, opts.size - 1) }),
    meter,
    req,
  );
  // Whichever settles first decides: an early answer ends the upload; a send error without an
  // answer means the connection broke.
  const outcome = await Promise.race([
    answer.then((a) => ({ kind: 'answer' as const, ...a })),
    sending.then(
      () => answer.then((a) => ({ kind: 'answer' as const, ...a })),
      (error: unknown) => ({ kind: 'broken' as const, error }),
    ),
  ]).catch((error: unknown) => ({ kind: 'broken' as const, error }));
  if (outcome.kind === 'broken') {
    // The server may still have answered (e.g. 413 and then closed): prefer its words.
    const late = await Promise.race([answer, delay(1000)]).catch(() => undefined);
    if (late) return result(late, hash, sent, opts.size);
    req.destroy();
    throw unreachable(opts.server, outcome.error);
  }
  if (sent < opts.size) req.destroy();
  sending.catch(() => undefined);
  return result(outcome, hash, sent, opts.size);
}

function result(
  a: { res: IncomingMessage; body: string },
  hash: ReturnType<typeof createHash>,
  sent: number,
  size: number,
): UploadResult {
  return {
    status: a.res.statusCode ?? 0,
    body: a.body,
    headers: a.res.headers,
    sentSha256: sent === size ? hash.digest('hex') : '',
    sentBytes: sent,
  };
}

function delay(ms: number): Promise<undefined> {
  return sleep(ms, undefined, { ref: false });
}

export function assertComplete(result: UploadResult, size: number): void {
  if (result.sentBytes !== size) {
    throw new CliError(`The file changed while it was sent (${result.sentBytes} of ${size} bytes)`);
  }
}
