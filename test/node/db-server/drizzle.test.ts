import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const product = sqliteTable('product', {
  id: integer('id').primaryKey(),
  sku: text('sku').notNull().unique(),
  stock: integer('stock').notNull(),
});
const reservation = sqliteTable('reservation', {
  id: integer('id').primaryKey(),
  sku: text('sku').notNull(),
  qty: integer('qty').notNull(),
});

describe('db-server under Drizzle db.batch()', () => {
  let h: Harness;
  let db: ReturnType<typeof drizzle>;
  beforeAll(async () => {
    h = await startHarness();
    await h.client().executeMultiple(`
      CREATE TABLE product (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, stock INTEGER NOT NULL CHECK (stock >= 0));
      CREATE TABLE reservation (id INTEGER PRIMARY KEY, sku TEXT NOT NULL, qty INTEGER NOT NULL);
      INSERT INTO product (sku, stock) VALUES ('widget', 3);
    `);
    db = drizzle(h.client());
    await db.select().from(product);
  });
  afterAll(() => h.stop());

  const reserve = (qty: number) =>
    db.batch([
      db.insert(reservation).values({ sku: 'widget', qty }).returning({ id: reservation.id }),
      db
        .update(product)
        .set({ stock: sql`${product.stock} - ${qty}` })
        .where(sql`${product.sku} = 'widget'`),
      db.select({ stock: product.stock }).from(product),
    ]);

  it('applies a batch in one pipeline request and returns each statement result', async () => {
    h.server.resetStats();
    const [inserted, , [remaining]] = await reserve(2);
    expect(inserted).toHaveLength(1);
    expect(remaining?.stock).toBe(1);
    expect(h.server.stats().pipelineRequests).toBe(1);
  });

  it('never oversells: a CHECK failure rolls back the earlier insert of the same batch', async () => {
    await expect(reserve(5)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });
    const reservations = await db.select().from(reservation);
    expect(reservations.map((row) => row.qty)).toEqual([2]);
    const [row] = await db.select({ stock: product.stock }).from(product);
    expect(row?.stock).toBe(1);
  });
});
