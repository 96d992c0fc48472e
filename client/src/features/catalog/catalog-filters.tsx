/**
 * The catalog's filters, kept in the URL beside the search and category
 * (`?stock=1&min=20&max=50`, prices in the store's currency), so a reload or a shared
 * link shows the same page. The API applies them together: a product shows
 * when one of its variants on sale is in stock and priced within the range.
 */
import { type FormEvent, useId } from 'react';
import { MAX_PRICE_CENTS } from '../../../../src/shared/limits.ts';
import { parseAmount } from '../../money.ts';
import { navigate } from '../../router.tsx';
import { useCurrencySymbol } from '../../store-settings.tsx';

export type CatalogFilters = { inStock?: boolean; minPriceCents?: number; maxPriceCents?: number };

/** The filters a URL's query names; a price that is not a price is left out, one past the highest is the highest. */
export function filtersFromQuery(query: URLSearchParams): CatalogFilters {
  const cents = (name: string) => {
    const value = parseAmount(query.get(name) ?? '');
    return Number.isFinite(value) ? Math.min(value, MAX_PRICE_CENTS) : undefined;
  };
  return {
    inStock: query.get('stock') === '1' || undefined,
    minPriceCents: cents('min'),
    maxPriceCents: cents('max'),
  };
}

const amount = (cents: number | undefined) => (cents === undefined ? '' : String(cents / 100));

export function CatalogFiltersForm({ filters }: { filters: CatalogFilters }) {
  const id = useId();
  const symbol = useCurrencySymbol();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const query = new URLSearchParams(window.location.search);
    for (const name of ['stock', 'min', 'max']) query.delete(name);
    if (form.get('stock')) query.set('stock', '1');
    for (const name of ['min', 'max']) {
      const value = String(form.get(name) ?? '').trim();
      if (value) query.set(name, value);
    }
    const search = query.toString();
    navigate(search ? `/?${search}` : '/');
  };
  // Keyed by the filters, so the inputs show them again after a navigation.
  return (
    <form key={JSON.stringify(filters)} className="catalog-filters" onSubmit={submit} aria-label="Filters">
      <label>
        <input type="checkbox" name="stock" defaultChecked={filters.inStock ?? false} /> In stock only
      </label>
      <label htmlFor={`${id}-min`}>From {symbol}</label>
      <input id={`${id}-min`} name="min" inputMode="decimal" size={5} defaultValue={amount(filters.minPriceCents)} />
      <label htmlFor={`${id}-max`}>to {symbol}</label>
      <input id={`${id}-max`} name="max" inputMode="decimal" size={5} defaultValue={amount(filters.maxPriceCents)} />
      <button type="submit">Filter</button>
    </form>
  );
}
