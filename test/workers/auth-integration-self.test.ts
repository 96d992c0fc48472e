import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import {
  client,
  countRoundTrips,
  signInAdmin,
  signUpCustomer,
  sqlClient,
  TEST_AUTH_SECRET,
  trpcError,
  uniqueEmail,
  workerRequest,
} from './helpers.ts';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function storedHash(email: string): Promise<string> {
  const db = sqlClient();
  const result = await db.execute({ sql: 'SELECT password_hash FROM users WHERE email = ?', args: [email] });
  db.close();
  return String(result.rows[0]?.password_hash);
}

async function pbkdf2(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return btoa(String.fromCharCode(...new Uint8Array(bits)));
}

/**
 * The key derivations a refused sign-in ran, by algorithm and iteration count.
 * The Worker under SELF runs in this isolate, so a spy on crypto.subtle sees its
 * calls; the spy calls through, so the sign-in does its real work.
 */
async function derivations(signIn: () => Promise<unknown>) {
  const spy = vi.spyOn(crypto.subtle, 'deriveBits');
  try {
    const error = await trpcError(signIn());
    expect(error.data.reason).toBe('INVALID_CREDENTIALS');
    return spy.mock.calls.map(([params]) => {
      const { name, iterations } = params as { name: string; iterations: number };
      return { name, iterations };
    });
  } finally {
    spy.mockRestore();
  }
}

describe('auth', () => {
  it('signs up a customer, returns a token and the user, and auth.me answers with it', async () => {
    const { token, user, api, email } = await signUpCustomer('Ada');
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(user).toMatchObject({ email, name: 'Ada', role: 'customer' });
    const me = await api.auth.me.query();
    expect(me).toMatchObject({ id: user.id, email, role: 'customer' });
    expect(typeof me.createdAt).toBe('string');
  });

  it('signs up and signs in in one database round trip each', async () => {
    const email = uniqueEmail('trips');
    const password = 'one round trip';
    await client()
      .auth.me.query()
      .catch(() => undefined);
    let user: { id: number } | undefined;
    const signUpTrips = await countRoundTrips(async () => {
      user = (await client().auth.signUp.mutate({ email, password, name: 'Trips' })).user;
    });
    expect(signUpTrips).toBe(1);
    let signedIn: { id: number } | undefined;
    const signInTrips = await countRoundTrips(async () => {
      signedIn = (await client().auth.signIn.mutate({ email, password })).user;
    });
    expect(signInTrips).toBe(1);
    expect(signedIn?.id).toBe(user?.id);
  });

  it('treats emails case-insensitively for sign-up and sign-in', async () => {
    const email = uniqueEmail('Case');
    await client().auth.signUp.mutate({ email: email.toUpperCase(), password: 'password-123', name: 'Case' });
    const error = await trpcError(client().auth.signUp.mutate({ email, password: 'password-456', name: 'Again' }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'EMAIL_TAKEN' });
    const session = await client().auth.signIn.mutate({ email: email.toLowerCase(), password: 'password-123' });
    expect(session.user.email).toBe(email.toLowerCase());
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const { email } = await signUpCustomer();
    const wrongPassword = await trpcError(client().auth.signIn.mutate({ email, password: 'not-the-password' }));
    const unknownEmail = await trpcError(
      client().auth.signIn.mutate({ email: uniqueEmail('nobody'), password: 'not-the-password' }),
    );
    expect(wrongPassword.data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'INVALID_CREDENTIALS' });
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(unknownEmail.data).toEqual(wrongPassword.data);
  });

  it('rejects invalid sign-up input with BAD_REQUEST naming the field', async () => {
    const error = await trpcError(client().auth.signUp.mutate({ email: 'not-an-email', password: 'short', name: '' }));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(error.message).toMatch(/^Invalid input: email: /);
    expect(error.message).toContain('password: Password must be at least 8 characters');
    expect(error.message).not.toContain('{');
  });

  it('refuses auth.me without a token, with a tampered token, an expired one, alg none and a foreign issuer', async () => {
    const { token } = await signUpCustomer();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const tamperedPayload = btoa(
      JSON.stringify({ ...JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))), role: 'admin' }),
    ).replace(/=+$/, '');
    const expired = await new SignJWT({ email: 'x@example.com', name: 'X', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('stockroom')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(TEST_AUTH_SECRET));
    const algNone = `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')}.${payload}.`;
    const foreignIssuer = await new SignJWT({ email: 'x@example.com', name: 'X', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('1')
      .setIssuer('some-other-service')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_AUTH_SECRET));
    for (const bad of [
      undefined,
      `${header}.${tamperedPayload}.${signature}`,
      expired,
      algNone,
      'garbage',
      foreignIssuer,
    ]) {
      const error = await trpcError(client(bad).auth.me.query());
      expect(error.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    }
  });

  it('lets the seeded admin sign in with the admin role', async () => {
    const admin = await signInAdmin();
    expect(admin.user.role).toBe('admin');
    expect((await admin.api.auth.me.query()).role).toBe('admin');
  });

  it('stores only a PBKDF2 hash, and every response carries an x-request-id', async () => {
    const response = await workerRequest('/trpc/auth.me');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = await response.text();
    expect(body).not.toMatch(/stack|at .*\.ts|SQLITE|SELECT/i);

    // Two accounts with one password: each row holds `pbkdf2-sha256$<iterations>$<salt>$<hash>`
    // (src/modules/auth/password.ts), with its own random salt, so equal passwords do not show.
    const password = 'the same password';
    const accounts = [];
    for (const name of ['First', 'Second']) {
      const email = uniqueEmail('hash');
      await client().auth.signUp.mutate({ email, password, name });
      accounts.push(await storedHash(email));
    }
    for (const stored of accounts) {
      expect(stored).not.toContain(password);
      const [scheme, iterations, salt, hash] = stored.split('$');
      expect({ scheme, iterations }).toEqual({ scheme: 'pbkdf2-sha256', iterations: '100000' });
      expect(fromBase64(salt ?? '')).toHaveLength(16);
      // The hash is this password's PBKDF2-SHA-256 under that salt and count, not some other digest.
      expect(hash).toBe(await pbkdf2(password, fromBase64(salt ?? ''), 100_000));
    }
    const [first, second] = accounts.map((stored) => stored.split('$'));
    expect(first?.[2]).not.toBe(second?.[2]);
    expect(first?.[3]).not.toBe(second?.[3]);
  });

  it('does the same PBKDF2 work for an unknown email as for a wrong password: one derivation each', async () => {
    const { email } = await signUpCustomer();
    const wrongPassword = await derivations(() => client().auth.signIn.mutate({ email, password: 'not-the-password' }));
    const unknownEmail = await derivations(() =>
      client().auth.signIn.mutate({ email: uniqueEmail('nobody'), password: 'not-the-password' }),
    );
    expect(wrongPassword).toEqual([{ name: 'PBKDF2', iterations: 100_000 }]);
    expect(unknownEmail).toEqual(wrongPassword);
  });
});

describe('request ids', () => {
  it('makes its own request id and ignores one the client sends', async () => {
    const response = await workerRequest('/health', { headers: { 'x-request-id': 'forged-id-123' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(id).not.toBe('forged-id-123');
  });
});

describe('health', () => {
  it('answers 200 with the database reachable', async () => {
    const response = await workerRequest('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'reachable' });
  });
});
