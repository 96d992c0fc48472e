/** Stock across the catalog, with the reconcile check that compares each stock to its movement ledger. */
import { useQuery } from '@tanstack/react-query';
import { MAX_PAGE_SIZE } from '../../../../src/shared/limits.ts';
import { trpc } from '../../api.ts';
import { afterLastCursor, PagedList, usePagedQuery } from '../../paged-list.tsx';
import { Link } from '../../router.tsx';
import { ErrorNotice } from '../../ui.tsx';
import { StockBadge } from '../catalog/stock-badge.tsx';

function ReconcileCheck({ names }: { names: Map<number, string> }) {
  const check = useQuery({ ...trpc.inventory.reconcile.queryOptions(), enabled: false, staleTime: 0 });
  return (
    <section aria-labelledby="reconcile-title" className="card">
      <h2 id="reconcile-title">Reconcile</h2>
      <p className="hint">Compares every product's stock with the sum of its inventory movements.</p>
      <button type="button" onClick={() => void check.refetch()} disabled={check.isFetching}>
        {check.isFetching ? 'Checking…' : 'Run reconcile check'}
      </button>
      <div aria-live="polite">
        {check.error && <ErrorNotice error={check.error} />}
        {check.data?.ok && <p className="notice success">Every stock matches its ledger.</p>}
        {check.data && !check.data.ok && (
          <table>
            <caption>Products whose stock differs from their ledger</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Stock</th>
                <th scope="col">Ledger</th>
              </tr>
            </thead>
            <tbody>
              {check.data.mismatches.map((row) => (
                <tr key={row.productId}>
                  <td>
                    <Link to={`/admin/inventory/${row.productId}`}>
                      {names.get(row.productId) ?? `#${row.productId}`}
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

export function InventoryPage() {
  const products = usePagedQuery(
    trpc.catalog.products.infiniteQueryOptions(
      { limit: MAX_PAGE_SIZE, includeArchived: true },
      { getNextPageParam: afterLastCursor },
    ),
  );
  const names = new Map(products.items.map((product) => [product.id, product.name]));
  return (
    <div className="inventory">
      <h1>Inventory</h1>
      <ReconcileCheck names={names} />
      <section aria-labelledby="stock-title">
        <h2 id="stock-title">Stock</h2>
        <PagedList paged={products} loading="Loading products…" empty="No products yet." more="More products">
          {(items) => (
            <table className="stock-table">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Stock</th>
                  <th scope="col">Level</th>
                </tr>
              </thead>
              <tbody>
                {items.map((product) => (
                  <tr key={product.id}>
                    <td>
                      <Link to={`/admin/inventory/${product.id}`} aria-label={`Manage stock of ${product.name}`}>
                        {product.name}
                      </Link>
                    </td>
                    <td>{product.stock}</td>
                    <td>
                      {product.isActive ? (
                        <StockBadge stock={product.stock} />
                      ) : (
                        <span className="badge">Archived</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PagedList>
      </section>
    </div>
  );
}
