import { describe, expect, it } from 'vitest';
import { fillDays, lastDays } from '../../src/modules/reports/days.ts';

describe('lastDays', () => {
  it('lists the UTC days ending today, oldest first', () => {
    expect(lastDays(new Date('2026-03-02T23:59:00Z'), 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('gives 30 distinct days for the report window', () => {
    const days = lastDays(new Date('2026-11-25T08:00:00Z'), 30);
    expect(days).toHaveLength(30);
    expect(new Set(days).size).toBe(30);
    expect(days[0]).toBe('2026-10-27');
    expect(days[29]).toBe('2026-11-25');
  });
});

describe('fillDays', () => {
  it('puts zero on days without orders and keeps the counted ones', () => {
    const filled = fillDays(
      ['2026-01-01', '2026-01-02', '2026-01-03'],
      [{ day: '2026-01-02', revenueCents: 1500, orders: 2 }],
    );
    expect(filled).toEqual([
      { day: '2026-01-01', revenueCents: 0, orders: 0 },
      { day: '2026-01-02', revenueCents: 1500, orders: 2 },
      { day: '2026-01-03', revenueCents: 0, orders: 0 },
    ]);
  });

  it('ignores rows outside the window', () => {
    expect(fillDays(['2026-01-02'], [{ day: '2025-12-01', revenueCents: 9, orders: 1 }])).toEqual([
      { day: '2026-01-02', revenueCents: 0, orders: 0 },
    ]);
  });
});
