import { describe, expect, it } from 'vitest';
import {
  FULFILMENT_STATUSES,
  FULFILMENT_TRANSITIONS,
  fulfilmentTransitionPairs,
} from '../../src/shared/fulfilment-status.ts';
import {
  CANCELLABLE_STATUSES,
  canTransition,
  nextStatuses,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  transitionPairs,
} from '../../src/shared/order-status.ts';
import {
  canMovePayment,
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  paymentTransitionPairs,
} from '../../src/shared/payment-status.ts';

describe('the order transition map', () => {
  it('allows exactly the documented moves', () => {
    expect(transitionPairs()).toEqual([
      ['pending', 'confirmed'],
      ['pending', 'cancelled'],
      ['pending', 'expired'],
      ['confirmed', 'completed'],
      ['confirmed', 'cancelled'],
      ['expired', 'confirmed'],
    ]);
  });

  it('has terminal completed and cancelled statuses', () => {
    expect(nextStatuses('completed')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
  });

  it('never allows a status to move to itself or back to pending', () => {
    for (const status of ORDER_STATUSES) {
      expect(canTransition(status, status)).toBe(false);
      expect(canTransition(status, 'pending')).toBe(false);
    }
  });

  it('lets an admin cancel from pending and confirmed only', () => {
    expect(CANCELLABLE_STATUSES).toEqual(['pending', 'confirmed']);
  });

  it('names a next-status list for every status', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});

describe('the payment map', () => {
  it('names a next-status list for every status, and never moves a status to itself', () => {
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual([...PAYMENT_STATUSES].sort());
    for (const status of PAYMENT_STATUSES) expect(canMovePayment(status, status)).toBe(false);
  });

  it('never takes money back out of refunded or voided, and refunds only what was captured', () => {
    expect(PAYMENT_TRANSITIONS.refunded).toEqual([]);
    expect(PAYMENT_TRANSITIONS.voided).toEqual([]);
    const intoRefunds = paymentTransitionPairs().filter(([, to]) => to === 'partially_refunded' || to === 'refunded');
    expect(intoRefunds.every(([from]) => ['captured', 'partially_refunded'].includes(from))).toBe(true);
  });

  it('lets a success reported late capture an expired or failed payment', () => {
    expect(canMovePayment('expired', 'captured')).toBe(true);
    expect(canMovePayment('failed', 'captured')).toBe(true);
  });
});

describe('the fulfilment map', () => {
  it('moves forward only, through the partial states a shipment, a delivery or a cancelled remainder make', () => {
    expect(fulfilmentTransitionPairs()).toEqual([
      ['unfulfilled', 'partially_shipped'],
      ['unfulfilled', 'shipped'],
      ['partially_shipped', 'shipped'],
      ['partially_shipped', 'partially_delivered'],
      ['shipped', 'partially_delivered'],
      ['shipped', 'delivered'],
      ['partially_delivered', 'delivered'],
    ]);
    expect(Object.keys(FULFILMENT_TRANSITIONS).sort()).toEqual([...FULFILMENT_STATUSES].sort());
  });
});
