/**
 * A product in the grid. A product without options is one variant, added to
 * the cart right here; one with options links to its page to choose them.
 */
import { Link } from '../../router.tsx';
import { useMoney, useTaxWording } from '../../store-settings.tsx';
import type { Outputs } from '../../types.ts';
import { AddToCartButton } from '../cart/add-to-cart.tsx';
import { ProductThumb } from './product-images.tsx';
import { StockBadge } from './stock-badge.tsx';
import { priceRange } from './variant-options.ts';

export type Product = Outputs['catalog']['products']['items'][number];

export function ProductCard({ product }: { product: Product }) {
  const nameId = `product-${product.id}-name`;
  const page = `/products/${product.id}`;
  const money = useMoney();
  const tax = useTaxWording();
  return (
    <article className="card product-card" aria-labelledby={nameId}>
      <ProductThumb url={product.imageUrl} name={product.name} />
      <h3 id={nameId}>
        <Link to={page}>{product.name}</Link>
      </h3>
      <p className="price">
        <span>{priceRange(money, product.priceCents, product.maxPriceCents)}</span>{' '}
        <span className="tax-note">{tax.short}</span>
      </p>
      <StockBadge stock={product.stock} />
      {product.optionNames.length > 0 ? (
        <Link to={page} className="button-link" aria-describedby={nameId}>
          Choose options
        </Link>
      ) : (
        <AddToCartButton variantId={product.defaultVariantId} stock={product.stock} describedBy={nameId} />
      )}
    </article>
  );
}
