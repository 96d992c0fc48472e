/**
 * Applies the committed Drizzle migrations in drizzle/ to a libSQL database.
 * `npm run db:migrate` runs it against TURSO_DATABASE_URL (default: the local server).
 */
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
export const LOCAL_DATABASE_URL = `http://127.0.0.1:${process.env.DB_PORT ?? 8080}`;

export async function migrateDatabase(url: string, authToken?: string): Promise<void> {
  const client = createClient({ url, authToken });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    client.close();
  }
}

if (import.meta.main) {
  const url = process.env.TURSO_DATABASE_URL ?? LOCAL_DATABASE_URL;
  await migrateDatabase(url, process.env.TURSO_AUTH_TOKEN);
  console.log(`migrations applied to ${url}`);
}
