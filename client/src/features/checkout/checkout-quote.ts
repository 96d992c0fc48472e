/**
 * The cart priced for the shopper's choices (`checkout.quote`): the server's
 * numbers, from the same definition that places the order, asked again
 * whenever a choice changes. While a new price is on its way the last one
 * stays on screen, marked as updating, and Place order waits: the total the
 * order agrees to (`expectedTotalCents`) is always the one the shopper sees.
 */
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { queryClient, trpc } from '../../api.ts';
import type { Outputs } from '../../types.ts';

export type Quote = Outputs['checkout']['quote'];

/** Where the order goes, as the quote takes it: a saved address, or the country of a typed one. */
export type Destination = { addressId: number } | { country: string };

type QuoteChoices = {
  destination: Destination | null;
  shippingMethodId: number | null;
  discountCode: string | null;
  /** A guest's email, so a code with a per-customer limit counts their earlier orders. */
  email?: string;
};

type QuoteInput = {
  destination: Destination;
  shippingMethodId: number;
  discountCode?: string;
  email?: string;
};

/** The quote's input, or null while a choice it needs (where to, how to ship) is missing. */
function quoteInputOf(choices: QuoteChoices): QuoteInput | null {
  const { destination, shippingMethodId, discountCode, email } = choices;
  if (!destination || shippingMethodId === null) return null;
  return {
    destination,
    shippingMethodId,
    ...(discountCode ? { discountCode } : {}),
    ...(email ? { email } : {}),
  };
}

export function useCheckoutQuote(choices: QuoteChoices) {
  const input = quoteInputOf(choices);
  const query = useQuery({
    ...trpc.checkout.quote.queryOptions(input ?? skipToken),
    // Keeps the breakdown on screen while the next choice is priced, instead of a loading line.
    placeholderData: keepPreviousData,
  });
  const ready = input !== null;
  return {
    input,
    /** The price for exactly the current choices: what Place order agrees to. */
    quote: ready && !query.isPlaceholderData ? query.data : undefined,
    /** What to show: the current price, or the last one while the next is on its way. */
    shown: ready ? query.data : undefined,
    updating: ready && (query.isPending || query.isPlaceholderData),
    error: ready ? query.error : null,
    retry: () => void query.refetch(),
    /** Shows a price the server answered elsewhere (PRICE_CHANGED carries one) as the current price. */
    replace: (quote: Omit<Quote, 'shippingMethodId'>) => {
      if (input)
        queryClient.setQueryData(trpc.checkout.quote.queryKey(input), {
          ...quote,
          shippingMethodId: input.shippingMethodId,
        });
    },
  };
}
