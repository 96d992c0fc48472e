/**
 * Helpers for Worker tests: typed clients that call the Worker under test
 * through `SELF`, fresh accounts, and the local libSQL server's counters.
 */
import { SELF } from 'cloudflare:test';
import { inject } from 'vitest';
import { createStoreClient } from '../../client/src/store-client.ts';

const workerFetch: typeof fetch = (input, init) => SELF.fetch(input as RequestInfo, init);

export function client(token?: string, headers?: Record<string, string>) {
  return createStoreClient({ url: 'http://stockroom.test/trpc', token, batch: false, fetch: workerFetch, headers });
}

let counter = 0;
/** A unique email, so every test builds its own data and needs no order between tests. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signUpCustomer(name = 'Test Customer') {
  const email = uniqueEmail();
  const password = 'correct horse battery';
  const session = await client().auth.signUp.mutate({ email, password, name });
  return { ...session, email, password, api: client(session.token) };
}

export async function signInAdmin() {
  const session = await client().auth.signIn.mutate({
    email: inject('adminEmail'),
    password: inject('adminPassword'),
  });
  return { ...session, api: client(session.token) };
}

export type DbStats = { pipelineRequests: number; statements: number };

export async function dbStats(): Promise<DbStats> {
  const response = await fetch(`${inject('dbUrl')}/stats`);
  return (await response.json()) as DbStats;
}

/** How many pipeline requests the database served while `action` ran. */
export async function countRoundTrips(action: () => Promise<unknown>): Promise<number> {
  const before = await dbStats();
  await action();
  const after = await dbStats();
  return after.pipelineRequests - before.pipelineRequests;
}

export function workerRequest(path: string, init?: RequestInit) {
  return SELF.fetch(`http://stockroom.test${path}`, init);
}
