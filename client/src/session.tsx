/**
 * Who is signed in. The token lives in localStorage (see session-storage.ts);
 * this context lets pages react when it changes, and signing out drops every
 * cached query so the next person sees nothing of the last one's data.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { errorReason, queryClient } from './api.ts';
import { readSession, type StoredSession, writeSession } from './session-storage.ts';

type SessionValue = {
  session: StoredSession | null;
  signIn: (session: StoredSession) => void;
  signOut: () => void;
};

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState(readSession);

  const signIn = useCallback((next: StoredSession) => {
    writeSession(next);
    queryClient.clear();
    setSession(next);
  }, []);

  const signOut = useCallback(() => {
    writeSession(null);
    queryClient.clear();
    setSession(null);
  }, []);

  // An expired or revoked token signs the person out instead of failing every page.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type === 'updated' && errorReason(event.query.state.error) === 'TOKEN_INVALID') signOut();
      }),
    [signOut],
  );

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
