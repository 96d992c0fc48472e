import { authedProcedure, router } from '../../trpc/init.ts';
import { limitOrderAttempt } from '../orders/order-rate-limit.ts';
import { placeOrderInput } from '../orders/orders.schema.ts';
import { placeOrderFromCart } from '../orders/orders.service.ts';

export const checkoutRouter = router({
  /** Turns the signed-in user's cart into an order, in one batch. */
  place: authedProcedure.input(placeOrderInput).mutation(async ({ ctx, input }) => {
    await limitOrderAttempt(ctx.config.orderLimiter, ctx.user.id);
    return placeOrderFromCart(ctx.db, ctx.config, ctx.user, input.idempotencyKey);
  }),
});
