/** The root router: one sub-router per domain. Clients import `AppRouter` as a type only. */
import { addressesRouter } from '../modules/addresses/addresses.router.ts';
import { authRouter } from '../modules/auth/auth.router.ts';
import { cartRouter } from '../modules/cart/cart.router.ts';
import { catalogRouter } from '../modules/catalog/catalog.router.ts';
import { checkoutRouter } from '../modules/checkout/checkout.router.ts';
import { inventoryRouter } from '../modules/inventory/inventory.router.ts';
import { ordersRouter } from '../modules/orders/orders.router.ts';
import { reportsRouter } from '../modules/reports/reports.router.ts';
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
});

export type AppRouter = typeof appRouter;
