/**
 * How a variant reads wherever it is shown (product page, cart, orders, admin):
 * its options as "Size: M · Colour: Black", and its name with them for labels.
 * A product without options has one variant whose options are {}.
 */
export type VariantOptions = Record<string, string>;

/** "Size: M · Colour: Black" ("" for none), in the product's option order when `names` is given. */
export function formatOptions(options: VariantOptions, names: readonly string[] = Object.keys(options)): string {
  return names
    .filter((name) => options[name] !== undefined)
    .map((name) => `${name}: ${options[name]}`)
    .join(' · ');
}

/** "Merino Tee (Size: M, Colour: Black)": the accessible name of a line, a row or a button about one variant. */
export function variantName(name: string, options: VariantOptions): string {
  const text = Object.entries(options)
    .map(([option, value]) => `${option}: ${value}`)
    .join(', ');
  return text ? `${name} (${text})` : name;
}

/** "$19.00", or "from $19.00" when the variants on sale differ in price; `money` formats in the store's currency. */
export function priceRange(money: (cents: number) => string, priceCents: number, maxPriceCents: number): string {
  return maxPriceCents > priceCents ? `from ${money(priceCents)}` : money(priceCents);
}
