/**
 * The returns part of an admin's order page: a requested return is approved
 * or rejected (returns.approve / returns.reject); an approved one is received
 * (returns.receive) with, per line, whether its units go back on sale (not
 * when damaged). Receiving writes the refund, shown in the payment summary.
 */
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import { orderWrite } from '../admin/order/refresh.ts';
import type { OrderDetail } from '../orders/order-items.tsx';
import { lineName } from '../shipments/order-lines.ts';
import { type OrderReturn, ReturnList } from './return-list.tsx';

const RESTOCK = 'restock-';

function Decide({ entry }: { entry: OrderReturn }) {
  const approve = useMutation(trpc.returns.approve.mutationOptions(orderWrite));
  const reject = useMutation(trpc.returns.reject.mutationOptions(orderWrite));
  const pending = approve.isPending || reject.isPending;
  return (
    <div className="status-actions">
      <div className="button-row">
        <button
          type="button"
          disabled={pending}
          aria-label={`Approve return #${entry.id}`}
          onClick={() => approve.mutate({ returnId: entry.id })}
        >
          Approve
        </button>
        <button
          type="button"
          className="danger"
          disabled={pending}
          aria-label={`Reject return #${entry.id}`}
          onClick={() => reject.mutate({ returnId: entry.id })}
        >
          Reject
        </button>
      </div>
      {(approve.error ?? reject.error) && <ErrorNotice error={approve.error ?? reject.error} />}
    </div>
  );
}

function Receive({ order, entry }: { order: OrderDetail; entry: OrderReturn }) {
  const receive = useMutation(trpc.returns.receive.mutationOptions(orderWrite));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const items = entry.items.map((item) => ({
      variantId: item.variantId,
      restock: data.get(`${RESTOCK}${item.variantId}`) === 'on',
    }));
    receive.mutate({ returnId: entry.id, items });
  };
  return (
    <form className="form" onSubmit={submit} aria-label={`Receive return #${entry.id}`}>
      {entry.items.map((item) => (
        <label key={item.variantId} className="checkbox">
          <input type="checkbox" name={`${RESTOCK}${item.variantId}`} defaultChecked /> Restock {item.quantity} ×{' '}
          {lineName(order, item.variantId)}
        </label>
      ))}
      {receive.error && <ErrorNotice error={receive.error} />}
      <button type="submit" disabled={receive.isPending}>
        Receive
      </button>
    </form>
  );
}

export function AdminReturns({ order }: { order: OrderDetail }) {
  return (
    <ReturnList
      order={order}
      action={(entry) =>
        entry.status === 'requested' ? (
          <Decide entry={entry} />
        ) : entry.status === 'approved' ? (
          <Receive order={order} entry={entry} />
        ) : null
      }
    />
  );
}
