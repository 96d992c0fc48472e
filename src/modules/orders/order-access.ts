/**
 * A guest order's link: `/orders/link/<access token>`. The token is an HMAC
 * of the guest's cart owner key and the checkout's idempotency key under
 * AUTH_SECRET, so a retried checkout gets the same link back (the order
 * stores only the token's SHA-256), and nobody without the secret can make
 * one. The link is the guest's only way in: no ids to enumerate.
 */
import { base64url, sha256Hex } from '../encoding.ts';

/** The token's form: 32 bytes, base64url without padding. */
export const ACCESS_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function orderAccessToken(secret: string, ownerKey: string, idempotencyKey: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(`order-link\n${ownerKey}\n${idempotencyKey}`),
  );
  return base64url(new Uint8Array(mac));
}

export function accessTokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}
