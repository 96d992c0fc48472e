import { adminProcedure, router } from '../../trpc/init.ts';
import { completeRefundInput, recordPaymentInput, refundInput } from './payments.schema.ts';
import { completeRefund, recordPayment, refundPayment } from './payments.service.ts';

/** The manual provider's admin side (bank transfer, cash on delivery); each answers the order. */
export const paymentsRouter = router({
  record: adminProcedure
    .input(recordPaymentInput)
    .mutation(({ ctx, input }) => recordPayment(ctx.db, ctx.actor, input)),
  refund: adminProcedure.input(refundInput).mutation(({ ctx, input }) => refundPayment(ctx.db, ctx.actor, input)),
  completeRefund: adminProcedure
    .input(completeRefundInput)
    .mutation(({ ctx, input }) => completeRefund(ctx.db, ctx.actor, input)),
});
