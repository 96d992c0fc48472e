import { z } from 'zod';

export const DEFAULT_LOW_STOCK_THRESHOLD = 5;
export const REPORT_DAYS = 30;
export const TOP_PRODUCTS = 10;

export const summaryInput = z
  .object({
    lowStockThreshold: z.number().int().min(0).max(1_000_000).default(DEFAULT_LOW_STOCK_THRESHOLD),
  })
  .default({ lowStockThreshold: DEFAULT_LOW_STOCK_THRESHOLD });

export type SummaryInput = z.infer<typeof summaryInput>;
