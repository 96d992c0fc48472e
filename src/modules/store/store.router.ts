import { publicProcedure, router } from '../../trpc/init.ts';

/** The store-wide settings a storefront needs to show prices: the currency, and whether shelf prices include tax. */
export const storeRouter = router({
  settings: publicProcedure.query(({ ctx }) => ctx.config.store),
});
