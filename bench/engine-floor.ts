/**
 * Floor (b) for the database's CPU per checkout: a hand-written checkout
 * transaction on the bare `libsql` engine in this process, on the same schema
 * (the committed migrations), with the same guards as the Worker's batch and
 * the same pragmas as the local server (WAL, synchronous=NORMAL, foreign
 * keys). Beside it, the Worker's own checkout statements (captured from
 * placeOrderBatch) replayed on the same engine, to split the server's CPU
 * into the SQL's share and the protocol's.
 *
 * Both are written as one batch could run them: no value travels from one
 * statement to the next except through the database (the order is found by
 * its unique key), so a one-round-trip checkout could reach this floor.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import Database from 'libsql';
import { installFixtureShipping } from '../local-stack/fixture-address.ts';
import { brokenInvariants } from '../local-stack/invariants.ts';
import { migrateDatabase } from '../scripts/migrate.ts';
import { seedDatabase } from '../scripts/seed.ts';
import { bindCheckout, type Statement } from './checkout-batch.ts';
import { benchCartTotalCents, createBenchCatalog, createBenchUsers, oversoldProducts } from './fixtures.ts';
import { pickCart } from './load.ts';

type LibsqlDatabase = InstanceType<typeof Database>;
type Prepared = ReturnType<LibsqlDatabase['prepare']>;

export const ENGINE_FLOOR_METHOD =
  'one connection in process on the libsql engine, WAL + synchronous=NORMAL + foreign_keys like the local server, ' +
  'default auto-checkpoint; main-thread CPU (process.threadCpuUsage) of the transaction alone, cart filled before it';

/** The order's id, found once per statement through its unique (owner, key), and the customer's cart. */
const ORDER_ID = '(SELECT id FROM orders WHERE owner_key = :owner AND idempotency_key = :key)';
const CART_ID = '(SELECT id FROM carts WHERE owner_key = :owner)';
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/**
 * The hand-written checkout, guard for guard: owner_key NULL past the pending
 * cap (NOT NULL), the default address copied (no row, no order), line_count
 * from the cart (CHECK 1..100), price NULL for a variant not on sale (NOT
 * NULL), shipping NULL when the method does not serve the address's country
 * (NOT NULL), total NULL when it is not the one the shopper agreed to (NOT
 * NULL), the amounts the orders CHECK ties together (total = subtotal +
 * shipping + tax, prices without tax), stock CHECK >= 0 per variant, the line
 * snapshot (product, name, SKU, options, tax rate and tax) taken in the same
 * INSERT ... SELECT, stock taken with one UPDATE ... FROM, the payment and
 * its history row, the cart emptied, and the detail the API returns (order,
 * customer, items, history). Holds that ran out are expired first, as every
 * checkout does.
 *
 * Priced for a checkout without a code (no discount) in a store whose prices
 * exclude tax: a line's tax is at its category's rate for the country, else
 * the country's default, else none; shipping is the method's price (free from
 * its threshold), taxed at the default rate when that rate says so. Every
 * rounding half up, in integers.
 */
const SELLABLE = `cart_items c LEFT JOIN variants v ON v.id = c.variant_id AND v.is_active = 1
   LEFT JOIN products p ON p.id = v.product_id AND p.is_active = 1`;

/** The default address (`a`), and the cart's lines priced and taxed for its country (`taxed`). */
const PRICED_CART = `WITH a AS (SELECT * FROM addresses WHERE user_id = :user AND is_default = 1),
   l AS (SELECT c.id, c.variant_id, c.quantity, CASE WHEN p.id IS NOT NULL THEN v.price_cents END AS price,
       v.product_id, p.name, v.sku, v.options,
       coalesce((SELECT r.rate_bps FROM tax_rates r, a WHERE r.country = a.country AND r.category_id = p.category_id),
         (SELECT r.rate_bps FROM tax_rates r, a WHERE r.country = a.country AND r.category_id IS NULL), 0) AS rate
     FROM ${SELLABLE} WHERE c.cart_id = ${CART_ID}),
   taxed AS (SELECT *, (2 * amount * rate + 10000) / 20000 AS tax FROM (SELECT *, quantity * price AS amount FROM l))`;

/** The cart's totals (`t`) and the method's price and tax rate for the address's country (`s`; no row: it does not ship there). */
const TOTALS = `(SELECT count(*) AS lines, coalesce(sum(amount), 0) AS subtotal, coalesce(sum(tax), 0) AS tax FROM taxed) t
   LEFT JOIN (SELECT m.name, CASE WHEN m.free_above_cents IS NOT NULL
         AND (SELECT coalesce(sum(amount), 0) FROM taxed) >= m.free_above_cents THEN 0 ELSE m.price_cents END AS price,
       coalesce((SELECT r.rate_bps FROM tax_rates r WHERE r.country = a.country AND r.category_id IS NULL
         AND r.applies_to_shipping = 1), 0) AS rate
     FROM shipping_methods m JOIN shipping_zone_countries z ON z.zone_id = m.zone_id JOIN a ON a.country = z.country
     WHERE m.id = :method AND m.is_active = 1) s ON 1`;

