/**
 * Returns: the customer asks (within RETURN_WINDOW_DAYS of delivery), an
 * admin approves or rejects, then receives the items and the refund is
 * written. Each is ONE batch (return-batches.ts; an admin's audited) that
 * answers the order; when a guard refuses it, one read says which rule.
 */
import { sql } from 'drizzle-orm';
import { isRevokedAdmin } from '../../db/admin-check.ts';
import type { Actor } from '../../db/audit.ts';
import type { Db } from '../../db/client.ts';
import { constraintViolation, isViolationOf } from '../../db/errors.ts';
import { orderItems, orders, payments, returns, shipmentItems, shipments } from '../../db/schema.ts';
import type { ReturnStatus } from '../../shared/return-status.ts';
import type { TokenUser } from '../auth/token.ts';
import { DomainError, notFound } from '../domain-error.ts';
import { orderWriteBatch } from '../orders/order-write.ts';
import {
  approveReturnStatements,
  receiveReturnStatements,
  rejectReturnStatements,
  requestReturnStatements,
  returnOrderId,
} from './return-batches.ts';
import type { DecideReturnInput, ReceiveReturnInput, RequestReturnInput } from './returns.schema.ts';

const refusedBy = (error: unknown) => constraintViolation(error) && !isRevokedAdmin(error);

export async function requestReturn(db: Db, user: TokenUser, input: RequestReturnInput, windowDays: number) {
  try {
    return await orderWriteBatch(db, null, input.orderId, requestReturnStatements(db, input, user.id, windowDays));
  } catch (error) {
    if (!refusedBy(error)) throw error;
    return explainRequest(db, user, input, windowDays);
  }
}

/** One read after a refused request: the order, its payment and each named line's delivered state. */
async function explainRequest(db: Db, user: TokenUser, input: RequestReturnInput, windowDays: number): Promise<never> {
  const [order] = await db
    .select({ status: orders.status, userId: orders.userId, payment: payments.status })
    .from(orders)
    .leftJoin(payments, sql`${payments.orderId} = ${orders.id}`)
    .where(sql`${orders.id} = ${input.orderId}`);
  if (!order || order.userId !== user.id) throw notFound('order', input.orderId);
  if (
    !['confirmed', 'completed'].includes(order.status) ||
    !['captured', 'partially_refunded'].includes(order.payment ?? '')
  ) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Order ${input.orderId} is ${order.status} with its payment ${order.payment ?? 'missing'}; only a paid order's delivered items may be returned`,
      { status: order.status },
    );
  }
  const lines = await db
    .select({
      variantId: orderItems.variantId,
      delivered: orderItems.deliveredQuantity,
      returned: orderItems.returnedQuantity,
      inWindow: sql<number>`EXISTS (SELECT 1 FROM ${shipmentItems} si JOIN ${shipments} s ON s.id = si.shipment_id
        WHERE si.order_item_id = order_items.id AND s.status = 'delivered'
          AND s.delivered_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`-${windowDays} days`}))`,
    })
    .from(orderItems)
    .where(sql`${orderItems.orderId} = ${input.orderId}`);
  for (const item of input.items) {
    const line = lines.find((candidate) => candidate.variantId === item.variantId);
    if (!line)
      throw new DomainError('INVALID_INPUT', `Order ${input.orderId} has no line for variant ${item.variantId}`);
    if (line.delivered > 0 && !Number(line.inWindow)) {
      throw new DomainError(
        'RETURN_WINDOW_CLOSED',
        `Variant ${item.variantId} was delivered more than ${windowDays} days ago; it can no longer be returned`,
        { variantId: item.variantId, windowDays },
      );
    }
    const returnable = line.delivered - line.returned;
    if (item.quantity > returnable) {
      throw new DomainError(
        'RETURN_EXCEEDS_DELIVERED',
        `Only ${returnable} of variant ${item.variantId} are delivered and not already being returned`,
        { variantId: item.variantId, returnable },
      );
    }
  }
  throw new DomainError('STATUS_CHANGED', `Order ${input.orderId} changed while this was sent; reload it`);
}

/** One read after a refused admin move: NOT_FOUND, the return's state, or a refund beyond what is left. */
async function explainMove(db: Db, returnId: number, to: ReturnStatus, error: unknown): Promise<never> {
  const [current] = await db.select({ status: returns.status }).from(returns).where(sql`${returns.id} = ${returnId}`);
  if (!current) throw notFound('return', returnId);
  if (isViolationOf(error, 'check', 'payments_amounts_valid')) {
    throw new DomainError('REFUND_TOO_LARGE', `The order's payment has too little left to refund return ${returnId}`);
  }
  throw new DomainError(
    'INVALID_TRANSITION',
    `Invalid transition: return ${returnId} is ${current.status}, so it cannot be ${to}`,
    {
      from: current.status,
      to,
    },
  );
}

async function adminMove(
  db: Db,
  actor: Actor,
  returnId: number,
  to: ReturnStatus,
  action: string,
  statements: Parameters<typeof orderWriteBatch>[3],
) {
  try {
    return await orderWriteBatch(
      db,
      { actor, entry: { action, target: `return:${returnId}` } },
      returnOrderId(returnId),
      statements,
    );
  } catch (error) {
    if (!refusedBy(error)) throw error;
    return explainMove(db, returnId, to, error);
  }
}

export function approveReturn(db: Db, actor: Actor, input: DecideReturnInput) {
  const statements = approveReturnStatements(db, input.returnId, actor.userId, input.note ?? null);
  return adminMove(db, actor, input.returnId, 'approved', 'returns.approve', statements);
}

export function rejectReturn(db: Db, actor: Actor, input: DecideReturnInput) {
  const statements = rejectReturnStatements(db, input.returnId, actor.userId, input.note ?? null);
  return adminMove(db, actor, input.returnId, 'rejected', 'returns.reject', statements);
}

export function receiveReturn(db: Db, actor: Actor, input: ReceiveReturnInput) {
  const restock = input.items.filter((item) => item.restock).map((item) => item.variantId);
  const statements = receiveReturnStatements(db, input.returnId, restock, actor.userId);
  return adminMove(db, actor, input.returnId, 'received', 'returns.receive', statements);
}
