import { adminProcedure, router } from '../../trpc/init.ts';
import { createDiscountInput, updateDiscountInput } from './discounts.schema.ts';
import { createDiscount, listDiscounts, updateDiscount } from './discounts.service.ts';

/** Discount codes and their usage, for admins; shoppers use codes at checkout. */
export const discountsRouter = router({
  list: adminProcedure.query(({ ctx }) => listDiscounts(ctx.db, ctx.actor)),
  create: adminProcedure
    .input(createDiscountInput)
    .mutation(({ ctx, input }) => createDiscount(ctx.db, ctx.actor, input)),
  update: adminProcedure
    .input(updateDiscountInput)
    .mutation(({ ctx, input }) => updateDiscount(ctx.db, ctx.actor, input)),
});
