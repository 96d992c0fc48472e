import { adminProcedure, router } from '../../trpc/init.ts';
import { adjustInput, movementsInput, restockInput } from './inventory.schema.ts';
import { adjust, listMovements, reconcile, restock } from './inventory.service.ts';

export const inventoryRouter = router({
  restock: adminProcedure.input(restockInput).mutation(({ ctx, input }) => restock(ctx.db, ctx.actor, input)),
  adjust: adminProcedure.input(adjustInput).mutation(({ ctx, input }) => adjust(ctx.db, ctx.actor, input)),
  movements: adminProcedure.input(movementsInput).query(({ ctx, input }) => listMovements(ctx.db, ctx.actor, input)),
  reconcile: adminProcedure.query(({ ctx }) => reconcile(ctx.db, ctx.actor)),
});
