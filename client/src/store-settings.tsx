/**
 * The store's settings (`store.settings`: currency, whether shelf prices
 * include tax, the payment methods on offer, the bank details) for every
 * page. They are read once, before the pages render, so no price is ever
 * shown in a currency the store does not use; the last answer is kept while
 * a sign-in or sign-out empties the query cache, so the pages do not flash.
 */
import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useRef } from 'react';
import { trpc } from './api.ts';
import { currencySymbol, formatMoney } from './money.ts';
import type { Outputs } from './types.ts';
import { ErrorNotice, Loading } from './ui.tsx';

export type StoreSettings = Outputs['store']['settings'];

const SettingsContext = createContext<StoreSettings | null>(null);

export function StoreSettingsGate({ children }: { children: ReactNode }) {
  // Configuration changes with a deploy, not while a page is open.
  const query = useQuery(trpc.store.settings.queryOptions(undefined, { staleTime: Number.POSITIVE_INFINITY }));
  const last = useRef<StoreSettings | undefined>(undefined);
  if (query.data) last.current = query.data;
  const settings = query.data ?? last.current;
  if (settings) return <SettingsContext value={settings}>{children}</SettingsContext>;
  if (query.error) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading label="Opening the shop…" />;
}

export function useStoreSettings(): StoreSettings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useStoreSettings must be used inside <StoreSettingsGate>');
  return settings;
}

/** Formats cents in the store's currency. Pages about one order use the order's currency instead (formatMoney). */
export function useMoney(): (cents: number) => string {
  const { currency } = useStoreSettings();
  return (cents) => formatMoney(cents, currency);
}

/** The store currency's symbol, for the label of a field an amount is typed into: "Price ($)". */
export function useCurrencySymbol(): string {
  return currencySymbol(useStoreSettings().currency);
}

/** What a shelf price holds, said beside it: tax included, or added at checkout. */
export function useTaxWording(): { short: string; withShipping: string } {
  const { pricesIncludeTax } = useStoreSettings();
  return pricesIncludeTax
    ? { short: 'incl. tax', withShipping: 'incl. tax, plus shipping' }
    : { short: 'plus tax', withShipping: 'plus tax and shipping' };
}
