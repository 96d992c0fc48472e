import type { PaymentMethod } from '../../shared/payment-status.ts';
import { publicProcedure, router } from '../../trpc/init.ts';

/**
 * The store-wide settings a storefront needs: the currency, whether shelf
 * prices include tax, the payment methods on offer and what a bank-transfer
 * customer is told to do.
 */
export const storeRouter = router({
  settings: publicProcedure.query(({ ctx }) => ({
    ...ctx.config.store,
    paymentMethods: ['bank_transfer', 'cash_on_delivery'] as PaymentMethod[],
    bankTransferInstructions: ctx.config.payments.bankTransferInstructions,
  })),
});
