/**
 * Fixtures and invariant checks for the proofs that drive the real stack
 * (test/support/stack.ts) over HTTP. Fixtures are written with direct SQL and
 * tokens are signed with the stack's secret, so setting up hundreds of
 * customers costs neither HTTP calls nor PBKDF2 runs; only what is under
 * test goes through the Worker.
 */
import type { Client } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../src/db/schema.ts';
import { newProductStatements } from '../../src/db/stock.ts';
import { signToken } from '../../src/modules/auth/token.ts';
import type { ErrorData } from '../../src/shared/error-data.ts';
import type { Stack } from './stack.ts';

export type Customer = { id: number; token: string };

let batchCounter = 0;
function tag(prefix: string): string {
  batchCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${batchCounter}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Products in the seeded catalog's first category, each with its `initial` ledger row (src/db/stock.ts). */
export async function createProducts(stack: Stack, stocks: number[], priceCents = 1_000): Promise<number[]> {
  const name = tag('proof-product');
  const db = drizzle(stack.db, { schema });
  const firstCategoryId = sql<number>`(SELECT min(${schema.categories.id}) FROM ${schema.categories})`;
  const statements = stocks.flatMap((stock, i) => {
    const { insert, initialStock } = newProductStatements(db, {
      categoryId: firstCategoryId,
      name: `${name}-${i}`,
      description: 'proof',
      priceCents,
      stock,
    });
    return [insert, ...initialStock];
  });
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  const rows = await stack.db.execute({
    sql: 'SELECT id FROM products WHERE name LIKE ? ORDER BY id',
    args: [`${name}-%`],
  });
  return rows.rows.map((row) => Number(row.id));
}

/** Customers as rows plus signed tokens, as sign-up would make them. */
export async function createCustomers(stack: Stack, count: number): Promise<Customer[]> {
  const prefix = tag('proof-customer');
  await stack.db.batch(
    Array.from({ length: count }, (_, i) => ({
      sql: "INSERT INTO users (email, name, password_hash, role) VALUES (?, 'Proof', 'unusable', 'customer')",
      args: [`${prefix}-${i}@example.com`],
    })),
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

/** A token for the seeded admin, signed directly so proofs do not spend sign-in attempts. */
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

export type CartLine = { productId: number; quantity: number };

/** Fills each customer's cart directly; the cart's own rules are proven elsewhere. */
export async function fillCarts(stack: Stack, carts: Array<{ customer: Customer; lines: CartLine[] }>) {
  const statements = carts.flatMap(({ customer, lines }) =>
    lines.map((line) => ({
      sql: 'INSERT INTO cart_items (user_id, product_id, quantity) VALUES (?, ?, ?)',
      args: [customer.id, line.productId, line.quantity],
    })),
  );
  await stack.db.batch(statements, 'write');
}

export type Reply = {
  status: number;
  ms: number;
  /** The tRPC result data on success, the error's message and data otherwise. */
  data?: { id: number; items: Array<{ productId: number; quantity: number }> };
  error?: { message: string; data: ErrorData };
  /** Set when no HTTP answer came back at all. */
  failure?: string;
};

/** One tRPC mutation over HTTP; never throws, so a load records every outcome. */
export async function mutate(stack: Stack, path: string, input: unknown, token?: string, timeoutMs = 30_000) {
  const started = performance.now();
  try {
    const response = await fetch(`${stack.baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: { result?: { data: Reply['data'] }; error?: Reply['error'] };
    try {
      body = JSON.parse(text);
    } catch {
      return { status: response.status, ms: performance.now() - started, failure: `not JSON: ${text.slice(0, 300)}` };
    }
    return { status: response.status, ms: performance.now() - started, data: body.result?.data, error: body.error };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, failure: String(error) } satisfies Reply;
  }
}

export async function query(stack: Stack, path: string, token?: string) {
  const response = await fetch(`${stack.baseUrl}/trpc/${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, body: (await response.json()) as { result?: { data: unknown } } };
}

async function ids(db: Client, sql: string): Promise<number[]> {
  return (await db.execute(sql)).rows.map((row) => Number(Object.values(row)[0]));
}

/**
 * Every way an order could be partial or the stock could drift, each as the
 * ids that break it (all empty when the database is whole).
 */
export async function brokenInvariants(db: Client) {
  return {
    ordersWithoutItems: await ids(
      db,
      'SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)',
    ),
    ordersWithWrongLineCount: await ids(
      db,
      'SELECT o.id FROM orders o WHERE o.line_count <> (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)',
    ),
    ordersWithWrongTotal: await ids(
      db,
      `SELECT o.id FROM orders o
       WHERE o.total_cents <> (SELECT sum(quantity * unit_price_cents) FROM order_items i WHERE i.order_id = o.id)`,
    ),
    ordersWithoutHistory: await ids(
      db,
      `SELECT o.id FROM orders o WHERE NOT EXISTS
       (SELECT 1 FROM order_status_history h WHERE h.order_id = o.id AND h.from_status IS NULL AND h.to_status = 'pending')`,
    ),
    itemsWithoutSaleMovement: await ids(
      db,
      `SELECT i.order_id FROM order_items i WHERE NOT EXISTS (SELECT 1 FROM inventory_movements m
       WHERE m.order_id = i.order_id AND m.product_id = i.product_id AND m.reason = 'sale' AND m.quantity_change = -i.quantity)`,
    ),
    saleMovementsWithoutItem: await ids(
      db,
      `SELECT m.id FROM inventory_movements m WHERE m.reason = 'sale' AND NOT EXISTS (SELECT 1 FROM order_items i
       WHERE i.order_id = m.order_id AND i.product_id = m.product_id AND m.quantity_change = -i.quantity)`,
    ),
    stockNotLedger: await ids(
      db,
      `SELECT p.id FROM products p
       WHERE p.stock <> (SELECT coalesce(sum(quantity_change), 0) FROM inventory_movements m WHERE m.product_id = p.id)`,
    ),
    negativeStock: await ids(db, 'SELECT id FROM products WHERE stock < 0'),
  };
}

export const WHOLE = {
  ordersWithoutItems: [],
  ordersWithWrongLineCount: [],
  ordersWithWrongTotal: [],
  ordersWithoutHistory: [],
  itemsWithoutSaleMovement: [],
  saleMovementsWithoutItem: [],
  stockNotLedger: [],
  negativeStock: [],
};

/** `inventory.reconcile` through the API, as an admin would run it. */
export async function reconcile(stack: Stack): Promise<{ ok: boolean; mismatches: unknown[] }> {
  const reply = await query(stack, 'inventory.reconcile', await adminToken(stack));
  return reply.body.result?.data as { ok: boolean; mismatches: unknown[] };
}

/** An order as stored: its lines, for comparing with what a client was told. */
export async function storedOrder(stack: Stack, orderId: number) {
  const rows = await stack.db.execute({
    sql: 'SELECT product_id, quantity FROM order_items WHERE order_id = ? ORDER BY product_id',
    args: [orderId],
  });
  return rows.rows.map((row) => ({ productId: Number(row.product_id), quantity: Number(row.quantity) }));
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pooled<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index] as T, index);
      }
    }),
  );
  return results;
}
