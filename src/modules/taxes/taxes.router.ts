import { adminProcedure, router } from '../../trpc/init.ts';
import { rateIdInput, setRateInput } from './taxes.schema.ts';
import { listRates, removeRate, setRate } from './taxes.service.ts';

/** Tax rates per destination country; see "Pricing" in the README for how they apply. */
export const taxesRouter = router({
  rates: adminProcedure.query(({ ctx }) => listRates(ctx.db, ctx.actor)),
  setRate: adminProcedure.input(setRateInput).mutation(({ ctx, input }) => setRate(ctx.db, ctx.actor, input)),
  removeRate: adminProcedure.input(rateIdInput).mutation(({ ctx, input }) => removeRate(ctx.db, ctx.actor, input.id)),
});
