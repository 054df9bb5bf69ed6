// The agent's HTTP side: one JSON request at a time, each logged (method, path, status, time taken;
// never a body), with a timeout, retries with capped exponential backoff on network errors and 5xx,
// and a fresh login when a session expires (agents run for weeks; sessions last hours).
import { ApiError, apiUrl, errorBodyOf } from '../http.js';
import type { AgentLog } from './log.js';

export interface ClientOptions {
  serverUrl: string;
  /** A session token (from `yangguang login` or YANGGUANG_TOKEN), or credentials to log in with. */
  token?: string;
  username?: string;
  password?: string;
  log: AgentLog;
  /** Waits between retries; tests pass one that does not really wait. */
  sleep?: (ms: number) => Promise<void>;
  retries?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
}

/** The server could not be reached (after retries): the agent tries again on its next round. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CustodianClient {
  private token: string | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: ClientOptions) {
    if (!opts.token && !(opts.username && opts.password)) {
      throw new Error('A custodian agent needs a session token, or a username and password');
    }
    this.token = opts.token;
    this.sleep = opts.sleep ?? realSleep;
  }

  async get(path: string): Promise<unknown> {
    return this.authorized('GET', path);
  }

  async post(path: string, body: unknown): Promise<unknown> {
    return this.authorized('POST', path, body);
  }

  private async authorized(method: string, path: string, body?: unknown): Promise<unknown> {
    if (!this.token) await this.login();
    try {
      return await this.withRetries(method, path, body, this.token);
    } catch (error) {
      // An expired or revoked session: log in again once, if the agent has credentials.
      if (error instanceof ApiError && error.status === 401 && this.opts.username && this.opts.password) {
        await this.login();
        return this.withRetries(method, path, body, this.token);
      }
      throw error;
    }
  }

  private async login(): Promise<void> {
    const { username, password } = this.opts;
    if (!username || !password) throw new Error('The session token was refused and no password is known');
    const answer = (await this.withRetries('POST', '/auth/login', { username, password })) as {
      token?: unknown;
    };
    if (typeof answer?.token !== 'string') throw new Error('The server answered the login without a token');
    this.token = answer.token;
  }

  private async withRetries(method: string, path: string, body?: unknown, token?: string): Promise<unknown> {
    const retries = this.opts.retries ?? 5;
    let wait = this.opts.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, path, body, token);
      } catch (error) {
        const retriable = error instanceof NetworkError || (error instanceof ApiError && error.status >= 500);
        if (!retriable || attempt >= retries) throw error;
        // Jitter keeps three agents that lost the server together from returning in lockstep.
        const delay = Math.min(wait, this.opts.maxBackoffMs ?? 30_000) * (0.75 + Math.random() / 2);
        this.opts.log({ event: 'retry', method, path, attempt: attempt + 1, inMs: Math.round(delay) });
        await this.sleep(delay);
        wait *= 2;
      }
    }
  }

  private async once(method: string, path: string, body?: unknown, token?: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    let res: Response;
    let text: string;
    try {
      res = await fetch(apiUrl(this.opts.serverUrl, path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
      text = await res.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      this.opts.log({ event: 'request', method, path, error: cause, ms: took() });
      throw new NetworkError(`${method} ${path}: ${cause}`);
    }
    if (!res.ok) {
      const refusal = errorBodyOf(res.status, text);
      this.opts.log({ event: 'request', method, path, status: res.status, code: refusal.code, ms: took() });
      throw new ApiError(res.status, refusal);
    }
    this.opts.log({ event: 'request', method, path, status: res.status, ms: took() });
    try {
      return text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      throw new ApiError(res.status, {
        code: 'NOT_JSON',
        message: 'The server answered with something not JSON',
      });
    }
  }
}
