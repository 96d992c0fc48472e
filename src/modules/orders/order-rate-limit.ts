/**
 * Order placements per customer on the Workers Rate Limiting binding
 * (ORDER_LIMITER in wrangler.toml, 60 a minute): far above what a shopper
 * does, so only a script hoarding stock or hammering the primary meets it.
 */
import { countAttempt } from '../auth/rate-limit.ts';

export function limitOrderAttempt(limiter: RateLimit, userId: number): Promise<void> {
  return countAttempt(limiter, `user:${userId}`, 'Too many orders in a minute; wait a moment and try again');
}
