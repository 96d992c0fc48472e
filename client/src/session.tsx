/**
 * Who is signed in. The token lives in localStorage (see session-storage.ts);
 * this context lets pages react when it changes, and signing in or out drops
 * every cached query so the next person sees nothing of the last one's data.
 * Signing in also ends the guest's cart: the server merged it into the
 * account's, so its token is dropped.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { errorReason, queryClient, trpc } from './api.ts';
import { dropCartToken } from './cart-token-storage.ts';
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
    dropCartToken();
    queryClient.clear();
    setSession(next);
  }, []);

  const signOut = useCallback(() => {
    writeSession(null);
    queryClient.clear();
    setSession(null);
  }, []);

  // An expired or revoked token signs the person out instead of failing every page;
  // a guest cart the server no longer has (left alone and swept) is forgotten, and
  // the next cart write starts a new one.
  useEffect(() => {
    const onError = (error: unknown) => {
      const reason = errorReason(error);
      if (reason === 'TOKEN_INVALID') signOut();
      if (reason === 'CART_NOT_FOUND') {
        dropCartToken();
        void queryClient.invalidateQueries(trpc.cart.pathFilter());
      }
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [signOut]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
