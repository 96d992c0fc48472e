import { router, shopperProcedure } from '../../trpc/init.ts';
import { limitOrderAttempt } from '../orders/order-rate-limit.ts';
import { placeOrderInput, quoteInput } from '../orders/orders.schema.ts';
import { placeOrderFromCart, quoteCart } from '../orders/orders.service.ts';
import { orderPageUrl } from '../payments/stripe/card.service.ts';
import { withCardSession } from '../payments/stripe/sessions.ts';

export const checkoutRouter = router({
  /** The cart priced as it would be placed now (read-only, one round trip): show it, then place at its total. */
  quote: shopperProcedure.input(quoteInput).query(({ ctx, input }) => quoteCart(ctx.db, ctx.config, ctx.owner, input)),
  /**
   * Turns the shopper's cart into an order, in one batch. A guest's answer
   * carries `accessToken`, the key of the order's link (/orders/link/<token>);
   * a card order's, `payment.sessionUrl`: Stripe's page to send the shopper to.
   */
  place: shopperProcedure.input(placeOrderInput).mutation(async ({ ctx, input }) => {
    if (ctx.owner) await limitOrderAttempt(ctx.config.orderLimiter, ctx.owner.key);
    // Awaited here: a refusal thrown before placeOrderFromCart's first await must have its handler at once.
    const order = await placeOrderFromCart(ctx.db, ctx.config, ctx.owner, input);
    return withCardSession(ctx.db, ctx.config, order, orderPageUrl(ctx.origin, order));
  }),
});
