import { adminProcedure, router } from '../../trpc/init.ts';
import { summaryInput } from './reports.schema.ts';
import { summary } from './reports.service.ts';

export const reportsRouter = router({
  summary: adminProcedure.input(summaryInput).query(({ ctx, input }) => summary(ctx.db, ctx.actor, input)),
});
