/**
 * Where the shop ships and for how much: zones of countries, each with its
 * methods. A checkout offers the active methods of the zone holding the
 * address's country, cheapest first; a country in no zone cannot be shipped to.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { trpc } from '../../../api.ts';
import { Empty, QueryView } from '../../../ui.tsx';
import { ZoneCard } from './zone-card.tsx';
import { type Zone, ZoneForm } from './zone-form.tsx';

/** Every country held by a zone other than `except`, with that zone's name. */
function takenCountries(zones: Zone[], except?: number): Map<string, string> {
  return new Map(
    zones
      .filter((zone) => zone.id !== except)
      .flatMap((zone) => zone.countries.map((code) => [code, zone.name] as const)),
  );
}

export function ShippingPage() {
  const zones = useQuery(trpc.shipping.zones.queryOptions());
  const [adding, setAdding] = useState(false);
  return (
    <div className="admin-settings">
      <h1>Shipping</h1>
      <p className="hint">
        A checkout offers the methods of the zone that holds the address's country, cheapest first. Each country is in
        one zone at most; a country in no zone is not shipped to.
      </p>
      <QueryView query={zones} loading="Loading the shipping zones…">
        {(data) => (
          <>
            {data.length === 0 && (
              <Empty>No shipping zones yet: no checkout can be placed until one has a method.</Empty>
            )}
            {data.map((zone) => (
              <ZoneCard key={zone.id} zone={zone} taken={takenCountries(data, zone.id)} />
            ))}
            {adding ? (
              <ZoneForm taken={takenCountries(data)} onDone={() => setAdding(false)} />
            ) : (
              <button type="button" className="primary" onClick={() => setAdding(true)}>
                Add a shipping zone
              </button>
            )}
          </>
        )}
      </QueryView>
    </div>
  );
}
