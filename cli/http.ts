// Talking to the platform's JSON API. A refusal becomes a CliError that says what the server said
// ({"error":{"code","message","details"}}), so users see "409 BID_DEADLINE_PASSED: ..." rather
// than a stack trace; an unreachable server is exit code 3 so a script knows a retry may help.
import { CliError, EXIT } from './io.js';

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(describeRefusal(status, body), EXIT.failed);
  }
}

export function describeRefusal(status: number, body: ApiErrorBody): string {
  const lines = [`The server refused (${status} ${body.code}): ${body.message}`];
  if (Array.isArray(body.details)) {
    for (const d of body.details.slice(0, 20) as { path?: string; message?: string }[]) {
      lines.push(`  ${d.path ? `${d.path}: ` : ''}${d.message ?? JSON.stringify(d)}`);
    }
  } else if (body.details && typeof body.details === 'object') {
    for (const [key, value] of Object.entries(body.details).slice(0, 20)) {
      lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  if (body.requestId) lines.push(`  (request id ${body.requestId})`);
  return lines.join('\n');
}

/** The error body of any response, or a synthetic one for a server that did not send JSON. */
export function errorBodyOf(status: number, text: string): ApiErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: ApiErrorBody };
    if (parsed.error && typeof parsed.error.code === 'string') return parsed.error;
  } catch {
    // not JSON: a proxy's error page, say
  }
  return { code: `HTTP_${status}`, message: text.slice(0, 200).trim() || 'no message' };
}

export function apiUrl(server: string, path: string): URL {
  const base = new URL(server);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new CliError(`--server must be an http:// or https:// URL, not ${server}`, EXIT.usage);
  }
  // Keep a path prefix (a server behind https://host/yangguang/).
  return new URL(`${base.pathname.replace(/\/+$/, '')}/api/v1${path}`, base.origin);
}

export function unreachable(server: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(`Cannot reach ${server}: ${why}`, EXIT.unreachable);
}

export async function apiJson<T>(
  server: string,
  path: string,
  opts: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const url = apiUrl(server, path);
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (error) {
    throw unreachable(server, error);
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, errorBodyOf(res.status, text));
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CliError(`The server answered ${res.status} with something that is not JSON`);
  }
}
