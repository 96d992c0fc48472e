/**
 * Whose cart a request works on: a signed-in customer's (their bearer token)
 * or a guest's (the cart token the server issued, sent back in X-Cart-Token).
 * Both are named by one owner key, the column carts and orders are keyed by,
 * so every cart and checkout guard is written once for both.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type SlotValues, slot } from '../../db/prepared-batch.ts';
import { carts } from '../../db/schema.ts';
import { DomainError } from '../domain-error.ts';
import { base64url, sha256Hex } from '../encoding.ts';

export type CartOwner =
  | { kind: 'user'; userId: number; key: string }
  | { kind: 'guest'; tokenHash: string; key: string };

export function userOwner(userId: number): CartOwner {
  return { kind: 'user', userId, key: `user:${userId}` };
}

export async function guestOwner(cartToken: string): Promise<CartOwner> {
  const tokenHash = await sha256Hex(cartToken);
  return { kind: 'guest', tokenHash, key: `guest:${tokenHash}` };
}

/** An owner of this kind whose id and key are placeholders, for a batch built once (src/db/prepared-batch.ts). */
export function ownerSlots(kind: CartOwner['kind']): CartOwner {
  return kind === 'user'
    ? { kind, userId: slot('userId'), key: slot('ownerKey') }
    : { kind, tokenHash: slot('tokenHash'), key: slot('ownerKey') };
}

/** The owner's values, by the placeholder names of `ownerSlots`. */
export function ownerValues(owner: CartOwner): SlotValues {
  return {
    ownerKey: owner.key,
    userId: owner.kind === 'user' ? owner.userId : null,
    tokenHash: owner.kind === 'guest' ? owner.tokenHash : null,
  };
}

/** A cart token's form: 32 random bytes, base64url without padding. */
export const CART_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new, unguessable cart token (256 random bits); only its hash is stored. */
export function newCartToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The owner's cart id, or NULL when the owner has no cart (which NOT NULL turns into a refusal). */
export function cartIdOf(owner: CartOwner): SQL<number> {
  return sql<number>`(SELECT ${carts.id} FROM ${carts} WHERE ${carts.ownerKey} = ${owner.key})`;
}

/** CART_NOT_FOUND: the cart token names no cart (never issued, or removed after it was left alone). */
export function cartNotFound(): DomainError {
  return new DomainError(
    'CART_NOT_FOUND',
    'This cart no longer exists (guest carts left alone are removed); start a new one without the X-Cart-Token header',
  );
}
