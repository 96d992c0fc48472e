/**
 * How the order ships: the active methods for the destination's country
 * (`shipping.methods`, cheapest first), each with its price and the subtotal
 * from which it is free. The cheapest is chosen until the shopper picks
 * another; a pick that stops being offered (another country) falls back to it.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { useMoney } from '../../store-settings.tsx';
import type { Outputs } from '../../types.ts';
import { ErrorNotice, Loading } from '../../ui.tsx';
import { countryName } from '../addresses/country-names.ts';

export type ShippingMethod = Outputs['shipping']['methods'][number];

/** The method shown as chosen: the shopper's pick while it is offered, else the cheapest; null when none ships there. */
export function shownMethod(pick: number | null, methods: ShippingMethod[] | undefined): number | null {
  if (!methods?.length) return null;
  return methods.some((method) => method.id === pick) ? pick : (methods[0]?.id ?? null);
}

type Props = {
  /** The destination's country code; '' while none is chosen. */
  country: string;
  methods: UseQueryResult<ShippingMethod[], unknown>;
  chosen: number | null;
  onChoose: (methodId: number) => void;
};

export function ShippingMethodChoice({ country, methods, chosen, onChoose }: Props) {
  const money = useMoney();
  if (!country)
    return <p className="hint">Choose the country the order goes to, and the ways we ship there show here.</p>;
  if (methods.error) return <ErrorNotice error={methods.error} onRetry={() => void methods.refetch()} />;
  if (!methods.data) return <Loading label="Finding the ways we ship there…" />;
  if (methods.data.length === 0) {
    return (
      <p className="notice error" role="alert">
        We do not ship to {countryName(country)} yet. Choose an address in another country.
      </p>
    );
  }
  return (
    <div className="choices">
      {methods.data.map((method) => (
        <label key={method.id} className="choice">
          <input
            type="radio"
            name="shippingMethod"
            value={method.id}
            checked={chosen === method.id}
            onChange={() => onChoose(method.id)}
          />
          <span className="choice-text">
            <span>{method.name}</span>
            {method.freeAboveCents !== null && (
              <span className="hint">Free for orders from {money(method.freeAboveCents)} (after discount)</span>
            )}
          </span>
          <span className="choice-price">{method.priceCents === 0 ? 'Free' : money(method.priceCents)}</span>
        </label>
      ))}
    </div>
  );
}
