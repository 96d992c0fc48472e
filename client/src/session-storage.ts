/** The signed-in session kept in localStorage, so a reload stays signed in. */
import type { UserRole } from './types.ts';

export type SessionUser = { id: number; email: string; name: string; role: UserRole };
export type StoredSession = { token: string; user: SessionUser };

const KEY = 'stockroom.session';

export function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function readToken(): string | null {
  return readSession()?.token ?? null;
}

export function writeSession(session: StoredSession | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
