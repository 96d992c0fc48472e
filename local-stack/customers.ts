/**
 * Customers and the admin as the stack's Worker knows them, for the proofs and
 * the benchmark: rows written with direct SQL and tokens signed with the
 * stack's secret, so setting up hundreds of customers costs neither HTTP calls
 * nor PBKDF2 runs.
 */
import { signToken } from '../src/modules/auth/token.ts';
import { defaultAddressStatement } from './fixture-address.ts';
import type { Stack } from './start-stack.ts';
import { uniqueTag } from './unique-tag.ts';

export type Customer = { id: number; token: string };

/** Customers as rows plus signed tokens, as sign-up would make them, each with a default address. */
export async function createCustomers(stack: Stack, count: number): Promise<Customer[]> {
  const prefix = uniqueTag('proof-customer');
  await stack.db.batch(
    [
      ...Array.from({ length: count }, (_, i) => ({
        sql: "INSERT INTO users (email, name, password_hash, role) VALUES (?, 'Proof', 'unusable', 'customer')",
        args: [`${prefix}-${i}@example.com`],
      })),
      defaultAddressStatement(`${prefix}-%`),
    ],
    'write',
  );
  const rows = await stack.db.execute({
    sql: 'SELECT id, email FROM users WHERE email LIKE ? ORDER BY id',
    args: [`${prefix}-%`],
  });
  return Promise.all(
    rows.rows.map(async (row) => {
      const user = { id: Number(row.id), email: String(row.email), name: 'Proof', role: 'customer' as const };
      return { id: user.id, token: await signToken(user, stack.authSecret, 3600) };
    }),
  );
}

/** A token for the seeded admin, signed directly so callers do not spend sign-in attempts. */
export async function adminToken(stack: Stack): Promise<string> {
  const row = (
    await stack.db.execute({ sql: 'SELECT id, email FROM users WHERE email = ?', args: [stack.admin.email] })
  ).rows[0];
  return signToken(
    { id: Number(row?.id), email: String(row?.email), name: 'Admin', role: 'admin' },
    stack.authSecret,
    3600,
  );
}
