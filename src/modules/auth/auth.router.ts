import { authedProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { notFound } from '../domain-error.ts';
import { signInInput, signUpInput } from './auth.schema.ts';
import { getUser, signIn, signUp } from './auth.service.ts';
import { limitAuthAttempt } from './rate-limit.ts';

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await limitAuthAttempt(ctx.config.authLimiters, { clientIp: ctx.clientIp });
    return signUp(ctx.db, input, ctx.config);
  }),
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    await limitAuthAttempt(ctx.config.authLimiters, { clientIp: ctx.clientIp, email: input.email });
    return signIn(ctx.db, input, ctx.config);
  }),
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await getUser(ctx.db, ctx.user.id);
    if (!user) throw notFound('user', ctx.user.id);
    return user;
  }),
});
