/** The root router: one sub-router per domain. Clients import `AppRouter` as a type only. */
import { authRouter } from '../modules/auth/auth.router.ts';
import { router } from './init.ts';

export const appRouter = router({
  auth: authRouter,
});

export type AppRouter = typeof appRouter;