/** Pending orders whose hold has run out (by the database clock). */
const EXPIRING = `(SELECT id FROM orders WHERE status = 'pending' AND hold_expires_at IS NOT NULL AND hold_expires_at <= ${NOW})`;

export const HAND_WRITTEN_CHECKOUT = [
  // Holds that ran out give their stock back first (history, stock, ledger, payment, order).
  `INSERT INTO order_status_history (order_id, from_status, to_status, note)
   SELECT id, 'pending', 'expired', 'hold expired' FROM orders WHERE id IN ${EXPIRING}`,
  `UPDATE variants SET stock = stock + i.quantity, updated_at = ${NOW}
   FROM order_items i WHERE i.order_id IN ${EXPIRING} AND variants.id = i.variant_id`,
  `INSERT INTO inventory_movements (variant_id, quantity_change, reason, order_id)
   SELECT variant_id, quantity, 'expiry', order_id FROM order_items WHERE order_id IN ${EXPIRING}`,
  `UPDATE payments SET status = 'expired', updated_at = ${NOW} WHERE order_id IN ${EXPIRING} AND status = 'pending'`,
  `UPDATE orders SET status = 'expired', updated_at = ${NOW} WHERE id IN ${EXPIRING}`,
  `${PRICED_CART}
   INSERT INTO orders (owner_key, user_id, line_count, subtotal_cents, shipping_cents, tax_cents, shipping_tax_cents,
     total_cents, prices_include_tax, currency, shipping_method_id, shipping_method_name, idempotency_key, request_hash,
     updated_by, ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country, ship_phone)
   SELECT (SELECT :owner WHERE (SELECT count(*) FROM orders WHERE owner_key = :owner AND status = 'pending') < :max),
     :user, lines, subtotal, shipping, tax + shipping_tax, shipping_tax, CASE WHEN total = :total THEN total END,
     0, 'USD', :method, method_name, :key, 'cart', :user, name, line1, line2, city, region, postal_code, country, phone
   FROM (SELECT *, subtotal + shipping + tax + shipping_tax AS total
     FROM (SELECT a.*, t.lines, t.subtotal, t.tax, s.name AS method_name, s.price AS shipping,
         (2 * s.price * s.rate + 10000) / 20000 AS shipping_tax
       FROM a, ${TOTALS}))`,
  `${PRICED_CART}
   INSERT INTO order_items (order_id, variant_id, quantity, unit_price_cents, product_id, product_name, sku, options,
     tax_rate_bps, tax_cents)
   SELECT ${ORDER_ID}, variant_id, quantity, price, product_id, name, sku, options, rate, tax FROM taxed ORDER BY id`,
  `UPDATE variants SET stock = stock - c.quantity, updated_at = ${NOW}
   FROM cart_items c WHERE c.cart_id = ${CART_ID} AND variants.id = c.variant_id`,
  `INSERT INTO inventory_movements (variant_id, quantity_change, reason, order_id, actor_id)
   SELECT variant_id, -quantity, 'sale', ${ORDER_ID}, :user FROM cart_items WHERE cart_id = ${CART_ID}`,
  `INSERT INTO order_status_history (order_id, from_status, to_status, actor_id) VALUES (${ORDER_ID}, NULL, 'pending', :user)`,
  // The order's payment, pending for its total, with its history row.
  `INSERT INTO payments (order_id, provider, method, amount_cents)
   SELECT id, 'manual', 'bank_transfer', total_cents FROM orders WHERE id = ${ORDER_ID}`,
  `INSERT INTO payment_status_history (payment_id, from_status, to_status, actor_id, source)
   VALUES ((SELECT id FROM payments WHERE order_id = ${ORDER_ID}), NULL, 'pending', :user, 'checkout')`,
  `DELETE FROM cart_items WHERE cart_id = ${CART_ID}`,
  `SELECT o.id, o.status, o.total_cents, o.idempotency_key, o.created_at, o.updated_at, o.updated_by,
     json_object('id', u.id, 'name', u.name, 'email', u.email) AS customer,
     (SELECT json_group_array(json_object('variantId', i.variant_id, 'productId', i.product_id, 'name', i.product_name,
        'sku', i.sku, 'options', json(i.options), 'quantity', i.quantity,
        'unitPriceCents', i.unit_price_cents, 'subtotalCents', i.quantity * i.unit_price_cents))
      FROM order_items i WHERE i.order_id = o.id) AS items,
     json_array(json_object('fromStatus', NULL, 'toStatus', 'pending', 'actorId', :user, 'note', NULL,
       'createdAt', o.created_at)) AS history
   FROM orders o JOIN users u ON u.id = o.user_id WHERE o.owner_key = :owner AND o.idempotency_key = :key`,
];

