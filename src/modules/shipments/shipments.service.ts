/**
 * Shipments, by an admin: ship some units of a confirmed order's lines with
 * a carrier and tracking number, mark a shipment delivered, cancel the
 * unshipped remainder. Each is ONE audited batch (shipment-batches.ts)
 * answering the order; when a guard refuses it, one read says which rule.
 */
import { sql } from 'drizzle-orm';
import { isRevokedAdmin } from '../../db/admin-check.ts';
import type { Actor } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { constraintViolation, isViolationOf } from '../../db/errors.ts';
import { orderItems, orders, payments, shipments } from '../../db/schema.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { orderWriteBatch } from '../orders/order-write.ts';
import {
  cancelRemainderStatements,
  createShipmentStatements,
  markDeliveredStatements,
  remainderCancellable,
  shipmentOrderId,
} from './shipment-batches.ts';
import type { CreateShipmentInput } from './shipments.schema.ts';

/** The order's status, payment and lines, read once after a refused batch. */
async function orderState(db: Db, orderId: number) {
  const [order] = await db
    .select({ status: orders.status, payment: payments.status })
    .from(orders)
    .leftJoin(payments, sql`${payments.orderId} = ${orders.id}`)
    .where(sql`${orders.id} = ${orderId}`);
  if (!order) throw notFound('order', orderId);
  const lines = await db
    .select({
      variantId: orderItems.variantId,
      quantity: orderItems.quantity,
      shipped: orderItems.shippedQuantity,
      cancelled: orderItems.cancelledQuantity,
    })
    .from(orderItems)
    .where(sql`${orderItems.orderId} = ${orderId}`);
  return { ...order, lines };
}

const refusedBy = (error: unknown) => constraintViolation(error) && !isRevokedAdmin(error);

export async function createShipment(db: Db, actor: Actor, input: CreateShipmentInput) {
  const entry = { action: 'shipments.create', target: `order:${input.orderId}` };
  try {
    return await orderWriteBatch(
      db,
      { actor, entry },
      input.orderId,
      createShipmentStatements(db, input, actor.userId),
    );
  } catch (error) {
    if (!refusedBy(error)) throw error;
    const order = await orderState(db, input.orderId);
    if (order.status !== 'confirmed') {
      throw new DomainError(
        'INVALID_TRANSITION',
        `Order ${input.orderId} is ${order.status}; only a confirmed (paid or accepted) order ships`,
        { status: order.status },
      );
    }
    for (const item of input.items) {
      const line = order.lines.find((candidate) => candidate.variantId === item.variantId);
      if (!line)
        throw new DomainError('INVALID_INPUT', `Order ${input.orderId} has no line for variant ${item.variantId}`);
      const remaining = line.quantity - line.shipped - line.cancelled;
      if (item.quantity > remaining) {
        throw new DomainError(
          'QUANTITY_EXCEEDS_REMAINING',
          `Only ${remaining} of variant ${item.variantId} are left to ship on order ${input.orderId}`,
          { variantId: item.variantId, remaining },
        );
      }
    }
    throw error;
  }
}

export async function markDelivered(db: Db, actor: Actor, shipmentId: number) {
  const entry = { action: 'shipments.markDelivered', target: `shipment:${shipmentId}` };
  try {
    return await orderWriteBatch(
      db,
      { actor, entry },
      shipmentOrderId(shipmentId),
      markDeliveredStatements(db, shipmentId, actor.userId),
    );
  } catch (error) {
    if (!refusedBy(error)) throw error;
    const [shipment] = await db
      .select({ status: shipments.status })
      .from(shipments)
      .where(sql`${shipments.id} = ${shipmentId}`);
    if (!shipment) throw notFound('shipment', shipmentId);
    throw new DomainError('INVALID_TRANSITION', `Shipment ${shipmentId} is ${shipment.status} already`, {
      from: shipment.status,
      to: 'delivered',
    });
  }
}

export async function cancelRemainder(db: Db, actor: Actor, orderId: number) {
  const entry = { action: 'shipments.cancelRemainder', target: remainderCancellable(orderId) };
  try {
    return await orderWriteBatch(db, { actor, entry }, orderId, cancelRemainderStatements(db, orderId, actor.userId));
  } catch (error) {
    if (!refusedBy(error)) throw error;
    const order = await orderState(db, orderId);
    if (isViolationOf(error, 'check', 'payments_amounts_valid')) {
      throw new DomainError('REFUND_TOO_LARGE', `Order ${orderId}'s payment has too little left to refund`);
    }
    const shipped = order.lines.some((line) => line.shipped > 0);
    const left = order.lines.some((line) => line.quantity - line.shipped - line.cancelled > 0);
    const why =
      order.status !== 'confirmed'
        ? `order ${orderId} is ${order.status}; only a confirmed order has a remainder to cancel`
        : !order.payment || !['captured', 'partially_refunded'].includes(order.payment)
          ? `order ${orderId} is not paid (${order.payment ?? 'no payment'}); record its payment first`
          : !shipped
            ? `nothing of order ${orderId} has shipped; cancel the whole order instead`
            : !left
              ? `every unit of order ${orderId} has shipped or been cancelled`
              : `order ${orderId} changed while this was sent; reload it`;
    throw new DomainError('INVALID_TRANSITION', `Invalid transition: ${why}`, { status: order.status });
  }
}
