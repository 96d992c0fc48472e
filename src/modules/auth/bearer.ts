/**
 * Who a request's bearer token says is calling, for tRPC procedures and plain
 * HTTP routes alike. A token says "admin" until it expires, so an admin's
 * write still proves it in its batch (db/audit.ts); this only refuses early.
 */
import { DomainError } from '../domain-error.ts';
import { type TokenUser, verifyToken } from './token.ts';

/** The user a valid token names; TOKEN_INVALID when there is none or it is bad. */
export async function signedInUser(bearerToken: string | null, secret: string): Promise<TokenUser> {
  if (!bearerToken) throw new DomainError('TOKEN_INVALID', 'Sign in first: send Authorization: Bearer <token>');
  const user = await verifyToken(bearerToken, secret);
  if (!user) throw new DomainError('TOKEN_INVALID', 'The token is invalid or expired; sign in again');
  return user;
}

/** ADMIN_REQUIRED unless the token's user is an admin. */
export function requireAdmin(user: TokenUser): void {
  if (user.role !== 'admin') throw new DomainError('ADMIN_REQUIRED', 'This action needs an admin account');
}
