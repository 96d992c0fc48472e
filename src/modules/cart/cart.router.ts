import { authedProcedure, router } from '../../trpc/init.ts';
import { addInput, removeInput, setQuantityInput } from './cart.schema.ts';
import { addToCart, clearCart, getCart, removeFromCart, setCartQuantity } from './cart.service.ts';

/**
 * The signed-in user's own cart. Writes answer with what their batch yields,
 * not the whole cart (that would be a second round trip); re-fetch `cart.get`.
 */
export const cartRouter = router({
  get: authedProcedure.query(({ ctx }) => getCart(ctx.db, ctx.user.id)),
  add: authedProcedure.input(addInput).mutation(({ ctx, input }) => addToCart(ctx.db, ctx.user.id, input)),
  setQuantity: authedProcedure
    .input(setQuantityInput)
    .mutation(({ ctx, input }) => setCartQuantity(ctx.db, ctx.user.id, input)),
  remove: authedProcedure.input(removeInput).mutation(({ ctx, input }) => removeFromCart(ctx.db, ctx.user.id, input)),
  clear: authedProcedure.mutation(({ ctx }) => clearCart(ctx.db, ctx.user.id)),
});
