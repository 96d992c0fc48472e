/**
 * Catalog reads (one query each) and categories. Product and variant writes
 * are in product-writes.ts; each is one batch that guards itself and carries
 * its audit row, so the happy path is a single round trip.
 */
import { and, asc, eq, gt, or, type SQL, sql } from 'drizzle-orm';
import { viewAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { keysetPage } from '../../db/pagination.ts';
import { categories, products } from '../../db/schema.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { CreateCategoryInput, ProductsInput } from './catalog.schema.ts';
import { buildCategoryTree, containsPattern } from './listing.ts';
import { parseDetail, parseListing, productDetailQuery, productListingQuery } from './product-views.ts';

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
 * A page of products, each with its price range and stock over its variants
 * on sale. With `archivedFor` (an admin's user id) archived products are
 * listed too, read behind the admin check in the same round trip.
 */
export async function listProducts(db: Db, input: ProductsInput, archivedFor: number | null = null) {
  const page = (archived: boolean) =>
    productListingQuery(db)
      .where(and(...productFilters(input, archived)))
      .orderBy(asc(products.id))
      .limit(input.limit + 1);
  const rows =
    archivedFor === null ? await page(false) : await viewAsAdmin(db, archivedFor, page(true), () => page(false));
  return keysetPage(rows.map(parseListing), input.limit);
}

/**
 * One product with its variants; archived products and variants only for an
 * admin (`archivedFor`), so the public catalog hides them.
 */
export async function getProduct(db: Db, id: number, archivedFor: number | null) {
  const byId = (archived: boolean) =>
    productDetailQuery(db, archived ? sql`p.id = ${id}` : sql`p.id = ${id} AND p.is_active = 1`, archived);
  const [row] =
    archivedFor === null ? await byId(false) : await viewAsAdmin(db, archivedFor, byId(true), () => byId(false));
  if (!row) throw notFound('product', id);
  return parseDetail(row);
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
