/**
 * How products read: a listing row (one per product, with its price range and
 * stock over the variants on sale, and its first image) and the product page
 * (the product with its variants and images). Each is ONE statement, so each
 * read is one round trip.
 */
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { productImages, products, variants } from '../../db/schema.ts';
import { IMAGE_URL_PREFIX, type ProductImage } from '../../shared/images.ts';
import type { SearchHits } from './search.ts';

/** The variants that count for a product's price range and stock: on sale ones. */
const onSale = and(eq(variants.productId, products.id), eq(variants.isActive, true));

/** An image's URL from its storage key, in SQL. */
const imageUrl = (key: SQL) => sql`${IMAGE_URL_PREFIX} || ${key}`;

/**
 * A listing row: the product and what its variants on sale add up to. With
 * `hits` (a search, search.ts) only the matching products, each with its rank.
 */
export function productListingQuery(db: Db, hits?: SearchHits) {
  const query = db
    .select({
      id: products.id,
      categoryId: products.categoryId,
      name: products.name,
      description: products.description,
      isActive: products.isActive,
      optionNames: products.optionNames,
      /** The lowest price of a variant on sale ("from"); the product page has each variant's. */
      priceCents: sql<number>`coalesce(min(${variants.priceCents}), 0)`.mapWith(Number),
      maxPriceCents: sql<number>`coalesce(max(${variants.priceCents}), 0)`.mapWith(Number),
      /** Units in stock over all variants on sale. */
      stock: sql<number>`coalesce(sum(${variants.stock}), 0)`.mapWith(Number),
      variantCount: sql<number>`count(${variants.id})`.mapWith(Number),
      /** The variant to add to a cart straight from a listing: set only when there is exactly one. */
      defaultVariantId: sql<number | null>`CASE WHEN count(${variants.id}) = 1 THEN max(${variants.id}) END`,
      /** The product's first image (lowest position), for its card; null when it has none. */
      imageUrl: sql<string | null>`(SELECT ${imageUrl(sql`i.key`)} FROM ${productImages} i
        WHERE i.product_id = ${products.id} ORDER BY i.position, i.id LIMIT 1)`,
      createdAt: products.createdAt,
      updatedAt: products.updatedAt,
      /** bm25 when searching (lower is better); 0 when browsing. */
      rank: hits ? hits.rank : sql<number>`0`,
    })
    .from(products)
    .leftJoin(variants, onSale)
    .groupBy(products.id)
    .$dynamic();
  return hits ? query.innerJoin(hits.table, sql`${hits.id} = ${products.id}`) : query;
}

type ListingRow = Awaited<ReturnType<ReturnType<typeof productListingQuery>['execute']>>[number];

export function parseListing({ optionNames, rank: _, ...row }: ListingRow) {
  return { ...row, optionNames: JSON.parse(optionNames) as string[], inStock: row.stock > 0 };
}

export type VariantView = {
  id: number;
  sku: string;
  options: Record<string, string>;
  priceCents: number;
  stock: number;
  isActive: boolean;
};

type DetailRow = {
  id: number;
  categoryId: number;
  name: string;
  description: string;
  optionNames: string;
  isActive: number | boolean;
  createdAt: string;
  updatedAt: string;
  variants: string;
  images: string;
};

/**
 * The product page's statement for the products matching `where` (a
 * condition on alias `p`): each with its variants as JSON, on sale ones only
 * unless `allVariants` (an admin's view), and its images in order.
 */
export function productDetailQuery(db: Db, where: SQL, allVariants: boolean) {
  const variantFilter = allVariants ? sql`` : sql`AND v.is_active = 1`;
  return db.all<DetailRow>(sql`
    SELECT p.id, p.category_id AS categoryId, p.name, p.description, p.option_names AS optionNames,
      p.is_active AS isActive, p.created_at AS createdAt, p.updated_at AS updatedAt,
      (SELECT json_group_array(json_object('id', v.id, 'sku', v.sku, 'options', json(v.options),
          'priceCents', v.price_cents, 'stock', v.stock, 'isActive', json(CASE v.is_active WHEN 1 THEN 'true' ELSE 'false' END)))
        FROM (SELECT * FROM ${variants} v WHERE v.product_id = p.id ${variantFilter} ORDER BY v.id) v) AS variants,
      (SELECT json_group_array(json_object('id', i.id, 'url', ${imageUrl(sql`i.key`)}, 'contentType', i.content_type,
          'position', i.position))
        FROM (SELECT * FROM ${productImages} i WHERE i.product_id = p.id ORDER BY i.position, i.id) i) AS images
    FROM ${products} p WHERE ${where}`);
}

/** The product page: the product, its options with their values in variant order, its variants and its images. */
export function parseDetail(row: DetailRow) {
  const optionNames = JSON.parse(row.optionNames) as string[];
  const list = JSON.parse(row.variants) as VariantView[];
  const onSaleVariants = list.filter((variant) => variant.isActive);
  const prices = onSaleVariants.map((variant) => variant.priceCents);
  return {
    id: Number(row.id),
    categoryId: Number(row.categoryId),
    name: row.name,
    description: row.description,
    isActive: Boolean(row.isActive),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    /** Each option with its values, in the order the product's variants first use them. */
    options: optionNames.map((name) => ({
      name,
      values: [...new Set(list.map((variant) => variant.options[name]).filter((value) => value !== undefined))],
    })),
    variants: list,
    /** In display order; the first is the product's picture in listings. */
    images: JSON.parse(row.images) as ProductImage[],
    priceCents: prices.length > 0 ? Math.min(...prices) : 0,
    maxPriceCents: prices.length > 0 ? Math.max(...prices) : 0,
    stock: onSaleVariants.reduce((sum, variant) => sum + variant.stock, 0),
  };
}

export type ProductDetail = ReturnType<typeof parseDetail>;
