/**
 * The whole stack for the browser tests, on 127.0.0.1 only: builds the SPA,
 * then starts the local libSQL server (migrated and seeded) and the Worker
 * under `wrangler dev` serving the SPA through Workers Static Assets
 * (local-stack/start-stack.ts), and hands the base URL to the tests. Card
 * payments are on, against the local Stripe server (test/support/stripe-server.ts)
 * started here with keys made for this run: its sessions' hosted page is
 * where the browser "pays" (test/support/stripe-hosted-page.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../local-stack/start-stack.ts';
import { startStripeServer } from '../support/stripe-server.ts';

function buildStorefront(): Promise<void> {
  return new Promise((resolve, reject) => {
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const env = { ...process.env, NODE_ENV: 'production' };
    const args = ['vite', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'];
    const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`storefront build exited ${code}`))));
  });
}

export default async function setup(project: TestProject) {
  await buildStorefront();
  const stripeSecretKey = `sk_test_${randomBytes(16).toString('hex')}`;
  const stripeWebhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const stripe = await startStripeServer({ secretKey: stripeSecretKey });
  const vars = {
    STRIPE_SECRET_KEY: stripeSecretKey,
    STRIPE_WEBHOOK_SECRET: stripeWebhookSecret,
    STRIPE_API_URL: stripe.url,
  };
  // Every browser test signs in from one address (the browser sends no CF-Connecting-IP), far more
  // often than 30 a minute once the files run back to back; the sign-in limits have their own tests.
  const rateLimits = { AUTH_IP_LIMITER: 1_000, AUTH_EMAIL_LIMITER: 1_000 };
  const stack = await startStack({ storefront: true, vars, rateLimits }).catch(async (error: unknown) => {
    await stripe.close();
    throw error;
  });
  project.provide('storefrontUrl', stack.baseUrl);
  project.provide('storefrontDbUrl', stack.dbUrl);
  project.provide('storefrontDbAuthToken', stack.dbAuthToken);
  project.provide('storefrontAdmin', stack.admin);
  project.provide('stripeApiUrl', stripe.url);
  project.provide('stripeSecretKey', stripeSecretKey);
  project.provide('stripeWebhookSecret', stripeWebhookSecret);
  return async () => {
    await stack.stop();
    await stripe.close();
  };
}
