/**
 * Adding to the cart for a customer or a guest. A guest's first add starts
 * their cart, and its answer carries the cart token, which is kept and sent
 * from then on; a token whose cart was swept (CART_NOT_FOUND) is dropped and
 * the add starts a new cart.
 */
import { errorReason, storeClient } from '../../api.ts';
import { dropCartToken, readCartToken, writeCartToken } from '../../cart-token-storage.ts';
import { readToken } from '../../session-storage.ts';

type AddInput = Parameters<typeof storeClient.cart.add.mutate>[0];

async function send(input: AddInput) {
  const answer = await storeClient.cart.add.mutate(input);
  if ('cartToken' in answer) writeCartToken(answer.cartToken);
  return answer;
}

async function sendStartingOver(input: AddInput) {
  const cartToken = readCartToken();
  try {
    return await send(input);
  } catch (error) {
    if (errorReason(error) !== 'CART_NOT_FOUND' || cartToken === null) throw error;
    // Another add may have started a new cart meanwhile; only the token that failed goes.
    if (readCartToken() === cartToken) dropCartToken();
    return send(input);
  }
}

/**
 * The add that is starting a guest's cart, if one is under way. Two quick
 * adds before the first answer would otherwise start two carts, and the
 * second token would hide the first cart's line.
 */
let startingCart: Promise<unknown> | null = null;

export async function addToCart(input: AddInput) {
  while (startingCart) await startingCart.catch(() => undefined);
  const add = sendStartingOver(input);
  if (!readToken() && !readCartToken()) {
    startingCart = add;
    const done = () => {
      if (startingCart === add) startingCart = null;
    };
    add.then(done, done);
  }
  return add;
}
