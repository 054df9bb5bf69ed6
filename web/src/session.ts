import type { LoginResult, Party, User } from './types.js';

/** What the pages need to know of the user's party: pending and rejected parties may do less. */
export type PartyState = Pick<Party, 'id' | 'name' | 'status' | 'rejectionReason'>;

/** The signed-in session, kept in sessionStorage so it ends with the browser tab. */
interface Session {
  token: string;
  expiresAt: string;
  user: User;
  /** Known after `/auth/me` answers (right after login, and on every page load). */
  party?: PartyState | null;
}

const STORAGE_KEY = 'yangguang.session';

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  // No expiry check against the local clock, which may be wrong: the server answers 401 when it ends.
  try {
    return JSON.parse(raw) as Session;
  } catch {
    clearSession();
    return null;
  }
}

export function currentUser(): User | null {
  return currentSession()?.user ?? null;
}

export function saveSession(login: LoginResult): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(login));
}

export function updateUser(user: User): void {
  const session = currentSession();
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...session, user }));
}

export function currentParty(): PartyState | null {
  return currentSession()?.party ?? null;
}

/** Keeps the party's state; answers whether it changed (the page then shows the new state). */
export function updateParty(party: Party | null): boolean {
  const session = currentSession();
  if (!session) return false;
  const next: PartyState | null = party && {
    id: party.id,
    name: party.name,
    status: party.status,
    rejectionReason: party.rejectionReason,
  };
  if (JSON.stringify(next) === JSON.stringify(session.party ?? null)) return false;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ ...session, party: next }));
  return true;
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
