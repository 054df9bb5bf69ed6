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
const IDLE_MS = 120_000;

type Answer = { res: IncomingMessage; body: string };

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
  // No activity for this long (e.g. a server that never answers) ends the upload as a broken one.
  req.setTimeout(IDLE_MS, () => req.destroy(new Error(`no answer for ${IDLE_MS / 1000} s`)));
  const answer = new Promise<Answer>((resolve) => {
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      let length = 0;
      res.on('data', (part: Buffer) => {
        length += part.length;
        if (length <= MAX_ANSWER_BYTES) parts.push(part);
      });
      // 'close' too: a server that answers early may close before the body is read to the end.
      const done = () => resolve({ res, body: Buffer.concat(parts).toString('utf8') });
      res.on('end', done);
      res.on('close', done);
    });
  });
  const failed = new Promise<unknown>((resolve) => req.on('error', resolve));
  const sending = pipeline(
    createReadStream(opts.path, { highWaterMark: 1 << 20, end: Math.max(0, opts.size - 1) }),
    meter,
    req,
  ).then(
    () => new Promise<never>(() => {}), // sent: now only the answer or a failure counts
    (error: unknown) => error ?? new Error('the upload failed'),
  );
  const first = await Promise.race([answer, Promise.race([failed, sending]).then((error) => ({ error }))]);
  if ('error' in first) {
    // The server may still have answered (e.g. 413, then closed): prefer its words.
    const late = await Promise.race([answer, delay(500)]);
    req.destroy();
    if (late) return result(late, hash, sent, opts.size);
    throw unreachable(opts.server, first.error);
  }
  // An answer before the whole file went out is a refusal: stop sending.
  if (sent < opts.size) req.destroy();
  return result(first, hash, sent, opts.size);
}

function result(a: Answer, hash: ReturnType<typeof createHash>, sent: number, size: number): UploadResult {
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
