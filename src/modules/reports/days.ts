/** Calendar days (UTC) for reports; pure, so the node tests cover it. */

export type DayRevenue = { day: string; revenueCents: number; orders: number };

const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' (UTC) of each of the `days` days ending today, oldest first. */
export function lastDays(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, index) =>
    new Date(today - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** One entry per day, zero where no order was placed, so charts need no gap logic. */
export function fillDays(days: readonly string[], rows: readonly DayRevenue[]): DayRevenue[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return days.map((day) => byDay.get(day) ?? { day, revenueCents: 0, orders: 0 });
}
