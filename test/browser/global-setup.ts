/**
 * The whole stack for the browser tests, on 127.0.0.1 only: builds the SPA,
 * then starts the local libSQL server (migrated and seeded) and the Worker
 * under `wrangler dev` serving the SPA through Workers Static Assets
 * (local-stack/start-stack.ts), and hands the base URL to the tests.
 */
import { spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startStack } from '../../local-stack/start-stack.ts';

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
  const stack = await startStack({ storefront: true });
  project.provide('storefrontUrl', stack.baseUrl);
  project.provide('storefrontDbUrl', stack.dbUrl);
  project.provide('storefrontDbAuthToken', stack.dbAuthToken);
  project.provide('storefrontAdmin', stack.admin);
  return () => stack.stop();
}
