/**
 * The one place every stock change goes through, a new product's initial
 * stock included. Each change is statements for the caller's batch: the
 * guarded UPDATE of products.stock (CHECK (stock >= 0) refuses an oversell)
 * or the product's INSERT, and its inventory_movements row, so
 * `stock = sum(quantity_change)` holds after every batch.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { SQLiteInsertValue } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.ts';
import { existingProductId } from './guards.ts';
import { inventoryMovements, type MOVEMENT_REASONS, NOW, orderItems, products } from './schema.ts';

export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export type StockChange = {
  productId: number;
  /** Positive adds stock, negative removes it; never zero. */
  change: number;
  reason: MovementReason;
  actorId: number;
  orderId?: number | SQL;
  note?: string | null;
};

/**
 * The id a new product gets, set explicitly by its INSERT so that statements
 * before it in the batch (an admin's audit row) can name it. A batch is one
 * write transaction, so no other writer can take the same id in between.
 */
export const nextProductId = sql<number>`(SELECT coalesce(max(${products.id}), 0) + 1 FROM ${products})`;
/** The product the batch's latest INSERT made. */
const newestProductId = sql<number>`(SELECT max(${products.id}) FROM ${products})`;

export type NewProduct = Omit<SQLiteInsertValue<typeof products>, 'id' | 'stock'> & { stock: number };

/**
 * A new product with `stock` units: its INSERT (add `.returning()` as needed)
 * and, when the stock is above zero, the `initial` ledger row for it. The
 * stock is set by the INSERT, so no UPDATE is needed.
 */
export function newProductStatements(
  db: Db,
  product: NewProduct,
  ledger: { actorId?: number | SQL | null; note?: string | null } = {},
) {
  return {
    insert: db.insert(products).values({ ...product, id: nextProductId }),
    initialStock:
      product.stock > 0
        ? [
            db.insert(inventoryMovements).values({
              productId: newestProductId,
              quantityChange: product.stock,
              reason: 'initial',
              actorId: ledger.actorId ?? null,
              note: ledger.note ?? null,
            }),
          ]
        : [],
  };
}

/** One product's stock change: guarded update, then its ledger row. */
export function stockChangeStatements(db: Db, change: StockChange) {
  return [
    db
      .update(products)
      .set({
        stock: sql`${products.stock} + ${change.change}`,
        updatedAt: NOW,
      })
      .where(sql`${products.id} = ${change.productId}`),
    db.insert(inventoryMovements).values({
      // NOT NULL on product_id turns an unknown product into a failed batch.
      productId: existingProductId(change.productId),
      quantityChange: change.change,
      reason: change.reason,
      orderId: change.orderId ?? null,
      actorId: change.actorId,
      note: change.note ?? null,
    }),
  ] as const;
}

/**
 * Stock changes for every line of an order, set-based: `direction` -1 takes
 * the ordered quantities out of stock (a sale), +1 puts them back (a cancellation).
 */
export function orderStockStatements(
  db: Db,
  orderId: SQL | number,
  direction: -1 | 1,
  reason: MovementReason,
  actorId: number,
) {
  return [
    db
      .update(products)
      .set({
        stock: sql`${products.stock} + ${direction} * (SELECT ${orderItems.quantity} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId} AND ${orderItems.productId} = ${products.id})`,
        updatedAt: NOW,
      })
      .where(
        sql`${products.id} IN (SELECT ${orderItems.productId} FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId})`,
      ),
    db.run(sql`INSERT INTO ${inventoryMovements} (product_id, quantity_change, reason, order_id, actor_id)
      SELECT ${orderItems.productId}, ${direction} * ${orderItems.quantity}, ${reason}, ${orderId}, ${actorId}
      FROM ${orderItems} WHERE ${orderItems.orderId} = ${orderId}`),
  ] as const;
}
