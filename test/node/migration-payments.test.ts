/**
 * The payments migration (drizzle/0008_payments.sql) on a database whose
 * orders went through the old one-map lifecycle: processing becomes
 * confirmed, shipped and delivered move to the fulfilment history (delivered
 * orders complete), and every order gets its payment: captured for those an
 * admin had moved on (they were paid outside Stockroom), pending for pending
 * ones, voided for cancelled ones, each with its history, all under the new
 * CHECKs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../scripts/migrate.ts';
import { migrationsBefore } from './migrations-before.ts';

let dir: string;
let client: Client;

const STATUSES = ['pending', 'processing', 'shipped', 'delivered', 'cancelled'] as const;
/** The old history of an order that reached each status. */
const PATHS: Record<(typeof STATUSES)[number], string[]> = {
  pending: [],
  processing: ['processing'],
  shipped: ['processing', 'shipped'],
  delivered: ['processing', 'shipped', 'delivered'],
  cancelled: ['processing', 'cancelled'],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stockroom-payments-migration-'));
  client = createClient({ url: `file:${join(dir, 'shop.db')}`, intMode: 'number' });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: await migrationsBefore(dir, '0008_payments') });
  const statements = [
    "INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'a@example.com', 'A', 'x', 'customer')",
    ...STATUSES.flatMap((status, i) => {
      const id = i + 1;
      let from = 'pending';
      return [
        `INSERT INTO orders (id, owner_key, user_id, status, subtotal_cents, total_cents, line_count, idempotency_key, request_hash)
         VALUES (${id}, 'user:1', 1, '${status}', ${id * 100}, ${id * 100}, 1, 'k${id}', 'h')`,
        `INSERT INTO order_status_history (order_id, from_status, to_status, actor_id) VALUES (${id}, NULL, 'pending', 1)`,
        ...PATHS[status].map((to) => {
          const row = `INSERT INTO order_status_history (order_id, from_status, to_status, actor_id) VALUES (${id}, '${from}', '${to}', 1)`;
          from = to;
          return row;
        }),
      ];
    }),
  ];
  await client.batch(statements, 'write');
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
});

afterAll(async () => {
  client.close();
  await rm(dir, { recursive: true, force: true });
});

describe('migrating orders to the payment, order and fulfilment maps', () => {
  it('maps each old status to an order status, a fulfilment status and a payment', async () => {
    const { rows } = await client.execute(
      `SELECT o.id, o.status, o.fulfilment_status AS fulfilment, p.status AS payment, p.captured_cents AS captured
       FROM orders o JOIN payments p ON p.order_id = o.id ORDER BY o.id`,
    );
    expect(rows.map((row) => ({ ...row }))).toEqual([
      { id: 1, status: 'pending', fulfilment: 'unfulfilled', payment: 'pending', captured: 0 },
      { id: 2, status: 'confirmed', fulfilment: 'unfulfilled', payment: 'captured', captured: 200 },
      { id: 3, status: 'confirmed', fulfilment: 'shipped', payment: 'captured', captured: 300 },
      { id: 4, status: 'completed', fulfilment: 'delivered', payment: 'captured', captured: 400 },
      { id: 5, status: 'cancelled', fulfilment: 'unfulfilled', payment: 'voided', captured: 0 },
    ]);
  });

  it('rewrites the histories into moves the new maps allow', async () => {
    const orderMoves = await client.execute(
      "SELECT order_id, coalesce(from_status, '-') || '>' || to_status AS move FROM order_status_history ORDER BY order_id, id",
    );
    const byOrder = (rows: typeof orderMoves.rows) =>
      rows.reduce<Record<number, string[]>>((all, row) => {
        const id = Number(row.order_id);
        all[id] = [...(all[id] ?? []), String(row.move)];
        return all;
      }, {});
    expect(byOrder(orderMoves.rows)).toEqual({
      1: ['->pending'],
      2: ['->pending', 'pending>confirmed'],
      3: ['->pending', 'pending>confirmed'],
      4: ['->pending', 'pending>confirmed', 'confirmed>completed'],
      5: ['->pending', 'pending>confirmed', 'confirmed>cancelled'],
    });
    const fulfilment = await client.execute(
      "SELECT order_id, from_status || '>' || to_status AS move FROM fulfilment_history ORDER BY order_id, id",
    );
    expect(byOrder(fulfilment.rows)).toEqual({
      3: ['unfulfilled>shipped'],
      4: ['unfulfilled>shipped', 'shipped>delivered'],
    });
    const payments = await client.execute(
      "SELECT p.order_id, group_concat(coalesce(h.from_status, '-') || '>' || h.to_status) AS moves FROM payments p JOIN payment_status_history h ON h.payment_id = p.id GROUP BY p.order_id ORDER BY p.order_id",
    );
    expect(payments.rows.map((row) => [row.order_id, row.moves])).toEqual([
      [1, '->pending'],
      [2, '->pending,pending>captured'],
      [3, '->pending,pending>captured'],
      [4, '->pending,pending>captured'],
      [5, '->pending,pending>voided'],
    ]);
  });
});
