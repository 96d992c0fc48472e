/**
 * The product page's option logic, kept apart from the markup: which variant a
 * choice of option values names, and whether a value can still be picked
 * given the values already picked for the other options.
 */
import type { Outputs } from '../../types.ts';
import type { VariantOptions } from './variant-options.ts';

export type ProductDetail = Outputs['catalog']['product'];
export type Variant = ProductDetail['variants'][number];

/** A value is picked per option as the shopper goes; absent until then. */
export type Selection = Partial<VariantOptions>;

/** Why a value cannot be picked alongside the others: no variant on sale has it, or every one that does is sold out. */
export type ValueState = 'available' | 'sold-out' | 'unavailable';

const agrees = (variant: Variant, selection: Selection) =>
  Object.entries(selection).every(([name, value]) => value === undefined || variant.options[name] === value);

/** The variants a shopper may buy: archived ones show up only in an admin's view. */
export function onSale(product: ProductDetail): Variant[] {
  return product.variants.filter((variant) => variant.isActive);
}

/** The variant the selection names, once it holds a value for every option (at once for a product without any). */
export function chosenVariant(variants: Variant[], optionNames: string[], selection: Selection): Variant | undefined {
  if (optionNames.some((name) => selection[name] === undefined)) return undefined;
  return variants.find((variant) => agrees(variant, selection));
}

/** Whether `value` of option `name` can be picked, keeping what is picked for the other options. */
export function valueState(variants: Variant[], selection: Selection, name: string, value: string): ValueState {
  const matching = variants.filter((variant) => agrees(variant, { ...selection, [name]: value }));
  if (matching.length === 0) return 'unavailable';
  return matching.some((variant) => variant.stock > 0) ? 'available' : 'sold-out';
}

/**
 * Where a product page starts: the variant the URL names, if it is on sale;
 * else every option that has only one value, picked.
 */
export function initialSelection(product: ProductDetail, variantId: number | undefined): Selection {
  const named = onSale(product).find((variant) => variant.id === variantId);
  if (named) return { ...named.options };
  return Object.fromEntries(
    product.options.filter((option) => option.values.length === 1).map((option) => [option.name, option.values[0]]),
  );
}
