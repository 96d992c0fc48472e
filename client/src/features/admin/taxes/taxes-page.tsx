/**
 * Tax rates per destination country: the list (the country's default rate
 * and any per-category rates, and which apply to shipping), a form to set
 * one, edit in place of it, and a remove that asks first. How rates apply to
 * an order is in the README's "Pricing".
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryClient, trpc } from '../../../api.ts';
import { formatRate } from '../../../money.ts';
import { useStoreSettings } from '../../../store-settings.tsx';
import { Empty, ErrorNotice, QueryView } from '../../../ui.tsx';
import { countryName } from '../../addresses/country-names.ts';
import { type CategoryOption, categoryOptions } from './category-options.ts';
import { type TaxRate, TaxRateForm } from './tax-rate-form.tsx';

type Rate = TaxRate & { id: number };

function RateRow({ rate, categories, onEdit }: { rate: Rate; categories: CategoryOption[]; onEdit: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.taxes.removeRate.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.taxes.pathFilter()) }),
  );
  const category =
    rate.categoryId === null ? 'Every product' : categories.find((option) => option.id === rate.categoryId)?.path;
  const label = `${rate.name} (${countryName(rate.country)}, ${category ?? `category ${rate.categoryId}`})`;
  return (
    <tr>
      <td>{countryName(rate.country)}</td>
      <td>{category ?? `Category ${rate.categoryId}`}</td>
      <td>{rate.name}</td>
      <td>{formatRate(rate.rateBps)}</td>
      <td>{rate.appliesToShipping ? 'Yes' : 'No'}</td>
      <td>
        {confirming ? (
          <div className="button-row">
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: rate.id })}
            >
              Yes, remove {rate.name}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <div className="button-row">
            <button type="button" onClick={onEdit} aria-label={`Edit ${label}`}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => setConfirming(true)} aria-label={`Remove ${label}`}>
              Remove
            </button>
          </div>
        )}
        {remove.error && <ErrorNotice error={remove.error} />}
      </td>
    </tr>
  );
}

export function TaxesPage() {
  const rates = useQuery(trpc.taxes.rates.queryOptions());
  const tree = useQuery(trpc.catalog.categories.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const { pricesIncludeTax } = useStoreSettings();
  const [editing, setEditing] = useState<Rate | null>(null);
  // A new key after each save empties the form for the next rate.
  const [formKey, setFormKey] = useState(0);
  const categories = tree.data ? categoryOptions(tree.data) : [];
  const done = () => {
    setEditing(null);
    setFormKey((key) => key + 1);
  };
  return (
    <div className="admin-settings">
      <h1>Tax rates</h1>
      <p className="hint">
        {pricesIncludeTax
          ? 'Shelf prices include tax: the rate for the destination is taken out of each price.'
          : 'Shelf prices exclude tax: the rate for the destination is added at checkout.'}{' '}
        A line is taxed at its category's rate for the country, else the country's default, else not at all.
      </p>
      <QueryView query={rates} loading="Loading the tax rates…">
        {(data) =>
          data.length === 0 ? (
            <Empty>No tax rates yet: orders are not taxed anywhere.</Empty>
          ) : (
            <div className="table-scroll">
              <table aria-label="Tax rates">
                <thead>
                  <tr>
                    <th scope="col">Country</th>
                    <th scope="col">Applies to</th>
                    <th scope="col">Name</th>
                    <th scope="col">Rate</th>
                    <th scope="col">Shipping</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((rate) => (
                    <RateRow key={rate.id} rate={rate} categories={categories} onEdit={() => setEditing(rate)} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <TaxRateForm
        key={editing ? `edit-${editing.id}` : `new-${formKey}`}
        categories={categories}
        rate={editing ?? undefined}
        onDone={done}
      />
    </div>
  );
}
