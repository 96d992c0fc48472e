import { formatCents } from '../../../../src/shared/money.ts';
import type { Outputs } from '../../types.ts';

export type OrderDetail = Outputs['orders']['get'];

/** The lines of an order at the prices paid, and its total. */
export function OrderItems({ order }: { order: OrderDetail }) {
  return (
    <table className="order-items">
      <caption className="visually-hidden">Items in order #{order.id}</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Qty</th>
          <th scope="col">Price</th>
          <th scope="col">Subtotal</th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((item) => (
          <tr key={item.productId}>
            <td>{item.name}</td>
            <td>{item.quantity}</td>
            <td>{formatCents(item.unitPriceCents)}</td>
            <td>{formatCents(item.unitPriceCents * item.quantity)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td>{formatCents(order.totalCents)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
