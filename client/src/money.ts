/**
 * Money as the storefront reads and writes it. Every amount is integer cents
 * (hundredths) of a currency the server names: the store's (`store.settings`,
 * see store-settings.tsx) or, on an order, the order's own, so an order keeps
 * reading in the currency it was placed in. Formatting, the symbol forms show
 * and the parsing of what an admin types live here, once.
 */

const LOCALE = 'en-US';
const formats = new Map<string, Intl.NumberFormat>();

/** One Intl formatter per currency: building one is far slower than using it. */
function formatOf(currency: string): Intl.NumberFormat {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { style: 'currency', currency });
    formats.set(currency, format);
  }
  return format;
}

/** 1999 in USD → "$19.99"; in EUR → "€19.99". */
export function formatMoney(cents: number, currency: string): string {
  return formatOf(currency).format(cents / 100);
}

/** "$" for USD, "€" for EUR; the code itself where the locale has no symbol (e.g. "CHF"). */
export function currencySymbol(currency: string): string {
  return (
    formatOf(currency)
      .formatToParts(0)
      .find((part) => part.type === 'currency')?.value ?? currency
  );
}

/**
 * An amount as an admin types it, in cents: "19", "19.5", "1,019.50", with
 * or without the currency's symbol or code around it. NaN for anything else,
 * so a form's schema says what to type (it refuses NaN as "not a number").
 */
export function parseAmount(text: string): number {
  const bare = text
    .trim()
    .replace(/^[^\d.,\s-]+\s*|\s*[^\d.,\s]+$/g, '')
    .replaceAll(',', '');
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(bare);
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** An amount as a form field shows it for editing: "19.00". */
export const amountText = (cents: number) => (cents / 100).toFixed(2);

/** An amount without its currency, grouped for reading: 100000000 → "1,000,000.00". */
export function formatAmount(cents: number): string {
  return (cents / 100).toLocaleString(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A tax rate in basis points as people read it: 1900 → "19%", 750 → "7.5%". */
export function formatRate(rateBps: number): string {
  return `${Number((rateBps / 100).toFixed(2))}%`;
}

/** A rate as typed ("19", "7.5", "19 %"), in basis points; NaN when it is not a number with at most two decimals. */
export function parseRate(text: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
