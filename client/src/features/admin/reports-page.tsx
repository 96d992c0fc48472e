/** The reports summary: revenue over the last days, the best sellers, and the variants running low. */
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../../api.ts';
import { Link } from '../../router.tsx';
import { useMoney } from '../../store-settings.tsx';
import { Empty, QueryView } from '../../ui.tsx';
import { StockBadge } from '../catalog/stock-badge.tsx';
import { variantName } from '../catalog/variant-options.ts';
import { variantStockPath } from './admin-paths.ts';
import { RevenueChart } from './revenue-chart.tsx';

export function ReportsPage() {
  const summary = useQuery(trpc.reports.summary.queryOptions({}));
  const money = useMoney();
  return (
    <div className="reports">
      <h1>Reports</h1>
      <QueryView query={summary} loading="Loading the reports…">
        {(data) => (
          <>
            <section aria-labelledby="revenue-title" className="card">
              <h2 id="revenue-title">Revenue</h2>
              <RevenueChart days={data.revenueByDay} />
            </section>
            <div className="report-columns">
              <section aria-labelledby="top-title" className="card">
                <h2 id="top-title">Top products</h2>
                {data.topProducts.length === 0 ? (
                  <Empty>No sales yet.</Empty>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Product</th>
                        <th scope="col">Units</th>
                        <th scope="col">Revenue</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.topProducts.map((product) => (
                        <tr key={product.productId}>
                          <td>{product.name}</td>
                          <td>{product.unitsSold}</td>
                          <td>{money(product.revenueCents)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section aria-labelledby="low-title" className="card">
                <h2 id="low-title">Low stock</h2>
                {data.lowStock.length === 0 ? (
                  <Empty>Nothing is running low.</Empty>
                ) : (
                  <ul className="low-stock-list">
                    {data.lowStock.map((variant) => (
                      <li key={variant.id}>
                        <Link to={variantStockPath(variant.id, variant.productId)}>
                          {variantName(variant.name, variant.options)}
                        </Link>
                        <StockBadge stock={variant.stock} />
                        <span className="hint">
                          SKU <code>{variant.sku}</code>
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
          </>
        )}
      </QueryView>
    </div>
  );
}
