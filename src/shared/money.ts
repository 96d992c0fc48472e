/** Money is an integer number of cents everywhere; this is the one formatter. */
export type Cents = number;

const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatCents(cents: Cents): string {
  return USD.format(cents / 100);
}
