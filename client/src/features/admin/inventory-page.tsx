/**
 * Stock across the catalog, one row per variant (stock is kept per variant),
 * grouped by product, with the reconcile check that compares each variant's
 * stock to its movement ledger.
 */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { Link } from '../../router.tsx';
import { ErrorNotice } from '../../ui.tsx';
import type { Product } from '../catalog/product-card.tsx';
import { StockBadge } from '../catalog/stock-badge.tsx';
import { formatOptions, variantName } from '../catalog/variant-options.ts';
import { productAdminPath, variantStockPath } from './admin-paths.ts';

/**
 * Products per page. The listing has no variants, so each product's variants
 * are one more read (tRPC batches a page's reads into a few requests).
 */
const PAGE_SIZE = 20;

/** A variant's name as the admin reads it, from its product's (cached) page. */
function VariantName({ productId, variantId }: { productId: number; variantId: number }) {
  const product = useQuery(trpc.catalog.product.queryOptions({ id: productId }));
  const variant = product.data?.variants.find((candidate) => candidate.id === variantId);
  return <>{variant && product.data ? variantName(product.data.name, variant.options) : `Variant #${variantId}`}</>;
}

function ReconcileCheck() {
  const check = useQuery({ ...trpc.inventory.reconcile.queryOptions(), enabled: false, staleTime: 0 });
  return (
    <section aria-labelledby="reconcile-title" className="card">
      <h2 id="reconcile-title">Reconcile</h2>
      <p className="hint">Compares every variant's stock with the sum of its inventory movements.</p>
      <button type="button" onClick={() => void check.refetch()} disabled={check.isFetching}>
        {check.isFetching ? 'Checking…' : 'Run reconcile check'}
      </button>
      <div aria-live="polite">
        {check.error && <ErrorNotice error={check.error} />}
        {check.data?.ok && <p className="notice success">Every stock matches its ledger.</p>}
        {check.data && !check.data.ok && (
          <table>
            <caption>Variants whose stock differs from their ledger</caption>
            <thead>
              <tr>
                <th scope="col">Variant</th>
                <th scope="col">Stock</th>
                <th scope="col">Ledger</th>
              </tr>
            </thead>
            <tbody>
              {check.data.mismatches.map((row) => (
                <tr key={row.variantId}>
                  <td>
                    <Link to={variantStockPath(row.variantId, row.productId)}>
                      <VariantName productId={row.productId} variantId={row.variantId} />
                    </Link>
                  </td>
                  <td>{row.stock}</td>
                  <td>{row.ledger}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** One product's variants as a group of rows, the product named once beside them. */
function ProductRows({ product }: { product: Product }) {
  const detail = useQuery(trpc.catalog.product.queryOptions({ id: product.id }));
  // Held and on hand come from the orders waiting for payment; available is the variant's own stock.
  const levels = useQuery(trpc.inventory.levels.queryOptions({ productId: product.id }));
  const heldOf = (variantId: number) => levels.data?.find((level) => level.variantId === variantId)?.held;
  const name = (rowSpan = 1) => (
    <th scope="rowgroup" rowSpan={rowSpan}>
      <Link to={productAdminPath(product.id)} aria-label={`Variants of ${product.name}`}>
        {product.name}
      </Link>
      {!product.isActive && <span className="badge">Archived</span>}
    </th>
  );
  if (!detail.data) {
    return (
      <tbody>
        <tr>
          {name()}
          <td colSpan={7}>
            {detail.error ? (
              <ErrorNotice error={detail.error} onRetry={() => void detail.refetch()} />
            ) : (
              <span className="hint">Loading variants…</span>
            )}
          </td>
        </tr>
      </tbody>
    );
  }
  const optionNames = detail.data.options.map((option) => option.name);
  const variants = detail.data.variants;
  return (
    <tbody>
      {variants.map((variant, index) => (
        <tr key={variant.id} className={variant.isActive ? undefined : 'archived'}>
          {index === 0 && name(variants.length)}
          <td>{formatOptions(variant.options, optionNames) || '—'}</td>
          <td>
            <code>{variant.sku}</code>
          </td>
          <td>{variant.stock}</td>
          <td>{heldOf(variant.id) ?? '…'}</td>
          <td>{heldOf(variant.id) === undefined ? '…' : variant.stock + (heldOf(variant.id) ?? 0)}</td>
          <td>
            {product.isActive && variant.isActive ? (
              <StockBadge stock={variant.stock} />
            ) : (
              <span className="badge">Archived</span>
            )}
          </td>
          <td>
            <Link
              to={variantStockPath(variant.id, product.id)}
              aria-label={`Manage stock of ${variantName(product.name, variant.options)}`}
            >
              Manage stock
            </Link>
          </td>
        </tr>
      ))}
    </tbody>
  );
}

export function InventoryPage() {
  const products = usePagedQuery(
    trpc.catalog.products.infiniteQueryOptions(
      { limit: PAGE_SIZE, includeArchived: true },
      { getNextPageParam: afterLastCursor },
    ),
  );
  return (
    <div className="inventory">
      <h1>Inventory</h1>
      <ReconcileCheck />
      <section aria-labelledby="stock-title">
        <h2 id="stock-title">Stock by variant</h2>
        <PagedList paged={products} loading="Loading products…" empty="No products yet." more="More products">
          {(items) => (
            <div className="table-scroll">
              <table className="stock-table">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Options</th>
                    <th scope="col">SKU</th>
                    <th scope="col" title="What a checkout may take now">
                      Available
                    </th>
                    <th scope="col" title="Taken by pending orders, until paid, cancelled or expired">
                      Held
                    </th>
                    <th scope="col" title="On the shelf: available and held">
                      On hand
                    </th>
                    <th scope="col">Level</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                {items.map((product) => (
                  <ProductRows key={product.id} product={product} />
                ))}
              </table>
            </div>
          )}
        </PagedList>
      </section>
    </div>
  );
}
