/**
 * A sign-in without a client address (no CF-Connecting-IP) is not a way
 * around the per-address limit: all such requests share one bucket.
 */
import { describe, expect, it } from 'vitest';
import { client, trpcError, uniqueEmail } from './helpers.ts';

/** The per-address limit in wrangler.toml ([[ratelimits]] AUTH_IP_LIMITER). */
const IP_LIMIT = 30;

/**
 * Rate-limit windows are aligned to the wall clock (a minute each), so a run
 * of attempts can straddle a boundary and split its count between two
 * windows. Twice the limit plus one attempts (well under a minute) cross at
 * most one boundary, so one of the two windows sees more than the limit.
 */
const MAX_ATTEMPTS = 2 * IP_LIMIT + 1;

describe('sign-in without a client address', () => {
  it(`shares one bucket: within ${MAX_ATTEMPTS} attempts one is refused with RATE_LIMITED`, async () => {
    // An empty CF-Connecting-IP counts as none (the context reads it so).
    const anonymous = client(undefined, { 'cf-connecting-ip': '' });
    const reasons: Array<string | undefined> = [];
    // Earlier attempts in the same window may have used part of the bucket, so
    // count until the first refusal; without the shared bucket none comes.
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !reasons.includes('RATE_LIMITED'); attempt++) {
      const error = await trpcError(
        anonymous.auth.signIn.mutate({ email: uniqueEmail('no-ip'), password: 'wrong-password' }),
      );
      reasons.push(error.data.reason);
    }
    expect(reasons.at(-1)).toBe('RATE_LIMITED');
    expect(reasons.slice(0, -1).every((reason) => reason === 'INVALID_CREDENTIALS')).toBe(true);
    // A client with an address of its own still gets an answer on its merits.
    const withAddress = await trpcError(client().auth.signIn.mutate({ email: uniqueEmail('ip'), password: 'nope' }));
    expect(withAddress.data.reason).toBe('INVALID_CREDENTIALS');
  });
});
