/** Every change of an order's payment, oldest first: from and to, who or what made it (admin, provider, clock) and why. */

import { formatDate } from '../../../ui.tsx';
import type { OrderDetail } from '../../orders/order-items.tsx';
import { PAYMENT_STATUS_LABELS } from '../../orders/status-labels.ts';

type Payment = NonNullable<OrderDetail['payment']>;

export function PaymentHistory({ payment }: { payment: Payment }) {
  return (
    <section aria-labelledby="payment-history-title">
      <h2 id="payment-history-title">Payment history</h2>
      <ol className="timeline" aria-label="Payment timeline">
        {payment.history.map((entry) => (
          <li key={`${entry.toStatus}-${entry.createdAt}`} className={`payment-${entry.toStatus}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <strong>{PAYMENT_STATUS_LABELS[entry.toStatus]}</strong>{' '}
            <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time>{' '}
            <span className="hint">by {entry.source}</span>
            {entry.note && <p className="hint">{entry.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
