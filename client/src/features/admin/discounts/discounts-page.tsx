/**
 * Discount codes: each with what it takes off, its minimum, when it is
 * valid, how often it was used against its limits, and where it stands; a
 * code is edited in place, switched off (never deleted: orders keep it) or
 * back on, and new ones are made below. The limits are kept by the database
 * as orders are placed; this page only sets them.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queryClient, trpc } from '../../../api.ts';
import { useMoney } from '../../../store-settings.tsx';
import { Empty, ErrorNotice, formatDate, QueryView } from '../../../ui.tsx';
import { type Discount, editableFields } from './discount-fields.ts';
import { DiscountForm } from './discount-form.tsx';

/** Where a code stands now, as an admin asks it: may a shopper use it, and if not, why. */
function standing(discount: Discount, now: string): string {
  if (!discount.isActive) return 'Switched off';
  if (discount.endsAt && discount.endsAt <= now) return 'Ended';
  if (discount.startsAt && discount.startsAt > now) return 'Not started';
  if (discount.usageLimit !== null && discount.usedCount >= discount.usageLimit) return 'Used up';
  return 'Active';
}

function DiscountRow({ discount, onEdit }: { discount: Discount; onEdit: () => void }) {
  const money = useMoney();
  const toggle = useMutation(
    trpc.discounts.update.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.discounts.pathFilter()),
    }),
  );
  const off = discount.kind === 'percent' ? `${discount.value}% off` : `${money(discount.value)} off`;
  const validity = [
    discount.startsAt && `from ${formatDate(discount.startsAt)}`,
    discount.endsAt && `until ${formatDate(discount.endsAt)}`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <tr className={discount.isActive ? undefined : 'archived'}>
      <th scope="row">
        <code>{discount.code}</code>
      </th>
      <td>{off}</td>
      <td>{discount.minSubtotalCents > 0 ? money(discount.minSubtotalCents) : '—'}</td>
      <td>{validity || 'Always'}</td>
      <td>
        {discount.usedCount}
        {discount.usageLimit !== null && ` / ${discount.usageLimit}`}
      </td>
      <td>{discount.perCustomerLimit ?? '—'}</td>
      <td>{standing(discount, new Date().toISOString())}</td>
      <td>
        <div className="button-row">
          <button type="button" onClick={onEdit} aria-label={`Edit ${discount.code}`}>
            Edit
          </button>
          <button
            type="button"
            className={discount.isActive ? 'danger' : undefined}
            disabled={toggle.isPending}
            onClick={() =>
              toggle.mutate({ id: discount.id, ...editableFields(discount), isActive: !discount.isActive })
            }
            aria-label={`${discount.isActive ? 'Switch off' : 'Switch on'} ${discount.code}`}
          >
            {discount.isActive ? 'Switch off' : 'Switch on'}
          </button>
        </div>
        {toggle.error && <ErrorNotice error={toggle.error} />}
      </td>
    </tr>
  );
}

export function DiscountsPage() {
  const discounts = useQuery(trpc.discounts.list.queryOptions());
  const [editing, setEditing] = useState<Discount | null>(null);
  const [formKey, setFormKey] = useState(0);
  const done = () => {
    setEditing(null);
    setFormKey((key) => key + 1);
  };
  return (
    <div className="admin-settings">
      <h1>Discount codes</h1>
      <QueryView query={discounts} loading="Loading the discount codes…">
        {(data) =>
          data.length === 0 ? (
            <Empty>No discount codes yet.</Empty>
          ) : (
            <div className="table-scroll">
              <table aria-label="Discount codes">
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Discount</th>
                    <th scope="col">Minimum</th>
                    <th scope="col">Valid</th>
                    <th scope="col">Used</th>
                    <th scope="col">Per customer</th>
                    <th scope="col">Now</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((discount) => (
                    <DiscountRow key={discount.id} discount={discount} onEdit={() => setEditing(discount)} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <DiscountForm
        key={editing ? `edit-${editing.id}` : `new-${formKey}`}
        discount={editing ?? undefined}
        onDone={done}
      />
    </div>
  );
}