export type EngineFloor = {
  method: string;
  checkouts: number;
  /** Main-thread CPU per hand-written checkout transaction, µs: floor (b). */
  handWrittenCpuUs: number;
  /** The Worker's checkout statements replayed on the same engine, µs. */
  ourStatementsCpuUs: number;
  invariantsOk: boolean;
  problems: string[];
};

const threadCpuUs = () => {
  const { user, system } = process.threadCpuUsage();
  return user + system;
};

/** Runs statements as one transaction; on the first failure rolls back and throws. */
function transaction(db: LibsqlDatabase, run: () => void): void {
  db.exec('BEGIN DEFERRED');
  try {
    run();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function runPrepared(statement: Prepared, args: unknown[] | Record<string, unknown>): void {
  if (statement.reader) statement.all(args);
  else statement.run(args);
}

export async function measureEngineFloor(options: {
  checkouts: number;
  hot: number;
  cold: number;
  maxPendingOrders: number;
  ourBatch: Statement[];
}): Promise<EngineFloor> {
  const dir = await mkdtemp(join(tmpdir(), 'stockroom-engine-'));
  const file = join(dir, 'engine.db');
  const url = `file:${file}`;
  try {
    await migrateDatabase(url);
    await seedDatabase({ url });
    const setup = createClient({ url, intMode: 'number' });
    const shippingMethodId = await installFixtureShipping(setup);
    const catalog = await createBenchCatalog(setup, { hot: options.hot, cold: options.cold });
    const users = await createBenchUsers(setup, options.checkouts * 2, 'engine');
    setup.close();

    const db = new Database(file);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    const fill = db.prepare(
      'INSERT INTO cart_items (cart_id, variant_id, quantity) VALUES ((SELECT id FROM carts WHERE owner_key = ?), ?, ?)',
    );
    const handWritten = HAND_WRITTEN_CHECKOUT.map((sql) => db.prepare(sql));
    const ours = new Map<string, Prepared>();
    const prepared = (sql: string) => {
      let statement = ours.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        ours.set(sql, statement);
      }
      return statement;
    };
    /** Fills the customer's cart; answers its total, which the fixture method ships free and untaxed. */
    const fillCart = (userId: number, n: number) => {
      const quantity = 1 + (n % 2);
      const lines = pickCart(catalog);
      for (const variantId of lines) fill.run([`user:${userId}`, variantId, quantity]);
      return benchCartTotalCents(lines.map(() => quantity));
    };

    let handWrittenUs = 0;
    let oursUs = 0;
    for (let n = 0; n < options.checkouts; n++) {
      const [mine, theirs] = [users[2 * n] as number, users[2 * n + 1] as number];
      const ourTotal = fillCart(mine, n);
      const statements = bindCheckout(options.ourBatch, {
        userId: mine,
        idempotencyKey: `engine-ours-${n}`,
        shippingMethodId,
        totalCents: ourTotal,
      });
      let started = threadCpuUs();
      transaction(db, () => {
        for (const statement of statements) runPrepared(prepared(statement.sql), statement.args);
      });
      oursUs += threadCpuUs() - started;

      const total = fillCart(theirs, n);
      const named = {
        user: theirs,
        owner: `user:${theirs}`,
        key: `engine-hand-${n}`,
        max: options.maxPendingOrders,
        method: shippingMethodId,
        total,
      };
      started = threadCpuUs();
      transaction(db, () => {
        for (const statement of handWritten) runPrepared(statement, named);
      });
      handWrittenUs += threadCpuUs() - started;
    }
    db.close();

    const check = createClient({ url, intMode: 'number' });
    const broken = Object.entries(await brokenInvariants(check)).filter(([, ids]) => ids.length > 0);
    const oversold = await oversoldProducts(check, catalog);
    check.close();
    const problems = [
      ...broken.map(([name, ids]) => `${name}: ${ids.slice(0, 5).join(', ')}`),
      ...(oversold.length > 0 ? [`oversold products: ${oversold.join(', ')}`] : []),
    ];
    return {
      method: ENGINE_FLOOR_METHOD,
      checkouts: options.checkouts,
      handWrittenCpuUs: handWrittenUs / options.checkouts,
      ourStatementsCpuUs: oursUs / options.checkouts,
      invariantsOk: problems.length === 0,
      problems,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
