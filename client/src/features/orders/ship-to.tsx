/** Where an order goes: the address copied into it at checkout, which later address book edits do not move. */
import { PostalAddress } from '../addresses/postal-address.tsx';
import type { OrderDetail } from './order-items.tsx';

export function ShipTo({ order }: { order: Pick<OrderDetail, 'shipTo'> }) {
  return (
    <section aria-labelledby="ship-to-title" className="ship-to">
      <h2 id="ship-to-title">Ship to</h2>
      {order.shipTo ? (
        <PostalAddress address={order.shipTo} />
      ) : (
        <p className="hint">No address on record: this order was placed before the store kept addresses.</p>
      )}
    </section>
  );
}
