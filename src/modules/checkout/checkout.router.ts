import { authedProcedure, router } from '../../trpc/init.ts';
import { placeOrderInput } from '../orders/orders.schema.ts';
import { placeOrderFromCart } from '../orders/orders.service.ts';

export const checkoutRouter = router({
  /** Turns the signed-in user's cart into an order, in one batch. */
  place: authedProcedure
    .input(placeOrderInput)
    .mutation(({ ctx, input }) => placeOrderFromCart(ctx.db, ctx.user, input.idempotencyKey)),
});
