/**
 * The variants migration (drizzle/0002_variants.sql) on a database made by
 * the previous schema, with orders, a cancellation, restocks and carts in it:
 * every product becomes a product with one default variant (same id, price,
 * stock, active flag), and every order, cart line and ledger row stays
 * readable through today's code, with the ledger still reconciling.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../scripts/migrate.ts';
import type { Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { getCart } from '../../src/modules/cart/cart.service.ts';
import { userOwner } from '../../src/modules/cart/cart-owner.ts';
import { getProduct } from '../../src/modules/catalog/catalog.service.ts';
import { listMovements, reconcile } from '../../src/modules/inventory/inventory.service.ts';
import { orderDetailQuery, parseOrderDetail } from '../../src/modules/orders/order-detail.ts';
import { migrationsBefore } from './migrations-before.ts';

let dir: string;
let client: Client;
let db: Db;

/** A shop's life under the previous schema: products with stock, two orders (one cancelled), a restock, a cart. */
const PREVIOUS_SHOP = [
  "INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'a@example.com', 'A', 'x', 'customer'), (2, 'admin@example.com', 'Admin', 'x', 'admin')",
  "INSERT INTO categories (id, name, slug) VALUES (1, 'All', 'all')",
  "INSERT INTO products (id, category_id, name, price_cents, stock, is_active) VALUES (7, 1, 'Mug', 900, 10, 1), (9, 1, 'Old Lamp', 3000, 2, 0)",
  "INSERT INTO inventory_movements (product_id, quantity_change, reason, actor_id) VALUES (7, 7, 'initial', 2), (9, 2, 'initial', 2), (7, 5, 'restock', 2)",
  "INSERT INTO orders (id, user_id, status, total_cents, line_count, idempotency_key, request_hash) VALUES (1, 1, 'pending', 1800, 1, 'k1', 'h'), (2, 1, 'cancelled', 900, 1, 'k2', 'h')",
  'INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (1, 7, 2, 900), (2, 7, 1, 900)',
  "INSERT INTO inventory_movements (product_id, quantity_change, reason, order_id, actor_id) VALUES (7, -2, 'sale', 1, 1), (7, -1, 'sale', 2, 1), (7, 1, 'cancellation', 2, 2)",
  "INSERT INTO order_status_history (order_id, from_status, to_status, actor_id) VALUES (1, NULL, 'pending', 1), (2, NULL, 'pending', 1), (2, 'pending', 'cancelled', 2)",
  'INSERT INTO cart_items (user_id, product_id, quantity) VALUES (1, 7, 3)',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stockroom-migration-'));
  client = createClient({ url: `file:${join(dir, 'shop.db')}`, intMode: 'number' });
  db = drizzle(client, { schema }) as unknown as Db;
  await migrate(db, { migrationsFolder: await migrationsBefore(dir, '0002_variants') });
  await client.batch(PREVIOUS_SHOP, 'write');
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
});

afterAll(async () => {
  client.close();
  await rm(dir, { recursive: true, force: true });
});

