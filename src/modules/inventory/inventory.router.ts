import { adminProcedure, router } from '../../trpc/init.ts';
import { adjustInput, movementsInput, restockInput, stockLevelsInput } from './inventory.schema.ts';
import { adjust, listMovements, reconcile, restock, stockLevels } from './inventory.service.ts';

export const inventoryRouter = router({
  restock: adminProcedure.input(restockInput).mutation(({ ctx, input }) => restock(ctx.db, ctx.actor, input)),
  adjust: adminProcedure.input(adjustInput).mutation(({ ctx, input }) => adjust(ctx.db, ctx.actor, input)),
  movements: adminProcedure.input(movementsInput).query(({ ctx, input }) => listMovements(ctx.db, ctx.actor, input)),
  reconcile: adminProcedure.query(({ ctx }) => reconcile(ctx.db, ctx.actor)),
  /** Per variant of a product: available, held by pending orders, and on hand. */
  levels: adminProcedure
    .input(stockLevelsInput)
    .query(({ ctx, input }) => stockLevels(ctx.db, ctx.actor, input.productId)),
});
