/**
 * The batch builders on the real libSQL engine, in process: no Worker, no
 * HTTP, no mocks. Each test checks that a guard refuses the whole batch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { type SQLWrapper, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../scripts/migrate.ts';
import type { Db } from '../../src/db/client.ts';
import { constraintViolation } from '../../src/db/errors.ts';
import * as schema from '../../src/db/schema.ts';
import { newProductStatements } from '../../src/db/stock.ts';
import { userOwner } from '../../src/modules/cart/cart-owner.ts';
import {
  type OrderPricing,
  type PlaceOrder,
  placeOrderBatch,
  statusChangeBatch,
} from '../../src/modules/orders/order-batches.ts';
import { MAX_LINE_QUANTITY, MAX_ORDER_LINES } from '../../src/shared/limits.ts';

let dir: string;
let client: Client;
let db: Db;
let counter = 0;
/** The one shipping method here (made in beforeAll): free, to France, where no tax rate is set. */
const SHIPPING_METHOD_ID = 1;
/** Priced by that method with no code and no agreed total, so no pricing guard refuses what a test does not aim at. */
const PRICING: OrderPricing = {
  shippingMethodId: SHIPPING_METHOD_ID,
  discountCode: null,
  redeemerKey: 'user:1',
  store: { currency: 'USD', pricesIncludeTax: false },
};
/** Customer 1, ordering to an address typed in, priced as above, paying by bank transfer. */
const CUSTOMER = {
  owner: userOwner(1),
  shipTo: {
    kind: 'typed',
    address: {
      name: 'A',
      line1: '1 Road',
      line2: '',
      city: 'Paris',
      region: '',
      postalCode: '75001',
      country: 'FR',
      phone: '',
    },
  },
  pricing: PRICING,
  payment: { provider: 'manual', method: 'bank_transfer', holdMinutes: null },
} as const satisfies Pick<PlaceOrder, 'owner' | 'shipTo' | 'pricing' | 'payment'>;
/** High enough that no test here meets the pending-order cap, except the one about it. */
const MAX_PENDING = 1_000;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stockroom-batches-'));
  client = createClient({ url: `file:${join(dir, 'batches.db')}` });
  db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  await client.batch(
    [
      "INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'a@example.com', 'A', 'x', 'customer')",
      "INSERT INTO users (id, email, name, password_hash, role) VALUES (2, 'admin@example.com', 'Admin', 'x', 'admin')",
      "INSERT INTO categories (id, name, slug) VALUES (1, 'All', 'all')",
      "INSERT INTO carts (owner_key, user_id) VALUES ('user:1', 1)",
      "INSERT INTO shipping_zones (id, name) VALUES (1, 'France')",
      "INSERT INTO shipping_zone_countries (zone_id, country) VALUES (1, 'FR')",
      `INSERT INTO shipping_methods (id, zone_id, name, price_cents) VALUES (${SHIPPING_METHOD_ID}, 1, 'Post', 0)`,
    ],
    'write',
  );
});

afterAll(async () => {
  client.close();
  await rm(dir, { recursive: true, force: true });
});

/** A product sold in one variant; answers the variant's id, which order lines take. */
async function product(stock: number, isActive = true) {
  const { insert, variants } = newProductStatements(db, {
    categoryId: 1,
    name: 'P',
    isActive,
    optionNames: [],
    variants: [{ options: {}, priceCents: 250, stock }],
  });
  await db.batch([insert, ...variants]);
  const { rows } = await client.execute('SELECT max(id) AS id FROM variants');
  return Number(rows[0]?.id);
}

async function counts() {
  const result = await client.execute(`SELECT
    (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_items) AS items,
    (SELECT count(*) FROM inventory_movements) AS movements, (SELECT count(*) FROM order_status_history) AS history,
    (SELECT sum(stock) FROM variants) AS stock`);
  return result.rows[0];
}

const newKey = () => `key-${++counter}`;

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return constraintViolation(error);
  }
  throw new Error('expected the batch to fail');
}

