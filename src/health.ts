/** GET /health: 200 when the database answers, 503 with a reason when it does not. */
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { databaseFor } from './db/client.ts';
import { ConfigError, readConfig } from './env.ts';

export async function health(c: Context<{ Bindings: Env }>) {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(c.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return c.json({ status: 'error', database: 'not configured', message: error.message }, 503);
  }
  const started = Date.now();
  try {
    const db = databaseFor(config);
    await db.run(sql`SELECT 1`);
    return c.json({ status: 'ok', database: 'reachable', latencyMs: Date.now() - started });
  } catch {
    return c.json(
      { status: 'error', database: 'unreachable', message: 'The database did not answer; check TURSO_DATABASE_URL' },
      503,
    );
  }
}
