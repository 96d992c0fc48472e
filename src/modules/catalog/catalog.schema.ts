/**
 * Catalog inputs. Field shapes come from the tables through drizzle-zod
 * (0.8 builds on zod 4's `zod/v4`, the same classes as `zod` 4 here), then are
 * narrowed per procedure, so a column's type is declared once, in schema.ts.
 */
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import { categories, products, variants } from '../../db/schema.ts';
import { initialStockSchema, newVariantFields, priceCentsSchema } from '../../shared/admin-fields.ts';
import { idSchema, optionTextSchema, pageLimitSchema, skuSchema } from '../../shared/fields.ts';
import {
  CATEGORY_NAME_MAX_LENGTH,
  DEFAULT_PAGE_SIZE,
  DESCRIPTION_MAX_LENGTH,
  MAX_IMAGES_PER_PRODUCT,
  MAX_OPTION_VALUES,
  MAX_OPTIONS,
  MAX_VARIANTS,
  PRODUCT_NAME_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  SLUG_MAX_LENGTH,
} from '../../shared/limits.ts';

/** Lowercase words joined by single hyphens: `apparel-tops-tees`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const categoryFields = createInsertSchema(categories, {
  name: (schema) => schema.trim().min(1, 'Name is required').max(CATEGORY_NAME_MAX_LENGTH),
  slug: (schema) =>
    schema
      .trim()
      .max(SLUG_MAX_LENGTH)
      .regex(SLUG_PATTERN, 'Slug must be lowercase kebab-case, e.g. "apparel-tops-tees"'),
  parentId: () => idSchema.nullish(),
});

const productFields = createInsertSchema(products, {
  categoryId: () => idSchema,
  name: (schema) => schema.trim().min(1, 'Name is required').max(PRODUCT_NAME_MAX_LENGTH),
  description: (schema) => schema.trim().max(DESCRIPTION_MAX_LENGTH),
});

const variantFields = createInsertSchema(variants, {
  sku: () => skuSchema,
  priceCents: () => priceCentsSchema,
  stock: () => initialStockSchema,
});

const optionText = optionTextSchema;

/** A new variant; its options (a value for each option of its product, e.g. { Size: "M" }) and stock may be left out. */
const newVariant = newVariantFields.extend({
  options: newVariantFields.shape.options.default({}),
  stock: initialStockSchema.default(0),
});

export const createCategoryInput = categoryFields.pick({ name: true, slug: true, parentId: true });

/**
 * A product with its options and variants, created in one batch. A product
 * sold in one variant may say just `priceCents` (and `stock`, `sku`) instead.
 */
export const createProductInput = productFields
  .pick({ categoryId: true, name: true, description: true })
  .extend({
    description: productFields.shape.description.default(''),
    options: z
      .array(z.object({ name: optionText, values: z.array(optionText).min(1).max(MAX_OPTION_VALUES) }))
      .max(MAX_OPTIONS)
      .default([]),
    variants: z.array(newVariant).min(1).max(MAX_VARIANTS).optional(),
    priceCents: variantFields.shape.priceCents.optional(),
    stock: variantFields.shape.stock.optional(),
    sku: variantFields.shape.sku.optional(),
  })
  .superRefine((input, ctx) => {
    const names = input.options.map((option) => option.name);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Each option needs its own name' });
    }
    const single = input.priceCents !== undefined || input.stock !== undefined || input.sku !== undefined;
    if (input.variants && single) {
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: 'Pass variants, or priceCents for one variant, not both',
      });
    }
    if (!input.variants && input.priceCents === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['priceCents'],
        message: 'A product needs variants, or a priceCents for its one variant',
      });
    }
    if (!input.variants && names.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'A product with options needs its variants' });
    }
    const declared = new Map(input.options.map((option) => [option.name, new Set(option.values)]));
    for (const [i, variant] of (input.variants ?? []).entries()) {
      const given = Object.keys(variant.options);
      const problem =
        given.length !== names.length || given.some((name) => !declared.has(name))
          ? `needs exactly one value for each option (${names.join(', ') || 'none'})`
          : given.find((name) => !declared.get(name)?.has(variant.options[name] as string));
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: ['variants', i, 'options'],
          message: given.includes(problem)
            ? `"${variant.options[problem]}" is not a value of ${problem}`
            : `Variant ${problem}`,
        });
      }
    }
  })
  .transform(({ options, variants: given, priceCents, stock, sku, ...product }) => ({
    ...product,
    optionNames: options.map((option) => option.name),
    variants: given ?? [{ sku, options: {}, priceCents: priceCents as number, stock: stock ?? 0 }],
  }));

