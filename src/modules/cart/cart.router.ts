import { router, shopperProcedure } from '../../trpc/init.ts';
import { limitNewGuestCart } from '../orders/order-rate-limit.ts';
import { addInput, removeInput, setQuantityInput } from './cart.schema.ts';
import { addToCart, clearCart, getCart, removeFromCart, setCartQuantity } from './cart.service.ts';
import { guestOwner, newCartToken } from './cart-owner.ts';

/**
 * The shopper's cart: a customer's (bearer token) or a guest's (X-Cart-Token).
 * A write without either starts a guest cart and answers with its new
 * `cartToken`, which the client sends back from then on. Writes answer with
 * what their batch yields, not the whole cart (that would be a second round
 * trip); re-fetch `cart.get`.
 */
export const cartRouter = router({
  get: shopperProcedure.query(({ ctx }) => getCart(ctx.db, ctx.owner)),
  add: shopperProcedure.input(addInput).mutation(async ({ ctx, input }) => {
    if (ctx.owner) return addToCart(ctx.db, { owner: ctx.owner }, input);
    await limitNewGuestCart(ctx.config.guestCartLimiter, ctx.clientIp);
    const cartToken = newCartToken();
    const line = await addToCart(ctx.db, { owner: await guestOwner(cartToken), isNewGuest: true }, input);
    return { ...line, cartToken };
  }),
  setQuantity: shopperProcedure.input(setQuantityInput).mutation(async ({ ctx, input }) => {
    if (ctx.owner) return setCartQuantity(ctx.db, { owner: ctx.owner }, input);
    if (input.quantity === 0) return { variantId: input.variantId, quantity: 0 };
    await limitNewGuestCart(ctx.config.guestCartLimiter, ctx.clientIp);
    const cartToken = newCartToken();
    const line = await setCartQuantity(ctx.db, { owner: await guestOwner(cartToken), isNewGuest: true }, input);
    return { ...line, cartToken };
  }),
  remove: shopperProcedure
    .input(removeInput)
    .mutation(({ ctx, input }) => (ctx.owner ? removeFromCart(ctx.db, ctx.owner, input) : { removed: 0 })),
  clear: shopperProcedure.mutation(({ ctx }) => (ctx.owner ? clearCart(ctx.db, ctx.owner) : { removed: 0 })),
});
