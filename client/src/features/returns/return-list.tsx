/**
 * An order's returns, as the customer and the admin read them: status, the
 * reason given, the units of each line (restocked or not, once received),
 * the refund its receipt wrote, and any note from the shop. `action` adds
 * what an admin can do with one (approve, reject, receive).
 */
import type { ReactNode } from 'react';
import { formatMoney } from '../../money.ts';
import { formatDate } from '../../ui.tsx';
import type { OrderDetail } from '../orders/order-items.tsx';
import { lineName } from '../shipments/order-lines.ts';
import { RETURN_STATUS_LABELS } from './return-labels.ts';

export type OrderReturn = OrderDetail['returns'][number];

type Props = { order: OrderDetail; action?: (entry: OrderReturn) => ReactNode };

const restockText = (restock: boolean | null) =>
  restock === null ? '' : restock ? ' · back in stock' : ' · not restocked';

export function ReturnList({ order, action }: Props) {
  if (order.returns.length === 0) return null;
  const money = (cents: number) => formatMoney(cents, order.currency);
  return (
    <section aria-labelledby="returns-title" className="returns">
      <h2 id="returns-title">Returns</h2>
      <ul className="return-list">
        {order.returns.map((entry) => {
          const notes = entry.history.filter((step) => step.note);
          return (
            <li key={entry.id} aria-label={`Return #${entry.id}`} className="card">
              <p>
                Return #{entry.id} ·{' '}
                <span className={`badge return-${entry.status}`}>{RETURN_STATUS_LABELS[entry.status]}</span>
                {entry.status === 'received' && <> · Refund {money(entry.refundCents)}</>}
              </p>
              <p className="hint">
                Asked <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time>: {entry.reason}
              </p>
              <ul aria-label="Returned items">
                {entry.items.map((item) => (
                  <li key={item.variantId}>
                    {item.quantity} × {lineName(order, item.variantId)}
                    {restockText(item.restock)}
                  </li>
                ))}
              </ul>
              {notes.map((step) => (
                <p key={step.createdAt} className="hint">
                  {RETURN_STATUS_LABELS[step.toStatus]}: {step.note}
                </p>
              ))}
              {action?.(entry)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
