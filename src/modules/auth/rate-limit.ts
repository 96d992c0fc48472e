/**
 * Throttles sign-in and sign-up on the Workers Rate Limiting binding (see
 * `[[ratelimits]]` in wrangler.toml; wrangler dev and the vitest plugin
 * simulate it locally). Attempts count per client address (CF-Connecting-IP;
 * an IPv6 /64 counts as one address; sign-in and sign-up together) and, for sign-in, per account
 * (`email:<lowercased email>`), so neither one address nor many addresses
 * can guess one password quickly.
 */
import type { Config } from '../../env.ts';
import { DomainError } from '../domain-error.ts';

/** The two bindings, checked by readConfig (src/env.ts) with the rest of the configuration. */
export type AuthLimiters = Config['authLimiters'];

export type AuthAttempt = {
  /** From CF-Connecting-IP, which Cloudflare sets on every request from the internet. */
  clientIp: string | null;
  /** Lowercased already by the input schema; sign-up is limited per IP only. */
  email?: string;
};

const RETRY_MESSAGE = 'Too many sign-in attempts; wait a minute and try again';

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** A trailing dotted IPv4 part (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) is two 16-bit groups. */
function embeddedIpv4AsGroups(group: string): string[] {
  if (!group.includes('.')) return [group];
  const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

/**
 * The key one client address counts under. An IPv6 client usually holds a
 * whole /64 (2^64 addresses), so IPv6 counts per /64 prefix; otherwise one
 * client could rotate addresses and never hit the limit.
 */
export function addressKey(ip: string): string {
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (!ip.includes(':')) return `ip:${ip}`;
  const [head = '', tail] = ip.toLowerCase().split('%', 1)[0]?.split('::') ?? [];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':').flatMap(embeddedIpv4AsGroups) : [];
  const missing = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array(Math.max(missing, 0)).fill('0'), ...tailGroups];
  const prefix = groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, ''));
  return `ip6:${prefix.join(':')}::/64`;
}

async function take(limiter: RateLimit, key: string): Promise<void> {
  const { success } = await limiter.limit({ key });
  if (!success) throw new DomainError('RATE_LIMITED', RETRY_MESSAGE);
}

/**
 * Requests without a client address (they did not come through Cloudflare's
 * edge: a service binding, or a misconfigured proxy) all count in this one
 * bucket, so a missing header never means unlimited attempts.
 */
export const UNKNOWN_ADDRESS_KEY = 'ip:unknown';

/**
 * Counts one attempt and throws TOO_MANY_REQUESTS (reason RATE_LIMITED) once
 * a key is over its limit. The IP is checked first, so a refused address does
 * not also use up the account's allowance.
 */
export async function limitAuthAttempt(limiters: AuthLimiters, attempt: AuthAttempt): Promise<void> {
  const address = attempt.clientIp === null ? UNKNOWN_ADDRESS_KEY : addressKey(attempt.clientIp);
  await take(limiters.perIp, address);
  if (attempt.email !== undefined) await take(limiters.perEmail, `email:${attempt.email}`);
}
