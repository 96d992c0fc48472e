/** The root router: one sub-router per domain. Clients import `AppRouter` as a type only. */
import { authRouter } from '../modules/auth/auth.router.ts';
import { cartRouter } from '../modules/cart/cart.router.ts';
import { catalogRouter } from '../modules/catalog/catalog.router.ts';
import { router } from './init.ts';

export const appRouter = router({
  auth: authRouter,
  catalog: catalogRouter,
  cart: cartRouter,
});

export type AppRouter = typeof appRouter;
