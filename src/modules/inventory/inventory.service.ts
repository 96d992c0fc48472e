/**
 * Admin stock changes and the ledger. Every change goes through
 * stockChangeStatements (guarded UPDATE + ledger row) plus an audit row, all
 * in one batch; CHECK (stock >= 0) refuses going below zero and the ledger
 * row's NOT NULL variant_id refuses an unknown variant. Stock is per variant.
 */
import { and, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { readAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { keysetPage } from '../../db/pagination.ts';
import { inventoryMovements, orderItems, orders, products, variants } from '../../db/schema.ts';
import { type StockChange, stockChangeStatements } from '../../db/stock.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AdjustInput, MovementsInput, RestockInput } from './inventory.schema.ts';

async function applyStockChange(db: Db, actor: Actor, action: string, change: StockChange) {
  const [update, movement] = stockChangeStatements(db, change);
  try {
    const [[result]] = await adminBatch(db, actor, { action, target: `variant:${change.variantId}` }, [
      update.returning({ variantId: variants.id, stock: variants.stock }),
      movement,
    ]);
    return result as NonNullable<typeof result>;
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'inventory_movements.variant_id')) throw notFound('variant', change.variantId);
    if (isViolationOf(error, 'check', 'variants_stock_non_negative')) {
      throw new DomainError(
        'INSUFFICIENT_STOCK',
        `Adjusting variant ${change.variantId} by ${change.change} would take its stock below zero`,
        { variantId: change.variantId },
      );
    }
    throw error;
  }
}

export function restock(db: Db, actor: Actor, input: RestockInput) {
  return applyStockChange(db, actor, 'inventory.restock', {
    variantId: input.variantId,
    change: input.quantity,
    reason: 'restock',
    actorId: actor.userId,
    note: input.note ?? null,
  });
}

export function adjust(db: Db, actor: Actor, input: AdjustInput) {
  return applyStockChange(db, actor, 'inventory.adjust', {
    variantId: input.variantId,
    change: input.delta,
    reason: 'adjustment',
    actorId: actor.userId,
    note: input.reason,
  });
}

/** Newest first, keyset on id; each row names its variant's product, SKU and options. */
export async function listMovements(db: Db, admin: Actor, input: MovementsInput) {
  const filters: SQL[] = [];
  if (input.variantId !== undefined) filters.push(eq(inventoryMovements.variantId, input.variantId));
  if (input.cursor != null) filters.push(lt(inventoryMovements.id, input.cursor));
  const page = db
    .select({
      id: inventoryMovements.id,
      variantId: inventoryMovements.variantId,
      productId: variants.productId,
      productName: products.name,
      sku: variants.sku,
      options: variants.options,
      quantityChange: inventoryMovements.quantityChange,
      reason: inventoryMovements.reason,
      orderId: inventoryMovements.orderId,
      actorId: inventoryMovements.actorId,
      note: inventoryMovements.note,
      createdAt: inventoryMovements.createdAt,
    })
    .from(inventoryMovements)
    .innerJoin(variants, eq(variants.id, inventoryMovements.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(...filters))
    .orderBy(desc(inventoryMovements.id))
    .limit(input.limit + 1);
  const [rows] = await readAsAdmin(db, admin.userId, [page]);
  const items = rows.map((row) => ({ ...row, options: JSON.parse(row.options) as Record<string, string> }));
  return keysetPage(items, input.limit);
}

/** Variants whose stock differs from the sum of their ledger rows; one query. */
export async function reconcile(db: Db, admin: Actor) {
  const ledger = sql<number>`coalesce(sum(${inventoryMovements.quantityChange}), 0)`.mapWith(Number);
  const query = db
    .select({ variantId: variants.id, productId: variants.productId, stock: variants.stock, ledger })
    .from(variants)
    .leftJoin(inventoryMovements, eq(inventoryMovements.variantId, variants.id))
    .groupBy(variants.id)
    .having(sql`${variants.stock} <> ${ledger}`)
    .orderBy(variants.id);
  const [mismatches] = await readAsAdmin(db, admin.userId, [query]);
  return { ok: mismatches.length === 0, mismatches };
}

/**
 * Each variant of a product as the shop holds it: available (what a checkout
 * may take: `stock`), held (taken by pending orders, still waiting for their
 * payment or their hold to run out) and on hand (both: what is on the shelf).
 */
export async function stockLevels(db: Db, admin: Actor, productId: number) {
  const held = sql<number>`coalesce((SELECT sum(i.quantity) FROM ${orderItems} i JOIN ${orders} o ON o.id = i.order_id
    WHERE i.variant_id = "variants"."id" AND o.status = 'pending'), 0)`.mapWith(Number);
  const query = db
    .select({ variantId: variants.id, sku: variants.sku, options: variants.options, available: variants.stock, held })
    .from(variants)
    .where(eq(variants.productId, productId))
    .orderBy(variants.id);
  const [rows] = await readAsAdmin(db, admin.userId, [query]);
  return rows.map((row) => ({
    ...row,
    options: JSON.parse(row.options) as Record<string, string>,
    onHand: row.available + row.held,
  }));
}
