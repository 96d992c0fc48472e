import { formatCents } from '../../../../src/shared/money.ts';
import { Link } from '../../router.tsx';
import type { Outputs } from '../../types.ts';
import { AddToCartButton } from '../cart/add-to-cart.tsx';
import { StockBadge } from './stock-badge.tsx';

export type Product = Outputs['catalog']['products']['items'][number];

export function ProductCard({ product }: { product: Product }) {
  const nameId = `product-${product.id}-name`;
  return (
    <article className="card product-card" aria-labelledby={nameId}>
      <h3 id={nameId}>
        <Link to={`/products/${product.id}`}>{product.name}</Link>
      </h3>
      <p className="price">{formatCents(product.priceCents)}</p>
      <StockBadge stock={product.stock} />
      <AddToCartButton productId={product.id} stock={product.stock} describedBy={nameId} />
    </article>
  );
}
