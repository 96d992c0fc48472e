import { adminProcedure, publicProcedure, router, viewerProcedure } from '../../trpc/init.ts';
import {
  createCategoryInput,
  createProductInput,
  productIdInput,
  productsInput,
  updateProductInput,
} from './catalog.schema.ts';
import {
  createCategory,
  createProduct,
  getProduct,
  listCategories,
  listProducts,
  updateProduct,
} from './catalog.service.ts';

export const catalogRouter = router({
  categories: publicProcedure.query(({ ctx }) => listCategories(ctx.db)),
  products: viewerProcedure
    .input(productsInput)
    .query(({ ctx, input }) => listProducts(ctx.db, input, input.includeArchived === true ? ctx.adminId : null)),
  product: viewerProcedure.input(productIdInput).query(({ ctx, input }) => getProduct(ctx.db, input.id, ctx.adminId)),
  createCategory: adminProcedure
    .input(createCategoryInput)
    .mutation(({ ctx, input }) => createCategory(ctx.db, ctx.actor, input)),
  createProduct: adminProcedure
    .input(createProductInput)
    .mutation(({ ctx, input }) => createProduct(ctx.db, ctx.actor, input)),
  updateProduct: adminProcedure
    .input(updateProductInput)
    .mutation(({ ctx, input }) => updateProduct(ctx.db, ctx.actor, input)),
});
