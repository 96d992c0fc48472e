/**
 * Starts one real local libSQL server for the Worker tests, with a token made
 * for this run, applies the migrations, seeds the demo catalog, adds the
 * fixture shipping setup (local-stack/fixture-address.ts), and hands its URL,
 * token and the fixture method's id to the Worker's bindings and to the tests
 * through `inject`. Beside it, the local Stripe server
 * (test/support/stripe-server.ts) with a secret key and a webhook secret made
 * for this run, handed over the same way.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { TestProject } from 'vitest/node';
import { startDbServer } from '../../db-server/server.ts';
import { installFixtureShipping } from '../../local-stack/fixture-address.ts';
import { migrateDatabase } from '../../scripts/migrate.ts';
import { DEFAULT_ADMIN, seedDatabase } from '../../scripts/seed.ts';
import { startStripeServer } from '../support/stripe-server.ts';

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'stockroom-workers-'));
  const authToken = randomBytes(32).toString('hex');
  const server = await startDbServer({ file: join(dir, 'test.db'), port: 0, authToken });
  await migrateDatabase(server.url, authToken);
  await seedDatabase({ url: server.url, authToken });
  const db = createClient({ url: server.url, authToken });
  try {
    project.provide('fixtureShippingMethodId', await installFixtureShipping(db));
  } finally {
    db.close();
  }
  project.provide('dbUrl', server.url);
  project.provide('dbAuthToken', authToken);
  project.provide('adminEmail', DEFAULT_ADMIN.email);
  project.provide('adminPassword', DEFAULT_ADMIN.password);
  const stripeSecretKey = `sk_test_${randomBytes(16).toString('hex')}`;
  const stripe = await startStripeServer({ secretKey: stripeSecretKey });
  project.provide('stripeApiUrl', stripe.url);
  project.provide('stripeSecretKey', stripeSecretKey);
  project.provide('stripeWebhookSecret', `whsec_${randomBytes(24).toString('hex')}`);
  return async () => {
    await stripe.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
}
