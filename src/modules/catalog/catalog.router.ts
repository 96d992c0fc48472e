import { invalidateCatalog } from '../../edge/catalog-cache.ts';
import { adminProcedure, publicProcedure, router, viewerProcedure } from '../../trpc/init.ts';
import {
  addVariantInput,
  createCategoryInput,
  createProductInput,
  imageIdInput,
  productIdInput,
  productsInput,
  reorderImagesInput,
  updateProductInput,
  updateVariantInput,
} from './catalog.schema.ts';
import { createCategory, getProduct, listCategories, listProducts } from './catalog.service.ts';
import { deleteImage, reorderImages } from './image-writes.ts';
import { addVariant, createProduct, updateProduct, updateVariant } from './product-writes.ts';

/** Admin catalog writes: once one succeeds, this location's cached catalog reads are stale (src/edge/catalog-cache.ts). */
const catalogWriteProcedure = adminProcedure.use(async ({ next }) => {
  const result = await next();
  if (result.ok) await invalidateCatalog();
  return result;
});

export const catalogRouter = router({
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.db)),
  products: viewerProcedure
    .input(productsInput)
    .query(({ ctx, input }) => listProducts(ctx.db, input, input.includeArchived === true ? ctx.adminId : null)),
  product: viewerProcedure.input(productIdInput).query(({ ctx, input }) => getProduct(ctx.db, input.id, ctx.adminId)),
  createCategory: catalogWriteProcedure
    .input(createCategoryInput)
    .mutation(({ ctx, input }) => createCategory(ctx.db, ctx.actor, input)),
  createProduct: catalogWriteProcedure
    .input(createProductInput)
    .mutation(({ ctx, input }) => createProduct(ctx.db, ctx.actor, input)),
  updateProduct: catalogWriteProcedure
    .input(updateProductInput)
    .mutation(({ ctx, input }) => updateProduct(ctx.db, ctx.actor, input)),
  addVariant: catalogWriteProcedure
    .input(addVariantInput)
    .mutation(({ ctx, input }) => addVariant(ctx.db, ctx.actor, input)),
  updateVariant: catalogWriteProcedure
    .input(updateVariantInput)
    .mutation(({ ctx, input }) => updateVariant(ctx.db, ctx.actor, input)),
  // Uploads are a plain HTTP route (raw bytes, not JSON): POST /images/products/:productId, images.route.ts.
  deleteImage: catalogWriteProcedure
    .input(imageIdInput)
    .mutation(({ ctx, input }) => deleteImage(ctx.db, ctx.config.images, ctx.actor, input.id)),
  reorderImages: catalogWriteProcedure
    .input(reorderImagesInput)
    .mutation(({ ctx, input }) => reorderImages(ctx.db, ctx.actor, input)),
});
