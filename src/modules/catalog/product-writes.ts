/**
 * Admin writes to products and their variants. Each is ONE batch, audit row
 * first (src/db/audit.ts), ending with the product page's statement, so the
 * write answers with the product as it now is in the same round trip. Guards:
 * UNIQUE (sku) and UNIQUE (product_id, option_key) refuse a repeated SKU or
 * option combination even when two admins race; a NULL guard refuses an
 * unknown category or product, or options that are not the product's.
 */
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { constraintViolation, isViolationOf } from '../../db/errors.ts';
import { categories, NOW, products, variants } from '../../db/schema.ts';
import {
  newestProductId,
  newProductStatements,
  newVariantStatements,
  nextProductId,
  nextVariantId,
} from '../../db/stock.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { AddVariantInput, CreateProductInput, UpdateProductInput, UpdateVariantInput } from './catalog.schema.ts';
import { parseDetail, productDetailQuery } from './product-views.ts';

type DetailRows = Parameters<typeof parseDetail>[0][];

/** The product page of product `id` (all variants, an admin's view), to end a write batch with. */
const detailOf = (db: Db, id: number | SQL) => productDetailQuery(db, sql`p.id = ${id}`, true);

/** The product answered by the last statement of a write batch. */
function lastDetail(results: readonly unknown[]) {
  const [row] = results[results.length - 1] as DetailRows;
  if (!row) throw new Error('product write returned no product');
  return parseDetail(row);
}

/** A repeated SKU or option combination as DUPLICATE; other errors unchanged. */
function duplicateOrError(error: unknown, skus: readonly (string | undefined)[]): unknown {
  if (isViolationOf(error, 'unique', 'variants.sku') || isViolationOf(error, 'unique', 'variants_sku_unique')) {
    const named = skus.filter(Boolean);
    return new DomainError(
      'DUPLICATE',
      `SKU ${named.length === 1 ? `"${named[0]}" is` : 'already'} taken; every variant needs its own SKU`,
      { field: 'sku' },
    );
  }
  if (constraintViolation(error)?.kind === 'unique' && constraintViolation(error)?.target.includes('option_key')) {
    return new DomainError('DUPLICATE', 'Two variants of one product may not have the same options', {
      field: 'options',
    });
  }
  return error;
}

export async function createProduct(db: Db, actor: Actor, input: CreateProductInput) {
  const { insert, variants: variantStatements } = newProductStatements(
    db,
    {
      // NULL for an unknown category, which NOT NULL turns into a failed batch.
      categoryId: sql`(SELECT ${categories.id} FROM ${categories} WHERE ${categories.id} = ${input.categoryId})`,
      name: input.name,
      description: input.description,
      optionNames: input.optionNames,
      variants: input.variants,
    },
    { actorId: actor.userId },
  );
  const audit = { action: 'catalog.createProduct', target: sql`'product:' || ${nextProductId}` };
  try {
    const statements = [insert, ...variantStatements, detailOf(db, newestProductId)] as const;
    return lastDetail(await adminBatch(db, actor, audit, statements));
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'products.category_id')) throw notFound('category', input.categoryId);
    throw duplicateOrError(
      error,
      input.variants.map((variant) => variant.sku),
    );
  }
}

/**
 * The product's id when the given option names are exactly its options, else
 * NULL: written into variants.product_id (NOT NULL), it refuses an unknown
 * product and a variant that leaves out or adds an option.
 */
function productWithOptions(productId: number, names: readonly string[]): SQL<number> {
  const sameNames =
    names.length === 0
      ? sql`json_array_length(p.option_names) = 0`
      : sql`json_array_length(p.option_names) = ${names.length}
        AND (SELECT count(*) FROM json_each(p.option_names) j WHERE j.value IN ${names}) = ${names.length}`;
  return sql<number>`(SELECT p.id FROM ${products} p WHERE p.id = ${productId} AND ${sameNames})`;
}

export async function addVariant(db: Db, actor: Actor, input: AddVariantInput) {
  const { productId, ...variant } = input;
  const { insert, initialStock } = newVariantStatements(
    db,
    productWithOptions(productId, Object.keys(variant.options)),
    variant,
    { actorId: actor.userId },
  );
  const audit = { action: 'catalog.addVariant', target: sql`'variant:' || ${nextVariantId}` };
  try {
    return lastDetail(await adminBatch(db, actor, audit, [insert, ...initialStock, detailOf(db, productId)]));
  } catch (error) {
    if (!isViolationOf(error, 'notnull', 'variants.product_id')) throw duplicateOrError(error, [variant.sku]);
    // The failure path reads once, to say which: no such product, or other options.
    const [product] = await db
      .select({ optionNames: products.optionNames })
      .from(products)
      .where(eq(products.id, productId));
    if (!product) throw notFound('product', productId);
    const names = JSON.parse(product.optionNames) as string[];
    throw new DomainError(
      'INVALID_OPTIONS',
      `Product ${productId}'s variants need exactly one value for each of its options: ${names.join(', ') || 'none'}`,
      { options: names },
    );
  }
}

export async function updateVariant(db: Db, actor: Actor, input: UpdateVariantInput) {
  const { id, ...changes } = input;
  // NULL for an unknown variant, so the batch fails before changing anything.
  const target = sql`(SELECT 'variant:' || ${variants.id} FROM ${variants} WHERE ${variants.id} = ${id})`;
  const productOfVariant = sql`(SELECT ${variants.productId} FROM ${variants} WHERE ${variants.id} = ${id})`;
  try {
    const results = await adminBatch(db, actor, { action: 'catalog.updateVariant', target }, [
      db
        .update(variants)
        .set({ ...changes, updatedAt: NOW })
        .where(eq(variants.id, id)),
      db.update(products).set({ updatedAt: NOW }).where(sql`${products.id} = ${productOfVariant}`),
      detailOf(db, productOfVariant),
    ]);
    return lastDetail(results);
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'audit_log.target')) throw notFound('variant', id);
    throw duplicateOrError(error, [changes.sku]);
  }
}

export async function updateProduct(db: Db, actor: Actor, input: UpdateProductInput) {
  const { id, priceCents, ...changes } = input;
  // The audit target is NULL for an unknown id, so the batch fails and no
  // audit row is written for an update that changed nothing.
  const target = sql`(SELECT 'product:' || ${products.id} FROM ${products} WHERE ${products.id} = ${id})`;
  const statements = [
    db
      .update(products)
      .set({ ...changes, updatedAt: NOW })
      .where(eq(products.id, id)),
    ...(priceCents === undefined
      ? []
      : [
          db
            .update(variants)
            .set({ priceCents, updatedAt: NOW })
            .where(inArray(variants.productId, [id])),
        ]),
    detailOf(db, id),
  ] as const;
  try {
    return lastDetail(await adminBatch(db, actor, { action: 'catalog.updateProduct', target }, statements));
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'audit_log.target')) throw notFound('product', id);
    throw error;
  }
}
