/**
 * Starts one real local libSQL server for the Worker tests, with a token made
 * for this run, applies the migrations, seeds the demo catalog, and hands its
 * URL and token to the Worker's bindings and to the tests through `inject`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDbServer } from '../../db-server/server.ts';
import { migrateDatabase } from '../../scripts/migrate.ts';
import { DEFAULT_ADMIN, seedDatabase } from '../../scripts/seed.ts';

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'stockroom-workers-'));
  const authToken = randomBytes(32).toString('hex');
  const server = await startDbServer({ file: join(dir, 'test.db'), port: 0, authToken });
  await migrateDatabase(server.url, authToken);
  await seedDatabase({ url: server.url, authToken });
  project.provide('dbUrl', server.url);
  project.provide('dbAuthToken', authToken);
  project.provide('adminEmail', DEFAULT_ADMIN.email);
  project.provide('adminPassword', DEFAULT_ADMIN.password);
  return async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
}
