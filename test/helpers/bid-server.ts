import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import type { Config } from '../../src/platform/config.js';

/** Config variables the server reads; a spawned server gets only the ones the test sets. */
const CONFIG_VARS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'STORAGE_DIR',
  'KEYS_DIR',
  'LOG_LEVEL',
  'SEED_DEMO',
  'SESSION_TTL_HOURS',
  'BID_MAX_MB',
  'REDIS_URL',
];

/**
 * The real server on a test platform's data, with the system clock: `node --import tsx src/server.ts`, or with
 * `compiled` the build `npm start` runs (`node dist/src/server.js`; the caller builds it first), without tsx's
 * loader thread, in-memory sources and source maps in the process.
 */
export class SpawnedServer {
  readonly child: ChildProcess;
  output = '';
  readonly baseUrl: Promise<string>;
  readonly exited: Promise<void>;

  constructor(config: Config, extra: Record<string, string> = {}, opts: { compiled?: boolean } = {}) {
    const env = { ...process.env };
    for (const name of CONFIG_VARS) delete env[name];
    Object.assign(env, {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: config.DATABASE_URL,
      STORAGE_DIR: config.STORAGE_DIR,
      KEYS_DIR: config.KEYS_DIR,
      LOG_LEVEL: 'info',
      SEED_DEMO: 'false',
      SESSION_TTL_HOURS: String(config.SESSION_TTL_HOURS),
      ...extra,
    });
    const nodeArgs = process.env.BID_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const entry = opts.compiled ? ['dist/src/server.js'] : ['--import', 'tsx', 'src/server.ts'];
    this.child = spawn(process.execPath, [...nodeArgs, ...entry], {
      cwd: process.cwd(),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.baseUrl = new Promise((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const port = /"port":(\d+)/.exec(this.output)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      };
      this.child.stdout!.on('data', onData);
      this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
      void this.exited.then(() => reject(new Error(`the server exited before listening\n${this.output}`)));
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** kill -9: no shutdown, no flush, nothing but what is already on disk survives. */
  async kill9(): Promise<void> {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => void this.kill9(), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Answer {
  status: number;
  body: string;
}

/** POSTs a body streamed from pieces (chunked), without holding it; rejects if the connection breaks. */
export function streamUpload(
  url: string,
  headers: Record<string, string>,
  pieces: AsyncIterable<Uint8Array>,
  onSent?: (bytes: number) => void,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A connection of its own (no keep-alive agent): a reused socket that the server closes for idleness just as
    // the next upload starts on it fails with "socket hang up", by chance, on a loaded machine.
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const source = pieces instanceof Readable ? pieces : Readable.from(pieces, { objectMode: false });
    if (onSent) source.on('data', (c: Buffer) => onSent(c.length));
    source.on('error', (err) => req.destroy(err));
    source.pipe(req);
  });
}
