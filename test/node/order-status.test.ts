import { describe, expect, it } from 'vitest';
import {
  CANCELLABLE_STATUSES,
  canTransition,
  nextStatuses,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  transitionPairs,
} from '../../src/shared/order-status.ts';

describe('the order transition map', () => {
  it('allows exactly the documented moves', () => {
    expect(transitionPairs()).toEqual([
      ['pending', 'processing'],
      ['pending', 'cancelled'],
      ['processing', 'shipped'],
      ['processing', 'cancelled'],
      ['shipped', 'delivered'],
    ]);
  });

  it('has terminal delivered and cancelled statuses', () => {
    expect(nextStatuses('delivered')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
  });

  it('never allows a status to move to itself or back to pending', () => {
    for (const status of ORDER_STATUSES) {
      expect(canTransition(status, status)).toBe(false);
      expect(canTransition(status, 'pending')).toBe(false);
    }
  });

  it('lets an admin cancel from pending and processing only', () => {
    expect(CANCELLABLE_STATUSES).toEqual(['pending', 'processing']);
  });

  it('names a next-status list for every status', () => {
    expect(Object.keys(ORDER_TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
  });
});
