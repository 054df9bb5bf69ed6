import type { LoginResult, User } from './types.js';

/** The signed-in session, kept in sessionStorage so it ends with the browser tab. */
interface Session {
  token: string;
  expiresAt: string;
  user: User;
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

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
