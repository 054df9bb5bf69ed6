import { clearSession, currentSession } from './session.js';
import type { FieldProblem, LoginResult, Page, Party, PartyKind, PartyStatus, User } from './types.js';

/** An error answered by the API (or a network failure, code `NETWORK`), with the server's fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly requestId: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The failing fields of a 422, e.g. `{ path: 'party.uscc', ... }`; empty otherwise. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldProblem => typeof d === 'object' && d !== null && typeof d.path === 'string',
    );
  }
}

let onSessionLost: () => void = () => {};

/** Called when a signed-in request comes back 401: the token expired or was revoked. */
export function whenSessionLost(handler: () => void): void {
  onSessionLost = handler;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = currentSession()?.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', String(cause), undefined, '');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const error = toApiError(response, payload);
  if (response.status === 401 && token) {
    clearSession();
    onSessionLost();
  }
  throw error;
}

function toApiError(response: Response, payload: unknown): ApiError {
  const body = (payload as { error?: Partial<Record<string, unknown>> } | undefined)?.error;
  const requestId = typeof body?.requestId === 'string' ? body.requestId : '';
  if (typeof body?.code !== 'string') {
    return new ApiError(
      response.status,
      `HTTP_${response.status}`,
      response.statusText,
      undefined,
      requestId,
    );
  }
  return new ApiError(response.status, body.code, String(body.message ?? ''), body.details, requestId);
}

export interface PartyQuery {
  status?: PartyStatus;
  kind?: PartyKind;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface Registration {
  party: {
    name: string;
    uscc: string;
    kind: PartyKind;
    regionCode: string;
    contactName: string;
    contactPhone: string;
    contactEmail?: string;
    address?: string;
  };
  account: { username: string; password: string; displayName: string };
}

function query(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  login: (username: string, password: string) =>
    request<LoginResult>('POST', '/auth/login', { username, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<{ user: User; party: Party | null }>('GET', '/auth/me'),
  listParties: (q: PartyQuery) => request<Page<Party>>('GET', `/parties${query(q)}`),
  getParty: (id: string) => request<Party>('GET', `/parties/${encodeURIComponent(id)}`),
  register: (registration: Registration) =>
    request<{ party: Party; user: User }>('POST', '/parties', registration),
  decideParty: (id: string, decision: 'approve' | 'reject', reason?: string) =>
    request<Party>('POST', `/parties/${encodeURIComponent(id)}/verification`, { decision, reason }),
};
