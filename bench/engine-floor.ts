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
import { brokenInvariants } from '../local-stack/invariants.ts';
import { migrateDatabase } from '../scripts/migrate.ts';
import { seedDatabase } from '../scripts/seed.ts';
import { bindCheckout, type Statement } from './checkout-batch.ts';
import { createBenchCatalog, createBenchUsers, oversoldProducts } from './fixtures.ts';
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
 * from the cart (CHECK 1..100), price NULL for a
 * variant not on sale (NOT NULL), stock CHECK >= 0 per variant, totals and
 * counts computed in the INSERT ... SELECT, the line snapshot (product, name,
 * SKU, options) taken in the same INSERT ... SELECT, stock taken with one
 * UPDATE ... FROM, the cart emptied, and the detail the API returns (order,
 * customer, items, history).
 */
const SELLABLE = `cart_items c LEFT JOIN variants v ON v.id = c.variant_id AND v.is_active = 1
   LEFT JOIN products p ON p.id = v.product_id AND p.is_active = 1`;

export const HAND_WRITTEN_CHECKOUT = [
  `INSERT INTO orders (owner_key, user_id, line_count, total_cents, idempotency_key, request_hash, updated_by,
     ship_name, ship_line1, ship_line2, ship_city, ship_region, ship_postal_code, ship_country, ship_phone)
   SELECT (SELECT :owner WHERE (SELECT count(*) FROM orders WHERE owner_key = :owner AND status = 'pending') < :max),
     :user, count(*), coalesce(sum(c.quantity * CASE WHEN p.id IS NOT NULL THEN v.price_cents END), 0), :key, 'cart', :user,
     a.name, a.line1, a.line2, a.city, a.region, a.postal_code, a.country, a.phone
   FROM ${SELLABLE} JOIN addresses a ON a.user_id = :user AND a.is_default = 1 WHERE c.cart_id = ${CART_ID}`,
  `INSERT INTO order_items (order_id, variant_id, quantity, unit_price_cents, product_id, product_name, sku, options)
   SELECT ${ORDER_ID}, c.variant_id, c.quantity, CASE WHEN p.id IS NOT NULL THEN v.price_cents END, v.product_id, p.name, v.sku, v.options
   FROM ${SELLABLE} WHERE c.cart_id = ${CART_ID} ORDER BY c.id`,
  `UPDATE variants SET stock = stock - c.quantity, updated_at = ${NOW}
   FROM cart_items c WHERE c.cart_id = ${CART_ID} AND variants.id = c.variant_id`,
  `INSERT INTO inventory_movements (variant_id, quantity_change, reason, order_id, actor_id)
   SELECT variant_id, -quantity, 'sale', ${ORDER_ID}, :user FROM cart_items WHERE cart_id = ${CART_ID}`,
  `INSERT INTO order_status_history (order_id, from_status, to_status, actor_id) VALUES (${ORDER_ID}, NULL, 'pending', :user)`,
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
    const fillCart = (userId: number, n: number) => {
      for (const variantId of pickCart(catalog)) fill.run([`user:${userId}`, variantId, 1 + (n % 2)]);
    };

    let handWrittenUs = 0;
    let oursUs = 0;
    for (let n = 0; n < options.checkouts; n++) {
      const [mine, theirs] = [users[2 * n] as number, users[2 * n + 1] as number];
      fillCart(mine, n);
      const statements = bindCheckout(options.ourBatch, mine, `engine-ours-${n}`);
      let started = threadCpuUs();
      transaction(db, () => {
        for (const statement of statements) runPrepared(prepared(statement.sql), statement.args);
      });
      oursUs += threadCpuUs() - started;

      fillCart(theirs, n);
      const named = { user: theirs, owner: `user:${theirs}`, key: `engine-hand-${n}`, max: options.maxPendingOrders };
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
