import { adminProcedure, authedProcedure, router } from '../../trpc/init.ts';
import { getOrder } from '../orders/orders.service.ts';
import { settleCardOrder } from '../payments/stripe/card.service.ts';
import { decideReturnInput, receiveReturnInput, requestReturnInput } from './returns.schema.ts';
import { approveReturn, receiveReturn, rejectReturn, requestReturn } from './returns.service.ts';

/**
 * Returns: a customer asks for their own order's delivered items; admins
 * approve or reject, then receive. Every write answers the order, with its
 * returns (status, lines, refund). A received return's refund is sent to the
 * card provider right after its batch, as other refunds are.
 */
export const returnsRouter = router({
  request: authedProcedure
    .input(requestReturnInput)
    .mutation(({ ctx, input }) => requestReturn(ctx.db, ctx.user, input, ctx.config.returnWindowDays)),
  approve: adminProcedure
    .input(decideReturnInput)
    .mutation(({ ctx, input }) => approveReturn(ctx.db, ctx.actor, input)),
  reject: adminProcedure.input(decideReturnInput).mutation(({ ctx, input }) => rejectReturn(ctx.db, ctx.actor, input)),
  receive: adminProcedure.input(receiveReturnInput).mutation(async ({ ctx, input }) => {
    const order = await receiveReturn(ctx.db, ctx.actor, input);
    const actor = { actorId: ctx.user.id, source: 'admin' } as const;
    return settleCardOrder(ctx.db, ctx.config, order, actor, () => getOrder(ctx.db, ctx.user, order.id));
  }),
});
