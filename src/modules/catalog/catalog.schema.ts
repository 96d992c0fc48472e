/**
 * Catalog inputs. Field shapes come from the tables through drizzle-zod
 * (0.8 builds on zod 4's `zod/v4`, the same classes as `zod` 4 here), then are
 * narrowed per procedure, so a column's type is declared once, in schema.ts.
 */
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import { categories, products } from '../../db/schema.ts';
import { idSchema, pageLimitSchema } from '../../shared/fields.ts';
import { DEFAULT_PAGE_SIZE, MAX_INITIAL_STOCK, MAX_PRICE_CENTS, SEARCH_MAX_LENGTH } from '../../shared/limits.ts';

/** Lowercase words joined by single hyphens: `apparel-tops-tees`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const categoryFields = createInsertSchema(categories, {
  name: (schema) => schema.trim().min(1, 'Name is required').max(100),
  slug: (schema) =>
    schema.trim().max(100).regex(SLUG_PATTERN, 'Slug must be lowercase kebab-case, e.g. "apparel-tops-tees"'),
  parentId: () => idSchema.nullish(),
});

const productFields = createInsertSchema(products, {
  categoryId: () => idSchema,
  name: (schema) => schema.trim().min(1, 'Name is required').max(200),
  description: (schema) => schema.trim().max(5_000),
  priceCents: (schema) => schema.int().min(0, 'Price cannot be negative').max(MAX_PRICE_CENTS),
  stock: (schema) => schema.int().min(0, 'Stock cannot be negative').max(MAX_INITIAL_STOCK),
});

export const createCategoryInput = categoryFields.pick({ name: true, slug: true, parentId: true });

export const createProductInput = productFields
  .pick({ categoryId: true, name: true, description: true, priceCents: true, stock: true })
  .extend({
    description: productFields.shape.description.default(''),
    stock: productFields.shape.stock.default(0),
  });

export const updateProductInput = productFields
  .pick({ name: true, description: true, priceCents: true, isActive: true })
  .partial()
  .extend({ id: idSchema })
  .refine(({ id: _, ...changes }) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Nothing to update: pass at least one of name, description, priceCents, isActive',
  });

export const productIdInput = z.object({ id: idSchema });

export const productsInput = z
  .object({
    categoryId: idSchema.optional(),
    search: z.string().trim().max(SEARCH_MAX_LENGTH).optional(),
    /** The last id of the previous page; null or absent for the first page. */
    cursor: idSchema.nullish(),
    limit: pageLimitSchema,
    /** Admins only (ignored for anyone else): list archived products too, e.g. to restock them. */
    includeArchived: z.boolean().optional(),
  })
  .default({ limit: DEFAULT_PAGE_SIZE });

export type CreateCategoryInput = z.infer<typeof createCategoryInput>;
export type CreateProductInput = z.infer<typeof createProductInput>;
export type UpdateProductInput = z.infer<typeof updateProductInput>;
export type ProductsInput = z.infer<typeof productsInput>;
