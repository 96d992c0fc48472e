/** Shapes the pages share, derived from the router's own types so they cannot drift. */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../src/trpc/router.ts';

export type Outputs = inferRouterOutputs<AppRouter>;
export type UserRole = Outputs['auth']['me']['role'];
