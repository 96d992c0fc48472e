/**
 * An order's payment as its customer (and the admin) reads it: how it is
 * paid, where the payment stands, the money received and sent back, each
 * refund, and, while a bank transfer is still owed, the store's bank
 * details with the amount and the reference to quote.
 */
import type { OrderStatus } from '../../../../src/shared/order-status.ts';
import type { PaymentStatus } from '../../../../src/shared/payment-status.ts';
import { formatMoney } from '../../money.ts';
import { useStoreSettings } from '../../store-settings.tsx';
import { formatDate } from '../../ui.tsx';
import type { OrderDetail } from './order-items.tsx';
import { PaymentBadge } from './order-status.tsx';
import { PAYMENT_METHOD_LABELS } from './status-labels.ts';

type Payment = NonNullable<OrderDetail['payment']>;

/** A payment still owed: nothing received yet, for an order the shop will still deliver. */
const OWED_PAYMENTS: readonly PaymentStatus[] = ['pending', 'failed'];
const LIVE_ORDERS: readonly OrderStatus[] = ['pending', 'confirmed'];

function isOwed(order: Pick<OrderDetail, 'status' | 'payment'>): boolean {
  return order.payment !== null && OWED_PAYMENTS.includes(order.payment.status) && LIVE_ORDERS.includes(order.status);
}

function BankTransferInstructions({ order, money }: { order: OrderDetail; money: (cents: number) => string }) {
  const { bankTransferInstructions } = useStoreSettings();
  return (
    <div className="notice warning bank-transfer" role="note" aria-label="How to pay by bank transfer">
      <div>
        <p>
          <strong>How to pay</strong>
        </p>
        <p>{bankTransferInstructions}</p>
        <p>
          Amount: <strong>{money(order.totalCents)}</strong> · Reference: <strong>Order #{order.id}</strong>
        </p>
      </div>
    </div>
  );
}

function Amounts({ payment, money }: { payment: Payment; money: (cents: number) => string }) {
  const rows: Array<[string, number]> = [
    ['Amount', payment.amountCents],
    ['Received', payment.capturedCents],
    ['Refunded', payment.refundedCents],
    ['Refund pending', payment.refundPendingCents],
  ];
  return (
    <dl className="amounts">
      {rows
        .filter(([label, cents]) => label === 'Amount' || cents > 0)
        .map(([label, cents]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{money(cents)}</dd>
          </div>
        ))}
      {payment.reference && (
        <div>
          <dt>Reference</dt>
          <dd>{payment.reference}</dd>
        </div>
      )}
    </dl>
  );
}

function Refunds({ payment, money }: { payment: Payment; money: (cents: number) => string }) {
  return (
    <>
      <h3>Refunds</h3>
      <ul className="refund-list" aria-label="Refunds">
        {payment.refunds.map((refund) => (
          <li key={refund.id}>
            <strong>{money(refund.amountCents)}</strong> · {refund.status === 'pending' ? 'to be sent' : 'sent'} ·{' '}
            <time dateTime={refund.createdAt}>{formatDate(refund.createdAt)}</time>
            <span className="hint">
              {refund.reason}
              {refund.reference && ` (reference ${refund.reference})`}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function PaymentSummary({ order }: { order: OrderDetail }) {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const { payment } = order;
  return (
    <section aria-labelledby="payment-title" className="payment-summary">
      <h2 id="payment-title">Payment</h2>
      {payment ? (
        <>
          <p>
            {PAYMENT_METHOD_LABELS[payment.method]} · <PaymentBadge status={payment.status} />
          </p>
          <Amounts payment={payment} money={money} />
          {payment.method === 'bank_transfer' && isOwed(order) && (
            <BankTransferInstructions order={order} money={money} />
          )}
          {payment.refunds.length > 0 && <Refunds payment={payment} money={money} />}
        </>
      ) : (
        <p className="hint">No payment on record: this order was placed before the store kept payments.</p>
      )}
    </section>
  );
}