describe('placeOrderBatch', () => {
  it('writes the order, items, stock, movements and history, then reads the order back, in one batch', async () => {
    const id = await product(5);
    const statements = placeOrderBatch(db, {
      ...CUSTOMER,
      maxPendingOrders: MAX_PENDING,
      idempotencyKey: newKey(),
      requestHash: 'h',
      source: { kind: 'items', lines: [{ variantId: id, quantity: 2 }] },
    });
    const results = await db.batch(statements);
    const detail = (results.at(-1) as Array<{ totalCents: number; items: string }>)[0];
    expect(detail?.totalCents).toBe(500);
    expect(JSON.parse(detail?.items ?? '[]')).toMatchObject([{ variantId: id, quantity: 2, unitPriceCents: 250 }]);
    const stock = await client.execute({ sql: 'SELECT stock FROM variants WHERE id = ?', args: [id] });
    expect(Number(stock.rows[0]?.stock)).toBe(3);
  });

  it('reads nothing before it writes: the only SELECT is the closing order read', () => {
    const statements = placeOrderBatch(db, {
      ...CUSTOMER,
      maxPendingOrders: MAX_PENDING,
      idempotencyKey: 'k',
      requestHash: 'h',
      source: { kind: 'cart' },
    });
    const dialect = (db as unknown as { dialect: { sqlToQuery(query: unknown): { sql: string } } }).dialect;
    // Every statement is SQL (BatchItem, as the builder types its tuple, does not say so).
    const texts = statements.map((statement) =>
      dialect.sqlToQuery((statement as unknown as SQLWrapper).getSQL()).sql.trim(),
    );
    expect(texts.slice(0, -1).every((text) => /^(insert|update|delete)/i.test(text))).toBe(true);
    expect(texts.at(-1)).toMatch(/^SELECT/i);
  });

  it('fails on CHECK (stock >= 0) and writes nothing when stock is short', async () => {
    const plenty = await product(10);
    const scarce = await product(1);
    const before = await counts();
    const violation = await failureOf(
      db.batch(
        placeOrderBatch(db, {
          ...CUSTOMER,
          maxPendingOrders: MAX_PENDING,
          idempotencyKey: newKey(),
          requestHash: 'h',
          source: {
            kind: 'items',
            lines: [
              { variantId: plenty, quantity: 1 },
              { variantId: scarce, quantity: 2 },
            ],
          },
        }),
      ),
    );
    expect(violation).toEqual({ kind: 'check', target: 'variants_stock_non_negative' });
    expect(await counts()).toEqual(before);
  });

  it('fails on the NOT NULL price guard for an archived or unknown product', async () => {
    const archived = await product(10, false);
    for (const variantId of [archived, 987_654]) {
      const violation = await failureOf(
        db.batch(
          placeOrderBatch(db, {
            ...CUSTOMER,
            maxPendingOrders: MAX_PENDING,
            idempotencyKey: newKey(),
            requestHash: 'h',
            source: { kind: 'items', lines: [{ variantId, quantity: 1 }] },
          }),
        ),
      );
      expect(violation).toEqual({ kind: 'notnull', target: 'order_items.unit_price_cents' });
    }
  });

  it('fails on the line-count CHECK for an empty cart', async () => {
    const violation = await failureOf(
      db.batch(
        placeOrderBatch(db, {
          ...CUSTOMER,
          maxPendingOrders: MAX_PENDING,
          idempotencyKey: newKey(),
          requestHash: 'cart',
          source: { kind: 'cart' },
        }),
      ),
    );
    expect(violation).toEqual({ kind: 'check', target: 'orders_line_count_valid' });
  });

  it('fails on the UNIQUE (user, idempotency key) index for a repeated key', async () => {
    const id = await product(10);
    const order = {
      ...CUSTOMER,
      maxPendingOrders: MAX_PENDING,
      idempotencyKey: newKey(),
      requestHash: 'h',
      source: { kind: 'items' as const, lines: [{ variantId: id, quantity: 1 }] },
    };
    await db.batch(placeOrderBatch(db, order));
    expect((await failureOf(db.batch(placeOrderBatch(db, order))))?.kind).toBe('unique');
  });

  it('fails on NOT NULL orders.owner_key when the customer already holds the most pending orders', async () => {
    const id = await product(10);
    const { rows } = await client.execute("SELECT count(*) AS n FROM orders WHERE user_id = 1 AND status = 'pending'");
    const pending = Number(rows[0]?.n);
    const order = (maxPendingOrders: number) => ({
      ...CUSTOMER,
      maxPendingOrders,
      idempotencyKey: newKey(),
      requestHash: 'h',
      source: { kind: 'items' as const, lines: [{ variantId: id, quantity: 1 }] },
    });
    const before = await counts();
    expect(await failureOf(db.batch(placeOrderBatch(db, order(pending))))).toEqual({
      kind: 'notnull',
      target: 'orders.owner_key',
    });
    expect(await counts()).toEqual(before);
    await db.batch(placeOrderBatch(db, order(pending + 1)));
  });
});

