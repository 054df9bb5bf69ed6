import { clearSession, currentSession } from './session.js';
import type {
  FieldProblem,
  LoginResult,
  Page,
  Party,
  PartyKind,
  PartyStatus,
  Role,
  User,
  UserListItem,
} from './types.js';

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

/** A file sent as the raw request body (uploads), rather than JSON. */
export interface RawBody {
  data: Blob;
  type: string;
}

/** The session's Authorization header; exported for uploads sent with XMLHttpRequest (progress events). */
export function authHeaders(): Record<string, string> {
  const token = currentSession()?.token;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function send(method: string, url: string, body?: unknown, raw?: RawBody): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...authHeaders() };
  if (raw) headers['Content-Type'] = raw.type;
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(url, {
      method,
      headers,
      body: raw ? raw.data : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', String(cause), undefined, '');
  }
}

/** Turns a failed response into an ApiError; a signed-in request answered 401 ends the session. */
async function failure(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => undefined);
  const error = toApiError(response, payload);
  if (response.status === 401 && currentSession()) {
    clearSession();
    onSessionLost();
  }
  return error;
}

/** An answer read outside `request` (an XMLHttpRequest upload) as an ApiError; a 401 ends the session. */
export function apiFailure(status: number, statusText: string, payload: unknown): ApiError {
  const error = toApiError({ status, statusText } as Response, payload);
  if (status === 401 && currentSession()) {
    clearSession();
    onSessionLost();
  }
  return error;
}

export async function request<T>(method: string, path: string, body?: unknown, raw?: RawBody): Promise<T> {
  const response = await send(method, `/api/v1${path}`, body, raw);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => undefined)) as T;
}

/** A file the signed-in user may read (a draft's documents), as a Blob; `url` as the server gave it. */
export async function requestFile(url: string): Promise<Blob> {
  const response = await send('GET', url);
  if (!response.ok) throw await failure(response);
  return response.blob();
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

export interface PartyChanges {
  name?: string;
  regionCode?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string | null;
  address?: string | null;
}

export interface UserQuery {
  role?: Role;
  status?: UserListItem['status'];
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

export function query(params: object): string {
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
  /** The party's own record (its staff or an admin); a new name of a verified party needs verification again. */
  editParty: (id: string, changes: PartyChanges) =>
    request<Party>('PATCH', `/parties/${encodeURIComponent(id)}`, changes),
  listUsers: (q: UserQuery) => request<Page<UserListItem>>('GET', `/users${query(q)}`),
  setUserStatus: (id: string, status: UserListItem['status']) =>
    request<User>('POST', `/users/${encodeURIComponent(id)}/status`, { status }),
  decideParty: (id: string, decision: 'approve' | 'reject', reason?: string) =>
    request<Party>('POST', `/parties/${encodeURIComponent(id)}/verification`, { decision, reason }),
  /** The opening hall's state for a first load (the live socket keeps it current). */
  openingHall: <T>(tenderId: string) =>
    request<T>('GET', `/tenders/${encodeURIComponent(tenderId)}/opening-hall`),
};
