import { authedProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { mergeOnSignIn } from '../cart/cart-merge.ts';
import { notFound } from '../domain-error.ts';
import { signInInput, signUpInput } from './auth.schema.ts';
import { getUser, signIn, signUp } from './auth.service.ts';
import { limitAuthAttempt } from './rate-limit.ts';

/**
 * Accounts. A sign-in or sign-up sent with a guest's X-Cart-Token also moves
 * that cart into the account's (one more batch; see cart-merge.ts) and says
 * in `cartMerge` which lines were clamped or dropped.
 */
export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await limitAuthAttempt(ctx.config.authLimiters, { clientIp: ctx.clientIp });
    const session = await signUp(ctx.db, input, ctx.config);
    return { ...session, cartMerge: await mergeOnSignIn(ctx.db, ctx.cartToken, session.user.id) };
  }),
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    await limitAuthAttempt(ctx.config.authLimiters, { clientIp: ctx.clientIp, email: input.email });
    const session = await signIn(ctx.db, input, ctx.config);
    return { ...session, cartMerge: await mergeOnSignIn(ctx.db, ctx.cartToken, session.user.id) };
  }),
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await getUser(ctx.db, ctx.user.id);
    if (!user) throw notFound('user', ctx.user.id);
    return user;
  }),
});
