/** The root router: one sub-router per domain. Clients import `AppRouter` as a type only. */
import { addressesRouter } from '../modules/addresses/addresses.router.ts';
import { authRouter } from '../modules/auth/auth.router.ts';
import { cartRouter } from '../modules/cart/cart.router.ts';
import { catalogRouter } from '../modules/catalog/catalog.router.ts';
import { checkoutRouter } from '../modules/checkout/checkout.router.ts';
import { discountsRouter } from '../modules/discounts/discounts.router.ts';
import { inventoryRouter } from '../modules/inventory/inventory.router.ts';
import { ordersRouter } from '../modules/orders/orders.router.ts';
import { paymentsRouter } from '../modules/payments/payments.router.ts';
import { reportsRouter } from '../modules/reports/reports.router.ts';
import { returnsRouter } from '../modules/returns/returns.router.ts';
import { shipmentsRouter } from '../modules/shipments/shipments.router.ts';
import { shippingRouter } from '../modules/shipping/shipping.router.ts';
import { storeRouter } from '../modules/store/store.router.ts';
import { taxesRouter } from '../modules/taxes/taxes.router.ts';
import { router } from './init.ts';

export const appRouter = router({
  auth: authRouter,
  catalog: catalogRouter,
  cart: cartRouter,
  inventory: inventoryRouter,
  reports: reportsRouter,
  checkout: checkoutRouter,
  orders: ordersRouter,
  addresses: addressesRouter,
  store: storeRouter,
  shipping: shippingRouter,
  taxes: taxesRouter,
  discounts: discountsRouter,
  payments: paymentsRouter,
  shipments: shipmentsRouter,
  returns: returnsRouter,
});

export type AppRouter = typeof appRouter;
