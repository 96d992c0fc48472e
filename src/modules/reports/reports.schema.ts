import { z } from 'zod';
import { LOW_STOCK_THRESHOLD, MAX_STOCK_CHANGE } from '../../shared/limits.ts';

export const summaryInput = z
  .object({
    lowStockThreshold: z.number().int().min(0).max(MAX_STOCK_CHANGE).default(LOW_STOCK_THRESHOLD),
  })
  .default({ lowStockThreshold: LOW_STOCK_THRESHOLD });

export type SummaryInput = z.infer<typeof summaryInput>;
