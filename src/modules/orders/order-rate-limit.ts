/**
 * Order placements per customer or guest cart on the Workers Rate Limiting
 * binding (ORDER_LIMITER in wrangler.toml, 60 a minute): far above what a
 * shopper does, so only a script hoarding stock or hammering the primary
 * meets it. A guest could start new carts to get new allowances, so new
 * guest carts are limited per client address too (GUEST_CART_LIMITER).
 */
import { addressKey, countAttempt, UNKNOWN_ADDRESS_KEY } from '../auth/rate-limit.ts';

/** `ownerKey` is the cart owner's key ('user:<id>' or 'guest:<token hash>'). */
export function limitOrderAttempt(limiter: RateLimit, ownerKey: string): Promise<void> {
  return countAttempt(limiter, ownerKey, 'Too many orders in a minute; wait a moment and try again');
}

export function limitNewGuestCart(limiter: RateLimit, clientIp: string | null): Promise<void> {
  return countAttempt(
    limiter,
    clientIp === null ? UNKNOWN_ADDRESS_KEY : addressKey(clientIp),
    'Too many new carts from this address in a minute; wait a moment and try again',
  );
}
