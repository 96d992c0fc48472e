/** Badges for an order's status, its payment's and its delivery's, and the order's status timeline. */
import type { FulfilmentStatus } from '../../../../src/shared/fulfilment-status.ts';
import type { OrderStatus } from '../../../../src/shared/order-status.ts';
import type { PaymentStatus } from '../../../../src/shared/payment-status.ts';
import type { Outputs } from '../../types.ts';
import { formatDate } from '../../ui.tsx';
import { FULFILMENT_LABELS, ORDER_STATUS_LABELS, PAYMENT_STATUS_LABELS } from './status-labels.ts';

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge status-${status}`}>{ORDER_STATUS_LABELS[status]}</span>;
}

export function PaymentBadge({ status }: { status: PaymentStatus }) {
  return <span className={`badge payment-${status}`}>{PAYMENT_STATUS_LABELS[status]}</span>;
}

export function FulfilmentBadge({ status }: { status: FulfilmentStatus }) {
  return <span className={`badge fulfilment-${status}`}>{FULFILMENT_LABELS[status]}</span>;
}

type HistoryEntry = Outputs['orders']['get']['history'][number];

/** The order's history, oldest first: every status it has been in, when, and any note. */
export function StatusTimeline({ history }: { history: HistoryEntry[] }) {
  return (
    <ol className="timeline" aria-label="Status timeline">
      {history.map((entry, index) => (
        <li key={`${entry.toStatus}-${entry.createdAt}`} className={`status-${entry.toStatus}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <strong>{ORDER_STATUS_LABELS[entry.toStatus]}</strong>{' '}
          <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time>
          {index === history.length - 1 && <span className="visually-hidden"> (current)</span>}
          {entry.note && <p className="hint">{entry.note}</p>}
        </li>
      ))}
    </ol>
  );
}