describe('statusChangeBatch', () => {
  const actor = { userId: 2, requestId: 'req-1', clientIp: '203.0.113.9' };

  async function pendingOrder() {
    const id = await product(10);
    const key = newKey();
    await db.batch(
      placeOrderBatch(db, {
        ...CUSTOMER,
        maxPendingOrders: MAX_PENDING,
        idempotencyKey: key,
        requestHash: 'h',
        source: { kind: 'items', lines: [{ variantId: id, quantity: 3 }] },
      }),
    );
    const row = await db.get<{ id: number }>(sql`SELECT id FROM orders WHERE idempotency_key = ${key}`);
    return { orderId: Number(row.id), variantId: id };
  }

  it('fails on the transition CHECK for a move the map does not allow', async () => {
    const { orderId } = await pendingOrder();
    const violation = await failureOf(
      db.batch(statusChangeBatch(db, { orderId, to: 'completed', actor, audit: true })),
    );
    expect(violation).toEqual({ kind: 'check', target: 'order_status_history_transition_valid' });
  });

  it('fails on the NOT NULL order guard when the compare-and-set loses', async () => {
    const { orderId } = await pendingOrder();
    const violation = await failureOf(
      db.batch(statusChangeBatch(db, { orderId, to: 'cancelled', expectedStatus: 'confirmed', actor, audit: true })),
    );
    expect(violation).toEqual({ kind: 'notnull', target: 'order_status_history.order_id' });
  });

  it('puts the stock back with cancellation movements when cancelling', async () => {
    const { orderId, variantId } = await pendingOrder();
    await db.batch(statusChangeBatch(db, { orderId, to: 'cancelled', actor, audit: true }));
    const row = await client.execute({
      sql: `SELECT stock, (SELECT sum(quantity_change) FROM inventory_movements WHERE variant_id = ?) AS ledger,
            (SELECT count(*) FROM audit_log WHERE target = ?) AS audits FROM variants WHERE id = ?`,
      args: [variantId, `order:${orderId}`, variantId],
    });
    expect(row.rows[0]).toMatchObject({ stock: 10, ledger: 10, audits: 1 });
  });
});

describe('limits from src/shared/limits.ts as CHECKs', () => {
  it(`refuses a cart or order line above ${MAX_LINE_QUANTITY} units, whatever the service lets through`, async () => {
    const id = await product(5_000);
    const cartLine = client.execute({
      sql: "INSERT INTO cart_items (cart_id, variant_id, quantity) VALUES ((SELECT id FROM carts WHERE owner_key = 'user:1'), ?, ?)",
      args: [id, MAX_LINE_QUANTITY + 1],
    });
    await expect(cartLine).rejects.toThrow(/CHECK constraint failed: cart_items_quantity_limit/);
    const order = await client.execute(
      "INSERT INTO orders (owner_key, user_id, line_count, idempotency_key, request_hash) VALUES ('user:1', 1, 1, 'limit-check', 'x') RETURNING id",
    );
    const orderLine = client.execute({
      sql: "INSERT INTO order_items (order_id, variant_id, quantity, unit_price_cents, product_id, product_name, sku) VALUES (?, ?, ?, 250, 1, 'P', 'SKU')",
      args: [Number(order.rows[0]?.id), id, MAX_LINE_QUANTITY + 1],
    });
    await expect(orderLine).rejects.toThrow(/CHECK constraint failed: order_items_quantity_limit/);
  });

  it(`refuses an order of more than ${MAX_ORDER_LINES} lines`, async () => {
    const insert = client.execute({
      sql: "INSERT INTO orders (owner_key, user_id, line_count, idempotency_key, request_hash) VALUES ('user:1', 1, ?, 'too-many-lines', 'x')",
      args: [MAX_ORDER_LINES + 1],
    });
    await expect(insert).rejects.toThrow(/CHECK constraint failed: orders_line_count_valid/);
  });
});
