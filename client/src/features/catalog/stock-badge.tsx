/** In stock, low stock or sold out, from a product's stock count. */
import { LOW_STOCK_THRESHOLD } from '../../../../src/shared/limits.ts';

export type StockLevel = 'in-stock' | 'low-stock' | 'sold-out';

export function stockLevel(stock: number): StockLevel {
  if (stock <= 0) return 'sold-out';
  return stock <= LOW_STOCK_THRESHOLD ? 'low-stock' : 'in-stock';
}

const LABELS: Record<StockLevel, (stock: number) => string> = {
  'in-stock': () => 'In stock',
  'low-stock': (stock) => `Low stock: ${stock} left`,
  'sold-out': () => 'Sold out',
};

export function StockBadge({ stock }: { stock: number }) {
  const level = stockLevel(stock);
  return <span className={`badge ${level}`}>{LABELS[level](stock)}</span>;
}