/** Another variant of an existing product: one value for each of its options. */
export const addVariantInput = newVariant.extend({ productId: idSchema });

export const updateVariantInput = variantFields
  .pick({ sku: true, priceCents: true, isActive: true })
  .partial()
  .extend({ id: idSchema })
  .refine(({ id: _, ...changes }) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Nothing to update: pass at least one of sku, priceCents, isActive',
  });

export const updateProductInput = productFields
  .pick({ name: true, description: true, isActive: true })
  .partial()
  .extend({
    id: idSchema,
    /** Sets the price of every variant of the product; one variant's price is updateVariant's. */
    priceCents: variantFields.shape.priceCents.optional(),
  })
  .refine(({ id: _, ...changes }) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Nothing to update: pass at least one of name, description, priceCents, isActive',
  });

export const productIdInput = z.object({ id: idSchema });

export const imageIdInput = z.object({ id: idSchema });

/** Every image of the product, once each, in the order wanted. */
export const reorderImagesInput = z.object({
  productId: idSchema,
  imageIds: z
    .array(idSchema)
    .min(1)
    .max(MAX_IMAGES_PER_PRODUCT)
    .refine((ids) => new Set(ids).size === ids.length, 'Name each image once'),
});

/** `<rank>@<id>`, as encodeSearchCursor (search.ts) writes a search page's nextCursor. */
const SEARCH_CURSOR = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)@(\d{1,15})$/;

const searchCursor = z
  .string()
  .regex(SEARCH_CURSOR, 'Pass the nextCursor of the previous page as it came')
  // A rank with a huge exponent reads as Infinity, which no page ever wrote and the database cannot bind.
  .refine(
    (text) => Number.isFinite(Number(SEARCH_CURSOR.exec(text)?.[1])),
    'Pass the nextCursor of the previous page as it came',
  )
  .transform((text) => {
    const [, rank, id] = SEARCH_CURSOR.exec(text) as RegExpExecArray;
    return { rank: Number(rank), id: Number(id) };
  });

const priceFilter = variantFields.shape.priceCents.optional();

/**
 * A page of products. Filters combine (AND): the category and its
 * descendants, a search, products with a variant on sale that is in stock
 * and/or priced within [minPriceCents, maxPriceCents] (one variant meeting
 * them all), then keyset paging: by id when browsing, by rank then id when
 * searching (see catalog.service.ts listProducts).
 */
export const productsInput = z
  .object({
    categoryId: idSchema.optional(),
    search: z.string().trim().max(SEARCH_MAX_LENGTH).optional(),
    inStock: z.boolean().optional(),
    minPriceCents: priceFilter,
    maxPriceCents: priceFilter,
    /** The previous page's nextCursor (an id when browsing, a string when searching); null or absent for the first page. */
    cursor: z.union([idSchema, searchCursor]).nullish(),
    limit: pageLimitSchema,
    /** Admins only (ignored for anyone else): list archived products too, e.g. to restock them. */
    includeArchived: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if (
      input.minPriceCents !== undefined &&
      input.maxPriceCents !== undefined &&
      input.minPriceCents > input.maxPriceCents
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxPriceCents'],
        message: 'The highest price must be at least the lowest',
      });
    }
    const searching = Boolean(input.search);
    if (input.cursor != null && (typeof input.cursor === 'number') === searching) {
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: searching
          ? 'A search continues from the nextCursor of the previous search page'
          : 'Without a search, the cursor is the id nextCursor gave',
      });
    }
  })
  .default({ limit: DEFAULT_PAGE_SIZE });

export type CreateCategoryInput = z.infer<typeof createCategoryInput>;
export type CreateProductInput = z.output<typeof createProductInput>;
export type AddVariantInput = z.infer<typeof addVariantInput>;
export type UpdateVariantInput = z.infer<typeof updateVariantInput>;
export type UpdateProductInput = z.infer<typeof updateProductInput>;
export type ProductsInput = z.infer<typeof productsInput>;
export type ReorderImagesInput = z.infer<typeof reorderImagesInput>;
