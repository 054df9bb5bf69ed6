import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { eventually } from './eventually.js';

/** The variables the server reads (src/platform/config.ts); the test sets its own, never the caller's. */
export const CONFIG_VARS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'STORAGE_DIR',
  'KEYS_DIR',
  'LOG_LEVEL',
  'REDIS_URL',
  'SESSION_TTL_HOURS',
  'LOGIN_MAX_ATTEMPTS',
  'LOGIN_WINDOW_MINUTES',
  'REGISTRATIONS_PER_HOUR',
  'AUDIT_CHECKPOINT_EVERY',
  'SEED_DEMO',
  'TRUST_PROXY',
  'BODY_LIMIT_KB',
  'FEED_CACHE_MS',
];

/** The first line of the demo accounts' table the server prints. */
export const DEMO_HEADER = 'Demo accounts';

/**
 * One run of the server, with its output kept line by line. It runs as `node --import tsx src/server.ts`:
 * one process, as `node dist/src/server.js` is in production, so SIGTERM reaches the server itself
 * (`npx` does not pass SIGTERM on to its child: it dies and leaves the server running).
 */
export class ServerProcess {
  readonly stdout: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private exitCode: number | null | undefined;

  constructor(env: Record<string, string>) {
    const base = { ...process.env };
    for (const name of CONFIG_VARS) delete base[name];
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: process.cwd(),
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a test that fails half-way can end whatever it started.
      detached: true,
    });
    let partial = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      this.stdout.push(...lines);
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolve(this.exitCode);
      });
    });
  }

  /** pino's JSON lines; the demo account table is plain text and skipped here. */
  logs(): Record<string, unknown>[] {
    return this.stdout.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** Waits for a log line to match, failing at once if the process exits and after `ms` at the latest. */
  async waitForLog(match: (log: Record<string, unknown>) => boolean, what: string, ms: number) {
    try {
      return await eventually(what, () => this.logs().find(match), {
        timeoutMs: ms,
        abort: () => (this.exitCode !== undefined ? `the server exited (${this.exitCode})` : null),
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${this.output()}`);
    }
  }

  /** The port from the "serving" log line. */
  async listening(ms: number): Promise<string> {
    const line = await this.waitForLog((l) => typeof l.port === 'number' && l.port > 0, 'listening port', ms);
    return `http://127.0.0.1:${line.port as number}`;
  }

  /**
   * Demo accounts as printed: `  <role> <username> <password>` after the header. Log lines are skipped: pino
   * writes asynchronously, so one written before the table may still land inside it.
   */
  printedAccounts(): { role: string; username: string; password: string }[] {
    const start = this.stdout.findIndex((l) => l.includes(DEMO_HEADER));
    if (start < 0) return [];
    const accounts = [];
    for (const line of this.stdout.slice(start + 1)) {
      if (line.startsWith('{')) continue;
      const m = /^\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
      if (!m) break;
      accounts.push({ role: m[1]!, username: m[2]!, password: m[3]! });
    }
    return accounts;
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Ends every process of this run, if any is still there (only after a failure). */
  killAll(): void {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  async exitWithin(ms: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the server did not exit within ${ms} ms\n${this.output()}`)),
        ms,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  output(): string {
    return `--- stdout\n${this.stdout.join('\n')}\n--- stderr\n${this.stderr}`;
  }
}

export async function login(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as { token?: string; user?: { role: string } } };
}
