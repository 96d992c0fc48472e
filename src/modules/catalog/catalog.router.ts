import { adminProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { verifyToken } from '../auth/token.ts';
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

/** Public, but an admin's valid token may see more; a bad token is just anonymous here. */
const viewerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const viewer = ctx.bearerToken ? await verifyToken(ctx.bearerToken, ctx.config.authSecret) : null;
  return next({ ctx: { ...ctx, adminId: viewer?.role === 'admin' ? viewer.id : null } });
});

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
