import { adminProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { signedInUser } from '../auth/bearer.ts';
import { getOrder } from '../orders/orders.service.ts';
import {
  cardSessionInput,
  completeRefundInput,
  confirmReturnInput,
  recordPaymentInput,
  refundInput,
} from './payments.schema.ts';
import { completeRefund, recordPayment, refundPayment } from './payments.service.ts';
import { cardSession, confirmReturn, settleCardOrder } from './stripe/card.service.ts';

/**
 * Payments: the manual provider's admin side (bank transfer, cash on
 * delivery), an admin's refund (sent through Stripe for a card order), and
 * the shopper's side of a card payment. Writes answer the order.
 */
export const paymentsRouter = router({
  record: adminProcedure
    .input(recordPaymentInput)
    .mutation(({ ctx, input }) => recordPayment(ctx.db, ctx.actor, input)),
  refund: adminProcedure.input(refundInput).mutation(async ({ ctx, input }) => {
    const order = await refundPayment(ctx.db, ctx.actor, input);
    const actor = { actorId: ctx.user.id, source: 'admin' } as const;
    return settleCardOrder(ctx.db, ctx.config, order, actor, () => getOrder(ctx.db, ctx.user, order.id));
  }),
  completeRefund: adminProcedure
    .input(completeRefundInput)
    .mutation(({ ctx, input }) => completeRefund(ctx.db, ctx.actor, input)),
  /** A pending card order with its Stripe Checkout Session URL (opened if it has none): the same session every time. */
  cardSession: publicProcedure.input(cardSessionInput).mutation(async ({ ctx, input }) => {
    if ('token' in input) return cardSession(ctx.db, ctx.config, { token: input.token }, ctx.origin);
    const user = await signedInUser(ctx.bearerToken, ctx.config.authSecret);
    return cardSession(ctx.db, ctx.config, { user, orderId: input.orderId }, ctx.origin);
  }),
  /** The order page's call when Stripe sends the shopper back: the payment as Stripe says it ended, applied once. */
  confirmReturn: publicProcedure
    .input(confirmReturnInput)
    .mutation(({ ctx, input }) => confirmReturn(ctx.db, ctx.config, input.sessionId)),
});
