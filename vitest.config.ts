/**
 * Three test projects: `node` (units, the local libSQL server's conformance,
 * and the proofs that start the whole stack), `workers` (the Worker in real
 * workerd, against a real local libSQL server that test/workers/global-setup.ts
 * starts, migrates and seeds) and `browser` (Chromium, the system's or the one
 * @sparticuz/chromium ships, against the running stack that
 * test/browser/global-setup.ts starts).
 */
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { DEFAULT_START_TIMEOUT_MS } from './local-stack/start-stack.ts';
import { UI_TIMEOUT_MS } from './test/browser/ui-timeout.ts';

/**
 * A hook that starts the stack must outlast the stack's own start timeout
 * (plus bundling, migrating and seeding before it, and the teardown after a
 * failed start): a hook timed out first would leave startStack running, and
 * its `wrangler dev` orphaned, since afterAll has no stack to stop yet.
 */
const STACK_HOOK_TIMEOUT_MS = DEFAULT_START_TIMEOUT_MS + 60_000;

export default defineConfig({
  test: {
    // @libsql/client awaits a batch's per-statement promises only after the whole
    // batch response is in, so workerd reports a refused guard's rejection as
    // "unhandled" before the client handles it. Only those are ignored here.
    onUnhandledError: (error) => !(error?.name === 'ResponseError' && /constraint failed/.test(String(error.message))),
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: STACK_HOOK_TIMEOUT_MS,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TURSO_DATABASE_URL: inject<string>('dbUrl'),
                TURSO_AUTH_TOKEN: inject<string>('dbAuthToken'),
                AUTH_SECRET: 'workers-test-secret-0123456789-abcdefghij',
                // Races of hundreds of checkouts queue their writes behind one writer on a busy
                // 2-core machine: they prove no oversell and no 5xx, not the machine's speed, so
                // the database gets 30 s before a 503 (the timeout's own tests set 2 s).
                DB_TIMEOUT_MS: '30000',
                // Off for the Worker under test, whose fixtures write SQL directly; the cache's own tests turn it on.
                CATALOG_CACHE_TTL_SECONDS: '0',
                // Tests place many orders per customer; the cap's own test sets it low.
                MAX_PENDING_ORDERS: '1000',
                CORS_ORIGINS: 'https://shop.example',
                // Card payments, through the real SDK, against the local Stripe server global-setup.ts starts.
                STRIPE_SECRET_KEY: inject<string>('stripeSecretKey'),
                STRIPE_WEBHOOK_SECRET: inject<string>('stripeWebhookSecret'),
                STRIPE_API_URL: inject<string>('stripeApiUrl'),
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          globalSetup: ['test/workers/global-setup.ts'],
          // Files share one database server and its /stats counters.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Builds the SPA, then runs the database and `wrangler dev` for real Chromium to drive.
          globalSetup: ['test/browser/global-setup.ts'],
          // One browser at a time: the machine is small and the files share one stack.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: UI_TIMEOUT_MS } },
        },
      },
    ],
  },
});
