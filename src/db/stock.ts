/**
 * The one place every stock change goes through, a new product's initial
 * stock included. Each change is statements for the caller's batch: the
 * guarded UPDATE of variants.stock (CHECK (stock >= 0) refuses an oversell)
 * or the variant's INSERT, and its inventory_movements row, so
 * `stock = sum(quantity_change)` holds after every batch.
 */

import { type SQL, sql } from 'drizzle-orm';
import { newestId, nextId } from './batch-ids.ts';
import type { Db } from './client.ts';
import { existingVariantId } from './guards.ts';
import { inventoryMovements, type MOVEMENT_REASONS, NOW, orderItems, products, variants } from './schema.ts';

export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export type StockChange = {
  variantId: number;
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
export const nextProductId = nextId(products);
/** The product the batch's latest INSERT made. */
export const newestProductId = newestId(products);
/** The same for variants: the id the next one gets, and the latest one made. */
export const nextVariantId = nextId(variants);
export const newestVariantId = newestId(variants);

export type NewVariant = {
  /** Made from the variant's id (SKU-<id>) when not given. */
  sku?: string;
  /** One value per option name of the product; {} for a product without options. */
  options: Record<string, string>;
  priceCents: number;
  stock: number;
};

/** The canonical text of a variant's options, by option name: "Colour=Black;Size=M" ("" for none). */
export function optionKey(options: Record<string, string>): string {
  return Object.keys(options)
    .sort()
    .map((name) => `${name}=${options[name]}`)
    .join(';');
}

/**
 * A new variant of `productId` (an id, or SQL such as the newest product) with
 * `stock` units: its INSERT and, when the stock is above zero, the `initial`
 * ledger row for it. The stock is set by the INSERT, so no UPDATE is needed.
 * UNIQUE (sku) and UNIQUE (product_id, option_key) refuse a repeated SKU or
 * combination, also when two admins race.
 */
export function newVariantStatements(
  db: Db,
  productId: number | SQL,
  variant: NewVariant,
  ledger: { actorId?: number | SQL | null; note?: string | null } = {},
) {
  return {
    insert: db.insert(variants).values({
      id: nextVariantId,
      productId,
      sku: variant.sku ?? sql`'SKU-' || ${nextVariantId}`,
      options: JSON.stringify(variant.options),
      optionKey: optionKey(variant.options),
      priceCents: variant.priceCents,
      stock: variant.stock,
    }),
    initialStock:
      variant.stock > 0
        ? [
            db.insert(inventoryMovements).values({
              variantId: newestVariantId,
              quantityChange: variant.stock,
              reason: 'initial',
              actorId: ledger.actorId ?? null,
              note: ledger.note ?? null,
            }),
          ]
        : [],
  };
}

export type NewProduct = {
  categoryId: number | SQL;
  name: string;
  description?: string;
  isActive?: boolean;
  /** The option names in display order; [] for a product sold in one variant. */
  optionNames: readonly string[];
  variants: readonly NewVariant[];
};

/**
 * A new product with its variants and their initial stock, as statements for
 * one batch: the product's INSERT (add `.returning()` as needed), then each
 * variant's INSERT and `initial` ledger row.
 */
export function newProductStatements(
  db: Db,
  product: NewProduct,
  ledger: { actorId?: number | SQL | null; note?: string | null } = {},
) {
  const { optionNames, variants: newVariants, ...fields } = product;
  return {
    insert: db.insert(products).values({ ...fields, id: nextProductId, optionNames: JSON.stringify(optionNames) }),
    variants: newVariants.flatMap((variant) => {
      const { insert, initialStock } = newVariantStatements(db, newestProductId, variant, ledger);
      return [insert, ...initialStock];
    }),
  };
}

/** One variant's stock change: guarded update, then its ledger row. */
export function stockChangeStatements(db: Db, change: StockChange) {
  return [
    db
      .update(variants)
      .set({
        stock: sql`${variants.stock} + ${change.change}`,
        updatedAt: NOW,
      })
      .where(sql`${variants.id} = ${change.variantId}`),
    db.insert(inventoryMovements).values({
      // NOT NULL on variant_id turns an unknown variant into a failed batch.
      variantId: existingVariantId(change.variantId),
      quantityChange: change.change,
      reason: change.reason,
      orderId: change.orderId ?? null,
      actorId: change.actorId,
      note: change.note ?? null,
    }),
  ] as const;
}

/** Who and why, for the ledger rows of a set of stock changes. */
export type StockLedger = {
  reason: MovementReason;
  actorId: number | SQL | null;
  note?: string | null;
};

/**
 * Stock changes for a set of rows, set-based: `lines` is a SELECT of
 * (variant id, signed change, order id), by position, one row per ledger row
 * (a variant may appear more than once). Its guarded UPDATE adds each
 * variant's changes to variants.stock (CHECK (stock >= 0) refuses an
 * oversell), and its INSERT writes one `inventory_movements` row per line.
 * `lines` is read by both statements, so it must select the same rows after
 * the UPDATE as before it (it may not depend on variants.stock).
 */
export function stockLinesStatements(db: Db, lines: SQL, ledger: StockLedger) {
  // The lines under the names the statements use, whatever the caller's SELECT calls its columns.
  const named = sql`(WITH stock_lines (variant_id, quantity_change, order_id) AS (${lines}) SELECT * FROM stock_lines)`;
  return [
    db.run(sql`UPDATE ${variants}
      SET stock = stock + (SELECT sum(l.quantity_change) FROM ${named} l WHERE l.variant_id = ${variants}.id),
        updated_at = ${NOW}
      WHERE id IN (SELECT l.variant_id FROM ${named} l)`),
    db.run(sql`INSERT INTO ${inventoryMovements} (variant_id, quantity_change, reason, order_id, actor_id, note)
      SELECT l.variant_id, l.quantity_change, ${ledger.reason}, l.order_id, ${ledger.actorId}, ${ledger.note ?? null}
      FROM ${named} l`),
  ] as const;
}

/**
 * Stock changes for every line of an order: `direction` -1 takes the ordered
 * quantities out of stock (a sale), +1 puts them back (a cancellation).
 */
export function orderStockStatements(
  db: Db,
  orderId: SQL | number,
  direction: -1 | 1,
  reason: MovementReason,
  actorId: number | null,
) {
  return stockLinesStatements(
    db,
    sql`SELECT variant_id, ${direction} * quantity, order_id FROM ${orderItems} WHERE order_id = ${orderId}`,
    { reason, actorId },
  );
}
