import { adminProcedure, authedProcedure, publicProcedure, router } from '../../trpc/init.ts';
import type { TokenUser } from '../auth/token.ts';
import { userOwner } from '../cart/cart-owner.ts';
import { orderPageUrl, settleCardOrder } from '../payments/stripe/card.service.ts';
import { withCardSession } from '../payments/stripe/sessions.ts';
import { limitOrderAttempt } from './order-rate-limit.ts';
import {
  createOrderInput,
  listInput,
  mineInput,
  orderIdInput,
  orderLinkInput,
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

/** Who a card refund's history rows name: the user whose write decided it, or a guest (null). */
const actorOf = (user: TokenUser) =>
  ({ actorId: user.id, source: user.role === 'admin' ? 'admin' : 'checkout' }) as const;
const SHOPPER = { actorId: null, source: 'checkout' } as const;

export const ordersRouter = router({
  create: authedProcedure.input(createOrderInput).mutation(async ({ ctx, input }) => {
    await limitOrderAttempt(ctx.config.orderLimiter, userOwner(ctx.user.id).key);
    const order = await createOrder(ctx.db, ctx.config, ctx.user, input);
    return withCardSession(ctx.db, ctx.config, order, orderPageUrl(ctx.origin, order));
  }),
  get: authedProcedure.input(orderIdInput).query(({ ctx, input }) => getOrder(ctx.db, ctx.user, input.id)),
  mine: authedProcedure.input(mineInput).query(({ ctx, input }) => listMyOrders(ctx.db, ctx.user, input)),
  list: adminProcedure.input(listInput).query(({ ctx, input }) => listAllOrders(ctx.db, ctx.actor, input)),
  updateStatus: adminProcedure.input(updateStatusInput).mutation(async ({ ctx, input }) => {
    const order = await updateOrderStatus(ctx.db, ctx.actor, input);
    return settleCardOrder(ctx.db, ctx.config, order, actorOf(ctx.user), () => getOrder(ctx.db, ctx.user, order.id));
  }),
  cancel: authedProcedure.input(orderIdInput).mutation(async ({ ctx, input }) => {
    const order = await cancelOrder(ctx.db, ctx.user, ctx.actor, input.id);
    return settleCardOrder(ctx.db, ctx.config, order, actorOf(ctx.user), () => getOrder(ctx.db, ctx.user, order.id));
  }),
  /** A guest's order through the link checkout gave them; the token is the only key. */
  byLink: publicProcedure.input(orderLinkInput).query(({ ctx, input }) => getOrderByLink(ctx.db, input.token)),
  cancelByLink: publicProcedure.input(orderLinkInput).mutation(async ({ ctx, input }) => {
    const order = await cancelOrderByLink(ctx.db, input.token);
    return settleCardOrder(ctx.db, ctx.config, order, SHOPPER, () => getOrderByLink(ctx.db, input.token));
  }),
});
