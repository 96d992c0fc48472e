/**
 * One libSQL client per isolate, keyed by URL, token and timeout. Building a
 * client and its Drizzle instance costs Worker CPU on every request that does
 * it, and a client that probes the server's protocol version (the Hrana
 * HTTP client does when it is opened for v3) would also spend a round trip,
 * which is what Stockroom saves; so clients live at module scope. The
 * installed @libsql/client opens Hrana v2 without a probe, so the round-trip
 * counts would not see a client per request: test/workers/config-unit.test.ts
 * checks the reuse itself.
 */
import { type Client, createClient } from '@libsql/client/web';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Config } from '../env.ts';
import * as schema from './schema.ts';

/** Drizzle over the isolate's libSQL client; `$client` sends the batches built once (prepared-batch.ts). */
export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

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

/**
 * The client's transport: its Request goes out as it is, and DB_TIMEOUT_MS
 * is a timer raced against the answer. Wrapping the Request again to attach
 * an `AbortSignal.timeout` would copy it and start a signal per request, on
 * every database call. The race covers the wait for the answer's headers:
 * the local server and sqld send a pipeline's whole answer at once, after
 * running it. A request given up on is cancelled by the runtime when the
 * Worker's own request ends.
 */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    let timer = 0;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(timeoutMs)), timeoutMs);
    });
    const answer = init === undefined ? fetch(input) : fetch(input, init);
    return Promise.race([answer, timedOut]).finally(() => clearTimeout(timer));
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
