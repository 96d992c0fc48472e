/**
 * How the three lifecycles of an order read on the page: the order itself,
 * its payment and its delivery. Which statuses exist, and which follow each
 * other, comes from the shared maps (src/shared/order-status.ts,
 * payment-status.ts, fulfilment-status.ts); a status added there fails the
 * typecheck here until it has words.
 */
import type { FulfilmentStatus } from '../../../../src/shared/fulfilment-status.ts';
import type { OrderStatus } from '../../../../src/shared/order-status.ts';
import type { PaymentMethod, PaymentStatus } from '../../../../src/shared/payment-status.ts';

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Awaiting payment',
  authorized: 'Authorized',
  captured: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  failed: 'Failed',
  voided: 'Voided',
  expired: 'Expired',
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  bank_transfer: 'Bank transfer',
  cash_on_delivery: 'Cash on delivery',
  card: 'Card',
};

export const FULFILMENT_LABELS: Record<FulfilmentStatus, string> = {
  unfulfilled: 'Not shipped yet',
  partially_shipped: 'Partly shipped',
  shipped: 'Shipped',
  partially_delivered: 'Partly delivered',
  delivered: 'Delivered',
};

/** What the order's status means for the shopper; a pending order waits for different things per payment method. */
export function statusMeaning(status: OrderStatus, method: PaymentMethod | undefined): string {
  switch (status) {
    case 'pending':
      return method === 'cash_on_delivery'
        ? 'Placed: the shop confirms it, then ships it; you pay the courier on delivery.'
        : 'Placed and waiting for payment: your items are held for you until it arrives.';
    case 'confirmed':
      return 'Confirmed: the shop is getting it ready or has sent it.';
    case 'completed':
      return 'Delivered and paid.';
    case 'cancelled':
      return 'Cancelled: nothing will be sent.';
    case 'expired':
      return 'Expired: it was not paid in time, and its items went back on sale.';
  }
}
