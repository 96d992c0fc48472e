import { adminProcedure, authedProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { userOwner } from '../cart/cart-owner.ts';
import { updateFulfilment } from './fulfilment.ts';
import { limitOrderAttempt } from './order-rate-limit.ts';
import {
  createOrderInput,
  listInput,
  mineInput,
  orderIdInput,
  orderLinkInput,
  updateFulfilmentInput,
  updateStatusInput,
} from './orders.schema.ts';
import {
  cancelOrder,
  cancelOrderByLink,
  createOrder,
  getOrder,
  getOrderByLink,
  listAllOrders,
  listMyOrders,
  updateOrderStatus,
} from './orders.service.ts';

export const ordersRouter = router({
  create: authedProcedure.input(createOrderInput).mutation(async ({ ctx, input }) => {
    await limitOrderAttempt(ctx.config.orderLimiter, userOwner(ctx.user.id).key);
    return createOrder(ctx.db, ctx.config, ctx.user, input);
  }),
  get: authedProcedure.input(orderIdInput).query(({ ctx, input }) => getOrder(ctx.db, ctx.user, input.id)),
  mine: authedProcedure.input(mineInput).query(({ ctx, input }) => listMyOrders(ctx.db, ctx.user, input)),
  list: adminProcedure.input(listInput).query(({ ctx, input }) => listAllOrders(ctx.db, ctx.actor, input)),
  updateFulfilment: adminProcedure
    .input(updateFulfilmentInput)
    .mutation(({ ctx, input }) => updateFulfilment(ctx.db, ctx.actor, input)),
  updateStatus: adminProcedure
    .input(updateStatusInput)
    .mutation(({ ctx, input }) => updateOrderStatus(ctx.db, ctx.actor, input)),
  cancel: authedProcedure
    .input(orderIdInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx.db, ctx.user, ctx.actor, input.id)),
  /** A guest's order through the link checkout gave them; the token is the only key. */
  byLink: publicProcedure.input(orderLinkInput).query(({ ctx, input }) => getOrderByLink(ctx.db, input.token)),
  cancelByLink: publicProcedure
    .input(orderLinkInput)
    .mutation(({ ctx, input }) => cancelOrderByLink(ctx.db, input.token)),
});
