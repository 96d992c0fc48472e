/**
 * Admin stock changes and the ledger. Every change goes through
 * stockChangeStatements (guarded UPDATE + ledger row) plus an audit row, all
 * in one batch; CHECK (stock >= 0) refuses going below zero and the ledger
 * row's NOT NULL product_id refuses an unknown product.
 */
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { keysetPage } from '../../db/pagination.ts';
import { inventoryMovements, products } from '../../db/schema.ts';
import { type StockChange, stockChangeStatements } from '../../db/stock.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AdjustInput, MovementsInput, RestockInput } from './inventory.schema.ts';

async function applyStockChange(db: Db, actor: Actor, action: string, change: StockChange) {
  const [update, movement] = stockChangeStatements(db, change);
  try {
    const [[result]] = await adminBatch(db, actor, { action, target: `product:${change.productId}` }, [
      update.returning({ productId: products.id, stock: products.stock }),
      movement,
    ]);
    return result as NonNullable<typeof result>;
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'inventory_movements.product_id')) throw notFound('product', change.productId);
    if (isViolationOf(error, 'check', 'products_stock_non_negative')) {
      throw new DomainError(
        'INSUFFICIENT_STOCK',
        `Adjusting product ${change.productId} by ${change.change} would take its stock below zero`,
        { productId: change.productId },
      );
    }
    throw error;
  }
}

export function restock(db: Db, actor: Actor, input: RestockInput) {
  return applyStockChange(db, actor, 'inventory.restock', {
    productId: input.productId,
    change: input.quantity,
    reason: 'restock',
    actorId: actor.userId,
    note: input.note ?? null,
  });
}

export function adjust(db: Db, actor: Actor, input: AdjustInput) {
  return applyStockChange(db, actor, 'inventory.adjust', {
    productId: input.productId,
    change: input.delta,
    reason: 'adjustment',
    actorId: actor.userId,
    note: input.reason,
  });
}

/** Newest first, keyset on id. */
export async function listMovements(db: Db, admin: Actor, input: MovementsInput) {
  const filters: SQL[] = [];
  if (input.productId !== undefined) filters.push(eq(inventoryMovements.productId, input.productId));
  if (input.cursor != null) filters.push(lt(inventoryMovements.id, input.cursor));
  const page = db
    .select({
      id: inventoryMovements.id,
      productId: inventoryMovements.productId,
      productName: products.name,
      quantityChange: inventoryMovements.quantityChange,
      reason: inventoryMovements.reason,
      orderId: inventoryMovements.orderId,
      actorId: inventoryMovements.actorId,
      note: inventoryMovements.note,
      createdAt: inventoryMovements.createdAt,
    })
    .from(inventoryMovements)
    .innerJoin(products, eq(products.id, inventoryMovements.productId))
    .where(and(...filters))
    .orderBy(desc(inventoryMovements.id))
    .limit(input.limit + 1);
  const [rows] = await readAsAdmin(db, admin.userId, [page]);
  return keysetPage(rows, input.limit);
}

/** Products whose stock differs from the sum of their ledger rows; one query. */
export async function reconcile(db: Db, admin: Actor) {
  const ledger = sql<number>`coalesce(sum(${inventoryMovements.quantityChange}), 0)`.mapWith(Number);
  const query = db
    .select({ productId: products.id, stock: products.stock, ledger })
    .from(products)
    .leftJoin(inventoryMovements, eq(inventoryMovements.productId, products.id))
    .groupBy(products.id)
    .having(sql`${products.stock} <> ${ledger}`)
    .orderBy(products.id);
  const [mismatches] = await readAsAdmin(db, admin.userId, [query]);
  return { ok: mismatches.length === 0, mismatches };
}
