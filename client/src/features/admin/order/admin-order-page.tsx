/**
 * One order for an admin: the customer (or guest), the lines with SKUs, the
 * price, the payment and where it goes, and every move the order can make
 * next, each refused by the server in its own words when the order moved on
 * meanwhile: accept unpaid or cancel, ship and deliver, record the money,
 * refund it, mark a pending refund sent (shipping, the parcels and the
 * returns come from features/shipments/ and features/returns/). Below, the
 * order's and the payment's full history.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { NOTE_MAX_LENGTH } from '../../../../../src/shared/limits.ts';
import { trpc } from '../../../api.ts';
import { Link } from '../../../router.tsx';
import { QueryView } from '../../../ui.tsx';
import { OrderDetails } from '../../orders/order-details.tsx';
import type { OrderDetail } from '../../orders/order-items.tsx';
import { ORDER_STATUS_LABELS } from '../../orders/status-labels.ts';
import { AdminReturns } from '../../returns/admin-returns.tsx';
import { AdminShipmentList, hasShipmentMoves, ShipmentActions } from '../../shipments/admin-shipments.tsx';
import { hasStatusMoves, StatusActions } from '../status-actions.tsx';
import { PaymentActions, paymentMoves } from './payment-actions.tsx';
import { PaymentHistory } from './payment-history.tsx';

function OrderMoves({ order }: { order: OrderDetail }) {
  const [note, setNote] = useState('');
  const noteId = useId();
  const byHand = hasStatusMoves(order.status);
  if (!byHand && !hasShipmentMoves(order) && !paymentMoves(order)) {
    return <p className="hint">No further steps: the order is {ORDER_STATUS_LABELS[order.status].toLowerCase()}.</p>;
  }
  return (
    <section aria-labelledby="order-moves-title" className="card order-moves">
      <h2 id="order-moves-title">Next steps</h2>
      {byHand && (
        <div className="field">
          <label htmlFor={noteId}>Note for the history (optional)</label>
          <input
            id={noteId}
            value={note}
            maxLength={NOTE_MAX_LENGTH}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
      )}
      <StatusActions id={order.id} status={order.status} note={note} onDone={() => setNote('')} />
      <ShipmentActions order={order} />
      <PaymentActions order={order} />
    </section>
  );
}

export function AdminOrderPage({ id }: { id: number }) {
  const order = useQuery(trpc.orders.get.queryOptions({ id }));
  return (
    <QueryView query={order} loading="Loading the order…">
      {(data) => (
        <section aria-labelledby="order-title" className="order-page">
          <p>
            <Link to="/admin/orders">All orders</Link>
          </p>
          <OrderDetails
            order={data}
            byline={`${data.customer.name} (${data.customer.email}${data.customer.id === null ? ', guest' : ''})`}
            actions={<OrderMoves order={data} />}
            withSku
            timelineTitle="History"
            forShopper={false}
          >
            <AdminShipmentList order={data} />
            <AdminReturns order={data} />
            {data.payment && <PaymentHistory payment={data.payment} />}
          </OrderDetails>
        </section>
      )}
    </QueryView>
  );
}
