/**
 * What the shopper has chosen at checkout, and the cart priced for it:
 * where the order goes (a saved address, or the country of a typed one), how
 * it ships, the discount code, how they pay. Each choice that the server
 * could stop offering (an address deleted in another tab, a method switched
 * off, a country with no method) falls back to one it does offer, so the
 * page never prices, or places, a choice that is not on screen.
 */
import { skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { isCountryCode } from '../../../../src/shared/countries.ts';
import { emailSchema } from '../../../../src/shared/fields.ts';
import type { PaymentMethod } from '../../../../src/shared/payment-status.ts';
import type { ErrorReason } from '../../../../src/shared/reasons.ts';
import { describeError, errorReason, trpc } from '../../api.ts';
import { useStoreSettings } from '../../store-settings.tsx';
import type { SavedAddress } from '../addresses/address-card.tsx';
import { guessCountry } from '../addresses/country-names.ts';
import { CODE_REFUSALS } from './checkout-problems.ts';
import { type Destination, useCheckoutQuote } from './checkout-quote.ts';
import { offeredPaymentMethods, shownPaymentMethod } from './payment-method-choice.tsx';
import { type ShipChoice, shownChoice } from './ship-to-choice.tsx';
import { shownMethod } from './shipping-method-choice.tsx';

type Options = {
  /** Guests type their address; customers choose from these (undefined while they load). */
  guest: boolean;
  savedAddresses: SavedAddress[] | undefined;
};

export function useCheckoutChoices({ guest, savedAddresses }: Options) {
  const settings = useStoreSettings();
  const [shipPick, setShipPick] = useState<ShipChoice | null>(null);
  const [typedCountry, setTypedCountry] = useState(guessCountry);
  const [methodPick, setMethodPick] = useState<number | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const [paymentPick, setPaymentPick] = useState<PaymentMethod | null>(null);
  const [guestEmail, setGuestEmail] = useState<string | undefined>(undefined);

  const shipTo: ShipChoice | null = guest ? 'new' : savedAddresses ? shownChoice(shipPick, savedAddresses) : null;
  const saved = typeof shipTo === 'number' ? savedAddresses?.find((address) => address.id === shipTo) : undefined;
  const country = saved?.country ?? (shipTo === 'new' && isCountryCode(typedCountry) ? typedCountry : '');
  const destination: Destination | null = saved ? { addressId: saved.id } : country ? { country } : null;

  const methods = useQuery(trpc.shipping.methods.queryOptions(country ? { country } : skipToken));
  const shippingMethodId = country ? shownMethod(methodPick, methods.data) : null;
  const offered = offeredPaymentMethods(settings);
  const paymentMethod = shownPaymentMethod(paymentPick, offered);
  // The email matters to the price only through a code's per-customer limit.
  const quote = useCheckoutQuote({
    destination,
    shippingMethodId,
    discountCode: code,
    email: code ? guestEmail : undefined,
  });

  // A code the price refuses comes off, and the server's reason shows beside the code field.
  const refusedCode = quote.input?.discountCode;
  const refusal = quote.error && CODE_REFUSALS.includes(errorReason(quote.error) as ErrorReason) ? quote.error : null;
  useEffect(() => {
    if (!refusal || refusedCode === undefined) return;
    setCode((current) => (current === refusedCode ? null : current));
    setCodeProblem(describeError(refusal));
  }, [refusal, refusedCode]);

  return {
    shipTo,
    chooseShipTo: setShipPick,
    typedCountry,
    setTypedCountry,
    /** The destination's country; '' while none is chosen. */
    country,
    methods,
    shippingMethodId,
    chooseMethod: setMethodPick,
    code,
    codeProblem,
    applyCode: (next: string) => {
      setCodeProblem(null);
      setCode(next);
    },
    removeCode: () => setCode(null),
    /** Takes the code off with the server's reason, when placing refused it. */
    dropCode: (problem: string) => {
      setCode(null);
      setCodeProblem(problem);
    },
    offeredPaymentMethods: offered,
    paymentMethod,
    choosePaymentMethod: setPaymentPick,
    /** A guest's email once it is a valid one, for the code's per-customer limit. */
    noteGuestEmail: (text: string) => {
      const checked = emailSchema.safeParse(text);
      setGuestEmail(checked.success ? checked.data : undefined);
    },
    quote: refusal ? { ...quote, error: null } : quote,
    /** A price for new choices is on its way: the methods for a new country, then the quote. */
    updating: quote.updating || (country !== '' && methods.isPending),
    /** Why there is no price to place at, once the shopper tried; null while one is on its way or shown. */
    unpriced: (): string | null => {
      if (quote.quote || quote.error || !country || methods.isPending) return null;
      return methods.data?.length === 0
        ? 'We do not ship to the country chosen. Choose an address in another country.'
        : 'Choose a shipping method.';
    },
  };
}

export type CheckoutChoices = ReturnType<typeof useCheckoutChoices>;