describe('migrating a previous-schema database to variants', () => {
  it('gives every product one default variant with its id, price, stock and active flag', async () => {
    const { rows } = await client.execute(
      'SELECT id, product_id, sku, options, price_cents, stock, is_active FROM variants ORDER BY id',
    );
    expect(rows.map((row) => ({ ...row }))).toEqual([
      { id: 7, product_id: 7, sku: 'SKU-7', options: '{}', price_cents: 900, stock: 10, is_active: 1 },
      { id: 9, product_id: 9, sku: 'SKU-9', options: '{}', price_cents: 3000, stock: 2, is_active: 0 },
    ]);
    const mug = await getProduct(db, 7, null);
    expect(mug).toMatchObject({ name: 'Mug', priceCents: 900, stock: 10, options: [] });
    expect(mug.variants.map((variant) => variant.id)).toEqual([7]);
  });

  it('keeps every order readable, with a snapshot of what was bought', async () => {
    const rows = await orderDetailQuery(db, sql`o.id IN (1, 2)`);
    const orders = rows.map(parseOrderDetail).sort((a, b) => a.id - b.id);
    expect(orders.map((order) => [order.id, order.status, order.totalCents])).toEqual([
      [1, 'pending', 1800],
      [2, 'cancelled', 900],
    ]);
    expect(orders[0]?.items).toEqual([
      {
        variantId: 7,
        productId: 7,
        name: 'Mug',
        sku: 'SKU-7',
        options: {},
        quantity: 2,
        unitPriceCents: 900,
        subtotalCents: 1800,
        // Placed before pricing: no discount share, no tax.
        discountCents: 0,
        taxRateBps: 0,
        taxCents: 0,
        // Pending when migrated: nothing shipped, delivered, cancelled, returned or refunded.
        shippedQuantity: 0,
        deliveredQuantity: 0,
        cancelledQuantity: 0,
        returnedQuantity: 0,
        refundedQuantity: 0,
      },
    ]);
    // ...and priced as it was: the subtotal is the total.
    expect(orders[0]).toMatchObject({ subtotalCents: 1800, discountCents: 0, shippingCents: 0, taxCents: 0 });
    expect(orders[1]?.history.map((entry) => entry.toStatus)).toEqual(['pending', 'cancelled']);
  });

  it('keeps carts and the ledger: stock still equals the sum of each variant movements', async () => {
    expect((await getCart(db, userOwner(1))).items).toMatchObject([
      { variantId: 7, name: 'Mug', quantity: 3, available: true },
    ]);
    const { rows } = await client.execute(`SELECT v.id, v.stock,
        (SELECT coalesce(sum(quantity_change), 0) FROM inventory_movements m WHERE m.variant_id = v.id) AS ledger,
        (SELECT count(*) FROM inventory_movements m WHERE m.variant_id = v.id) AS movements
      FROM variants v ORDER BY v.id`);
    expect(rows.map((row) => ({ ...row }))).toEqual([
      { id: 7, stock: 10, ledger: 10, movements: 5 },
      { id: 9, stock: 2, ledger: 2, movements: 1 },
    ]);
  });

  it("reconciles and lists every movement through today's inventory service, as the migrated admin", async () => {
    const admin = { userId: 2, requestId: 'migration-test', clientIp: null };
    expect(await reconcile(db, admin)).toEqual({ ok: true, mismatches: [] });
    const page = await listMovements(db, admin, { limit: 20 });
    expect(page.items.map((row) => [row.variantId, row.sku, row.quantityChange, row.reason, row.orderId])).toEqual([
      [7, 'SKU-7', 1, 'cancellation', 2],
      [7, 'SKU-7', -1, 'sale', 2],
      [7, 'SKU-7', -2, 'sale', 1],
      [7, 'SKU-7', 5, 'restock', null],
      [9, 'SKU-9', 2, 'initial', null],
      [7, 'SKU-7', 7, 'initial', null],
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('leaves the schema exactly as the code declares it, with its guards', async () => {
    const { rows } = await client.execute("SELECT name FROM pragma_table_info('products') ORDER BY cid");
    expect(rows.map((row) => row.name)).toEqual([
      'id',
      'category_id',
      'name',
      'description',
      'option_names',
      'is_active',
      'created_at',
      'updated_at',
    ]);
    await expect(client.execute('UPDATE variants SET stock = -1 WHERE id = 7')).rejects.toThrow(
      /variants_stock_non_negative/,
    );
    await expect(
      client.execute(
        "INSERT INTO variants (product_id, sku, option_key, price_cents) VALUES (7, 'SKU-9', 'Size=XL', 1)",
      ),
    ).rejects.toThrow(/UNIQUE constraint failed: variants.sku/);
    const check = await client.execute('PRAGMA foreign_key_check');
    expect(check.rows).toEqual([]);
  });
});
