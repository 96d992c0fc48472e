import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app.ts';
import { databaseFor } from '../../src/db/client.ts';

const trpcGet = (path: string, bindings: Record<string, unknown>) =>
  app.request(`http://stockroom.test${path}`, {}, { ...env, ...bindings });

describe('configuration and an unreachable database', () => {
  it('answers /health with 503 and a clear body when the database is unreachable', async () => {
    const response = await trpcGet('/health', { TURSO_DATABASE_URL: 'http://127.0.0.1:9', DB_TIMEOUT_MS: '2000' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'error', database: 'unreachable' });
  });

  it('names a missing binding with 503 on /health and on tRPC calls', async () => {
    const health = await trpcGet('/health', { TURSO_DATABASE_URL: undefined });
    expect(health.status).toBe(503);
    expect(((await health.json()) as { message: string }).message).toContain('TURSO_DATABASE_URL');

    const call = await trpcGet('/trpc/auth.me', { AUTH_SECRET: undefined });
    expect(call.status).toBe(503);
    const body = (await call.json()) as { error: { message: string; data: { reason: string } } };
    expect(body.error.message).toContain('AUTH_SECRET');
    expect(body.error.data.reason).toBe('NOT_CONFIGURED');
  });

  it.each([
    ['31 characters', 'a'.repeat(31)],
    ['the .dev.vars.example placeholder', 'change-me-to-a-long-random-string'],
  ])('refuses an AUTH_SECRET of %s with 503 NOT_CONFIGURED naming it', async (_case, secret) => {
    const call = await trpcGet('/trpc/catalog.categories', { AUTH_SECRET: secret });
    expect(call.status).toBe(503);
    const body = (await call.json()) as { error: { message: string; data: { reason: string } } };
    expect(body.error.message).toContain('AUTH_SECRET');
    expect(body.error.data.reason).toBe('NOT_CONFIGURED');
  });

  it('accepts an AUTH_SECRET of 32 characters', async () => {
    const call = await trpcGet('/trpc/catalog.categories', { AUTH_SECRET: 'b'.repeat(32) });
    expect(call.status).toBe(200);
  });

  it('names a missing rate limit binding with 503 NOT_CONFIGURED, like any other binding', async () => {
    const call = await trpcGet('/trpc/catalog.categories', { AUTH_EMAIL_LIMITER: undefined });
    expect(call.status).toBe(503);
    const body = (await call.json()) as { error: { message: string; data: { reason: string } } };
    expect(body.error.message).toContain('AUTH_EMAIL_LIMITER');
    expect(body.error.data.reason).toBe('NOT_CONFIGURED');
  });

  it('names a missing R2 bucket with 503 NOT_CONFIGURED, on tRPC calls and on image uploads', async () => {
    const call = await trpcGet('/trpc/catalog.categories', { IMAGES: undefined });
    expect(call.status).toBe(503);
    const body = (await call.json()) as { error: { message: string; data: { reason: string } } };
    expect(body.error.message).toContain('IMAGES');
    expect(body.error.data.reason).toBe('NOT_CONFIGURED');
    const upload = await app.request(
      'http://stockroom.test/images/products/1',
      { method: 'POST', headers: { authorization: 'Bearer x' }, body: 'x' },
      { ...env, IMAGES: undefined },
    );
    expect(upload.status).toBe(503);
    expect(((await upload.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe('NOT_CONFIGURED');
  });

  it('answers a cross-origin call to a Worker missing a binding with 503 and no allowed origin', async () => {
    const response = await app.request(
      'http://stockroom.test/trpc/catalog.categories',
      { headers: { origin: 'https://shop.example' } },
      { ...env, AUTH_SECRET: undefined },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers tRPC calls with 503 DATABASE_UNAVAILABLE, not 500, when the database is down', async () => {
    const response = await app.request(
      'http://stockroom.test/trpc/auth.signIn',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@example.com', password: 'whatever-123' }),
      },
      { ...env, TURSO_DATABASE_URL: 'http://127.0.0.1:9', DB_TIMEOUT_MS: '2000' },
    );
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { message: string; data: { reason: string } } };
    expect(body.error.data.reason).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
  });

  it('keeps one libSQL client per isolate for each configuration, never one per request', () => {
    const config = { databaseUrl: 'http://127.0.0.1:9', databaseAuthToken: 'token-a', dbTimeoutMs: 2000 };
    const first = databaseFor(config);
    expect(databaseFor({ ...config })).toBe(first);
    expect(databaseFor({ ...config, databaseAuthToken: 'token-b' })).not.toBe(first);
    expect(databaseFor({ ...config, dbTimeoutMs: 3000 })).not.toBe(first);
  });
});
