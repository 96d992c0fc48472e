import type { PaymentMethod } from '../../shared/payment-status.ts';
import { publicProcedure, router } from '../../trpc/init.ts';

/**
 * The store-wide settings a storefront needs: the currency, whether shelf
 * prices include tax, the payment methods on offer (card when Stripe is set
 * up) and what a bank-transfer customer is told to do.
 */
export const storeRouter = router({
  settings: publicProcedure.query(({ ctx }) => ({
    ...ctx.config.store,
    paymentMethods: (ctx.config.stripe
      ? ['bank_transfer', 'cash_on_delivery', 'card']
      : ['bank_transfer', 'cash_on_delivery']) as PaymentMethod[],
    bankTransferInstructions: ctx.config.payments.bankTransferInstructions,
  })),
});
