/**
 * On a fresh isolate (here: a fresh module graph, nothing derived yet), the
 * very first sign-in for an unknown email costs exactly one PBKDF2 derivation,
 * as a wrong password does: the decoy hash it checks is a constant, not made
 * on first use.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../scripts/migrate.ts';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { signIn } from '../../src/modules/auth/auth.service.ts';
import { DECOY_PASSWORD_HASH, hashPassword } from '../../src/modules/auth/password.ts';

let dir: string;
let db: Db;
let close: () => void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stockroom-decoy-'));
  const client = createClient({ url: `file:${join(dir, 'auth.db')}` });
  close = () => client.close();
  db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
});
afterAll(async () => {
  close();
  await rm(dir, { recursive: true, force: true });
});

it('derives exactly once for the first unknown-email sign-in, with the iterations of a real hash', async () => {
  const spy = vi.spyOn(crypto.subtle, 'deriveBits');
  try {
    const settings = { authSecret: 'x'.repeat(32), tokenTtlSeconds: 60 };
    await expect(
      signIn(db, { email: 'nobody@example.com', password: 'whatever-it-is' }, settings),
    ).rejects.toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    expect(spy).toHaveBeenCalledTimes(1);
    expect((spy.mock.calls[0]?.[0] as { iterations: number } | undefined)?.iterations).toBe(100_000);
  } finally {
    spy.mockRestore();
  }
  const real = await hashPassword('some password');
  expect(DECOY_PASSWORD_HASH.split('$').slice(0, 2)).toEqual(real.split('$').slice(0, 2));
});
