import { adminProcedure, router } from '../../trpc/init.ts';
import { getOrder } from '../orders/orders.service.ts';
import { settleCardOrder } from '../payments/stripe/card.service.ts';
import { cancelRemainderInput, createShipmentInput, shipmentIdInput } from './shipments.schema.ts';
import { cancelRemainder, createShipment, markDelivered } from './shipments.service.ts';

/**
 * Shipments, by admins: each write answers the order, with its shipments
 * (carrier, tracking number, status) and its lines' shipped, delivered and
 * cancelled quantities. A cancelled remainder's refund is sent to the card
 * provider right after its batch, as other refunds are.
 */
export const shipmentsRouter = router({
  create: adminProcedure
    .input(createShipmentInput)
    .mutation(({ ctx, input }) => createShipment(ctx.db, ctx.actor, input)),
  markDelivered: adminProcedure
    .input(shipmentIdInput)
    .mutation(({ ctx, input }) => markDelivered(ctx.db, ctx.actor, input.shipmentId)),
  cancelRemainder: adminProcedure.input(cancelRemainderInput).mutation(async ({ ctx, input }) => {
    const order = await cancelRemainder(ctx.db, ctx.actor, input.orderId);
    const actor = { actorId: ctx.user.id, source: 'admin' } as const;
    return settleCardOrder(ctx.db, ctx.config, order, actor, () => getOrder(ctx.db, ctx.user, order.id));
  }),
});
