/**
 * One libSQL client per isolate, keyed by URL and token. A fresh client may
 * spend a round trip discovering the server's endpoints, and round trips are
 * what Stockroom saves, so clients live at module scope, not per request.
 */
import { createClient } from '@libsql/client/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Config } from '../env.ts';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema>;

export type DbOptions = {
  url: string;
  authToken?: string;
  /** A request to the database that takes longer fails fast instead of hanging the Worker. */
  timeoutMs: number;
};

/** Thrown when the database did not answer within the configured timeout. */
export class DatabaseTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`The database did not answer within ${timeoutMs} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

const clients = new Map<string, Db>();

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    try {
      return await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new DatabaseTimeoutError(timeoutMs);
      }
      throw error;
    }
  };
}

function getDb({ url, authToken, timeoutMs }: DbOptions): Db {
  const key = `${url}\n${authToken ?? ''}\n${timeoutMs}`;
  let db = clients.get(key);
  if (!db) {
    const client = createClient({
      url,
      authToken,
      intMode: 'number',
      fetch: fetchWithTimeout(timeoutMs),
      // No cap: one isolate serves many requests at once, and a call queued behind the
      // cap would start its fetch from another request's context, which workerd
      // cancels as hung (a 500). (0 does not mean "no cap" here: the client reads it as 20.)
      concurrency: Number.POSITIVE_INFINITY,
    });
    db = drizzle(client, { schema });
    clients.set(key, db);
  }
  return db;
}

/** The isolate's client for a checked configuration: the one way from configuration to a database. */
export function databaseFor(config: Pick<Config, 'databaseUrl' | 'databaseAuthToken' | 'dbTimeoutMs'>): Db {
  return getDb({ url: config.databaseUrl, authToken: config.databaseAuthToken, timeoutMs: config.dbTimeoutMs });
}
