/**
 * Catalog: reads are one query each; every write is one batch that guards
 * itself (a NULL written into a NOT NULL column fails it) and carries its
 * audit row, so the happy path is a single round trip.
 */
import { and, asc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import { viewAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { keysetPage } from '../../db/pagination.ts';
import { categories, NOW, products } from '../../db/schema.ts';
import { newProductStatements, nextProductId } from '../../db/stock.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { CreateCategoryInput, CreateProductInput, ProductsInput, UpdateProductInput } from './catalog.schema.ts';
import { buildCategoryTree, containsPattern } from './listing.ts';

const productColumns = {
  id: products.id,
  categoryId: products.categoryId,
  name: products.name,
  description: products.description,
  priceCents: products.priceCents,
  stock: products.stock,
  isActive: products.isActive,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

const categoryColumns = {
  id: categories.id,
  name: categories.name,
  slug: categories.slug,
  parentId: categories.parentId,
};

/** A new category's id, set by its INSERT so the audit row before it can name it (as stock.ts's nextProductId). */
const nextCategoryId = sql<number>`(SELECT coalesce(max(${categories.id}), 0) + 1 FROM ${categories})`;

export async function listCategories(db: Db) {
  const rows = await db.select(categoryColumns).from(categories).orderBy(asc(categories.name), asc(categories.id));
  return buildCategoryTree(rows);
}

/** The category and all its descendants, as a subquery for `IN (...)`. */
function categoryAndDescendants(categoryId: number): SQL {
  return sql`(WITH RECURSIVE tree(id) AS (
    SELECT ${categories.id} FROM ${categories} WHERE ${categories.id} = ${categoryId}
    UNION SELECT c.id FROM ${categories} c JOIN tree ON c.parent_id = tree.id
  ) SELECT id FROM tree)`;
}

/** The filters of a product page; `archived` lists archived products too. */
function productFilters(input: ProductsInput, archived: boolean): SQL[] {
  const filters: SQL[] = archived ? [] : [eq(products.isActive, true)];
  if (input.categoryId !== undefined)
    filters.push(sql`${products.categoryId} IN ${categoryAndDescendants(input.categoryId)}`);
  if (input.search) {
    // SQLite's lower() folds ASCII only, so both sides go through it (not JS
    // toLowerCase), and a non-ASCII search still matches its exact case.
    const pattern = sql`lower(${containsPattern(input.search)})`;
    filters.push(
      or(
        sql`lower(${products.name}) LIKE ${pattern} ESCAPE '\\'`,
        sql`lower(${products.description}) LIKE ${pattern} ESCAPE '\\'`,
      ) as SQL,
    );
  }
  if (input.cursor != null) filters.push(gt(products.id, input.cursor));
  return filters;
}

/**
 * A page of products. With `archivedFor` (an admin's user id) archived ones
 * are listed too, read behind the admin check in the same round trip.
 */
export async function listProducts(db: Db, input: ProductsInput, archivedFor: number | null = null) {
  const page = (archived: boolean) =>
    db
      .select(productColumns)
      .from(products)
      .where(and(...productFilters(input, archived)))
      .orderBy(asc(products.id))
      .limit(input.limit + 1);
  const rows =
    archivedFor === null ? await page(false) : await viewAsAdmin(db, archivedFor, page(true), () => page(false));
  return keysetPage(rows, input.limit);
}

/** One product; archived ones only for an admin (`archivedFor`), so the public catalog hides them. */
export async function getProduct(db: Db, id: number, archivedFor: number | null) {
  const byId = (archived: boolean) =>
    db
      .select(productColumns)
      .from(products)
      .where(and(eq(products.id, id), archived ? undefined : eq(products.isActive, true)));
  const [product] =
    archivedFor === null ? await byId(false) : await viewAsAdmin(db, archivedFor, byId(true), () => byId(false));
  if (!product) throw notFound('product', id);
  return product;
}

export async function createCategory(db: Db, actor: Actor, input: CreateCategoryInput) {
  const parentId = input.parentId ?? null;
  // parent_id may be NULL, so the parent guard rides on the NOT NULL name:
  // an unknown parent turns the name into NULL and the batch fails.
  const guardedName =
    parentId === null
      ? input.name
      : sql`CASE WHEN EXISTS (SELECT 1 FROM ${categories} WHERE ${categories.id} = ${parentId}) THEN ${input.name} END`;
  try {
    const [[category]] = await adminBatch(
      db,
      actor,
      { action: 'catalog.createCategory', target: sql`'category:' || ${nextCategoryId}` },
      [
        db
          .insert(categories)
          .values({ id: nextCategoryId, name: guardedName, slug: input.slug, parentId })
          .returning(categoryColumns),
      ],
    );
    return category as NonNullable<typeof category>;
  } catch (error) {
    if (isViolationOf(error, 'unique', 'categories.slug')) {
      throw new DomainError('DUPLICATE', `A category with slug "${input.slug}" already exists`);
    }
    if (isViolationOf(error, 'notnull', 'categories.name')) throw notFound('parent category', parentId ?? '');
    throw error;
  }
}

export async function createProduct(db: Db, actor: Actor, input: CreateProductInput) {
  const { insert, initialStock } = newProductStatements(
    db,
    {
      // NULL for an unknown category, which NOT NULL turns into a failed batch.
      categoryId: sql`(SELECT ${categories.id} FROM ${categories} WHERE ${categories.id} = ${input.categoryId})`,
      name: input.name,
      description: input.description,
      priceCents: input.priceCents,
      stock: input.stock,
    },
    { actorId: actor.userId },
  );
  const audit = { action: 'catalog.createProduct', target: sql`'product:' || ${nextProductId}` };
  try {
    const [[product]] = await adminBatch(db, actor, audit, [insert.returning(productColumns), ...initialStock]);
    return product as NonNullable<typeof product>;
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'products.category_id')) throw notFound('category', input.categoryId);
    throw error;
  }
}

export async function updateProduct(db: Db, actor: Actor, input: UpdateProductInput) {
  const { id, ...changes } = input;
  try {
    // The audit target is NULL for an unknown id, so the batch fails and no
    // audit row is written for an update that changed nothing.
    const target = sql`(SELECT 'product:' || ${products.id} FROM ${products} WHERE ${products.id} = ${id})`;
    const [[product]] = await adminBatch(db, actor, { action: 'catalog.updateProduct', target }, [
      db
        .update(products)
        .set({ ...changes, updatedAt: NOW })
        .where(eq(products.id, id))
        .returning(productColumns),
    ]);
    return product as NonNullable<typeof product>;
  } catch (error) {
    if (isViolationOf(error, 'notnull', 'audit_log.target')) throw notFound('product', id);
    throw error;
  }
}
