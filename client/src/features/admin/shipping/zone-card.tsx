/**
 * One shipping zone: its countries and its methods (with price, free-from and
 * whether checkouts offer them), each editable in place, and a method to add.
 */
import { useState } from 'react';
import { useMoney } from '../../../store-settings.tsx';
import { countryName } from '../../addresses/country-names.ts';
import type { ShippingMethod } from '../../checkout/shipping-method-choice.tsx';
import { MethodForm } from './method-form.tsx';
import { type Zone, ZoneForm } from './zone-form.tsx';

type Editing = { kind: 'zone' } | { kind: 'method'; method?: ShippingMethod } | null;

type Props = {
  zone: Zone & { methods: ShippingMethod[] };
  taken: ReadonlyMap<string, string>;
};

export function ZoneCard({ zone, taken }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const money = useMoney();
  const done = () => setEditing(null);
  const headingId = `zone-${zone.id}`;
  return (
    <section className="card zone-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="zone-name">
        {zone.name}
      </h2>
      {editing?.kind === 'zone' ? (
        <ZoneForm zone={zone} taken={taken} onDone={done} />
      ) : (
        <div className="zone-head">
          <p className="zone-countries">{zone.countries.map(countryName).join(', ')}</p>
          <button type="button" onClick={() => setEditing({ kind: 'zone' })} aria-label={`Edit zone ${zone.name}`}>
            Edit zone
          </button>
        </div>
      )}
      {zone.methods.length === 0 ? (
        <p className="hint">No methods yet: checkouts to these countries cannot be placed until one is added.</p>
      ) : (
        <table aria-label={`Shipping methods of ${zone.name}`}>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Price</th>
              <th scope="col">Free from</th>
              <th scope="col">At checkout</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {zone.methods.map((method) => (
              <tr key={method.id} className={method.isActive ? undefined : 'archived'}>
                <td>{method.name}</td>
                <td>{method.priceCents === 0 ? 'Free' : money(method.priceCents)}</td>
                <td>{method.freeAboveCents === null ? '—' : money(method.freeAboveCents)}</td>
                <td>{method.isActive ? 'Offered' : 'Switched off'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => setEditing({ kind: 'method', method })}
                    aria-label={`Edit ${method.name} (${zone.name})`}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing?.kind === 'method' ? (
        <MethodForm key={editing.method?.id ?? 'new'} zone={zone} method={editing.method} onDone={done} />
      ) : (
        <button
          type="button"
          onClick={() => setEditing({ kind: 'method' })}
          aria-label={`Add a method to ${zone.name}`}
        >
          Add a method
        </button>
      )}
    </section>
  );
}
