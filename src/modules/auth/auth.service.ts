/** Accounts: sign-up and sign-in, each one database round trip. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isViolationOf } from '../../db/errors.ts';
import { users } from '../../db/schema.ts';
import { DomainError } from '../domain-error.ts';
import type { SignInInput, SignUpInput } from './auth.schema.ts';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password.ts';
import { signToken, type TokenUser } from './token.ts';

export type AuthSettings = { authSecret: string; tokenTtlSeconds: number };

const publicUserColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

async function session(user: TokenUser, settings: AuthSettings) {
  return { token: await signToken(user, settings.authSecret, settings.tokenTtlSeconds), user };
}

export async function signUp(db: Db, input: SignUpInput, settings: AuthSettings) {
  const passwordHash = await hashPassword(input.password);
  try {
    const [user] = await db
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .returning(publicUserColumns);
    return session(user as TokenUser, settings);
  } catch (error) {
    if (isViolationOf(error, 'unique', 'users_email_lower_unique')) {
      throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists; sign in instead');
    }
    throw error;
  }
}

export async function signIn(db: Db, input: SignInInput, settings: AuthSettings) {
  const [found] = await db
    .select({ ...publicUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email));
  const matches = await verifyPassword(input.password, found?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (!found || !matches) {
    throw new DomainError('INVALID_CREDENTIALS', 'Email or password is incorrect');
  }
  const { passwordHash: _, ...user } = found;
  return session(user, settings);
}

export async function getUser(db: Db, id: number) {
  const [user] = await db
    .select({ ...publicUserColumns, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, id));
  return user;
}
