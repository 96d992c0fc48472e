/**
 * Catalog reads (one query each) and categories. Product and variant writes
 * are in product-writes.ts; each is one batch that guards itself and carries
 * its audit row, so the happy path is a single round trip.
 */

import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import { viewAsAdmin } from '../../db/admin-check.ts';
import { type Actor, adminBatch } from '../../db/audit.ts';
import { nextId } from '../../db/batch-ids.ts';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { keysetPage } from '../../db/pagination.ts';
import { categories, products, variants } from '../../db/schema.ts';
import { DomainError, notFound } from '../domain-error.ts';
import type { CreateCategoryInput, ProductsInput } from './catalog.schema.ts';
import { buildCategoryTree } from './listing.ts';
import { parseDetail, parseListing, productDetailQuery, productListingQuery } from './product-views.ts';
import { encodeSearchCursor, type SearchHits, searchHits, searchMatch } from './search.ts';

const categoryColumns = {
  id: categories.id,
  name: categories.name,
  slug: categories.slug,
  parentId: categories.parentId,
};

/** A new category's id, set by its INSERT so the audit row before it can name it (as stock.ts's nextProductId). */
const nextCategoryId = nextId(categories);

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

/**
 * The variant filters of a page: a product matches when one of its variants
 * on sale meets them all (in stock, priced within the range).
 */
function variantFilter(input: ProductsInput): SQL | undefined {
  const conditions: SQL[] = [];
  if (input.inStock) conditions.push(sql`v.stock > 0`);
  if (input.minPriceCents !== undefined) conditions.push(sql`v.price_cents >= ${input.minPriceCents}`);
  if (input.maxPriceCents !== undefined) conditions.push(sql`v.price_cents <= ${input.maxPriceCents}`);
  if (conditions.length === 0) return undefined;
  return sql`EXISTS (SELECT 1 FROM ${variants} v WHERE v.product_id = ${products.id} AND v.is_active = 1 AND ${and(...conditions)})`;
}

/** The filters of a product page but its cursor; `archived` lists archived products too. */
function productFilters(input: ProductsInput, archived: boolean): SQL[] {
  const filters: SQL[] = archived ? [] : [eq(products.isActive, true)];
  if (input.categoryId !== undefined)
    filters.push(sql`${products.categoryId} IN ${categoryAndDescendants(input.categoryId)}`);
  const byVariant = variantFilter(input);
  if (byVariant) filters.push(byVariant);
  return filters;
}

/** What comes after the cursor: a greater id, or for a search what sorts after its (rank, id). */
function pageAfter(cursor: ProductsInput['cursor'], hits: SearchHits | undefined): SQL | undefined {
  if (cursor == null) return undefined;
  if (typeof cursor === 'number') return gt(products.id, cursor);
  // The schema takes a search cursor only with a search, so `hits` is there.
  return hits && sql`(${hits.rank}, ${products.id}) > (${cursor.rank}, ${cursor.id})`;
}

/**
 * A page of products, each with its price range and stock over its variants
 * on sale and its first image. With `archivedFor` (an admin's user id)
 * archived products are listed too, read behind the admin check in the same
 * round trip.
 *
 * Browsing pages by id. Searching orders by rank (bm25, best first) then id,
 * and its cursor is the last row's (rank, id): the next page is what sorts
 * after it, a row-value comparison in the same query, so a page is still one
 * statement. Ranks depend on the whole catalog, so a write between two pages
 * may repeat or skip a product at the boundary, as with any search ranked by
 * relevance; browsing by id has no such edge.
 */
export async function listProducts(db: Db, input: ProductsInput, archivedFor: number | null = null) {
  const match = input.search ? searchMatch(input.search) : undefined;
  // Text without a single word in it (only punctuation, say) matches nothing.
  if (match === null) return { items: [], nextCursor: null };
  const hits = match === undefined ? undefined : searchHits(match);
  const after = pageAfter(input.cursor, hits);
  const page = (archived: boolean) =>
    productListingQuery(db, hits)
      .where(and(...productFilters(input, archived), after))
      .orderBy(...(hits ? [asc(hits.rank)] : []), asc(products.id))
      .limit(input.limit + 1);
  const rows =
    archivedFor === null ? await page(false) : await viewAsAdmin(db, archivedFor, page(true), () => page(false));
  const { items, nextCursor } = keysetPage(rows, input.limit, (row) =>
    hits ? encodeSearchCursor({ rank: row.rank, id: row.id }) : row.id,
  );
  return { items: items.map(parseListing), nextCursor };
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
