/** How statuses read on the page; which ones exist and follow each other comes from src/shared/order-status.ts. */
import type { OrderStatus } from '../../../../src/shared/order-status.ts';
import type { Outputs } from '../../types.ts';
import { formatDate } from '../../ui.tsx';

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_LABELS[status]}</span>;
}

type HistoryEntry = Outputs['orders']['get']['history'][number];

/** The order's history, oldest first: every status it has been in, when, and any note. */
export function StatusTimeline({ history }: { history: HistoryEntry[] }) {
  return (
    <ol className="timeline" aria-label="Status timeline">
      {history.map((entry, index) => (
        <li key={`${entry.toStatus}-${entry.createdAt}`} className={`status-${entry.toStatus}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <strong>{STATUS_LABELS[entry.toStatus]}</strong>{' '}
          <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time>
          {index === history.length - 1 && <span className="visually-hidden"> (current)</span>}
          {entry.note && <p className="hint">{entry.note}</p>}
        </li>
      ))}
    </ol>
  );
}
