/**
 * Sign-in tokens: HS256 JWTs signed with AUTH_SECRET through jose. Verifying
 * pins the algorithm, so `alg: none` and algorithm swaps are refused.
 */
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { USER_ROLES } from '../../db/schema.ts';

const ISSUER = 'stockroom';
const ALGORITHM = 'HS256';

export const tokenUserSchema = z.object({
  id: z.number().int().positive(),
  email: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
});

export type TokenUser = z.infer<typeof tokenUserSchema>;

/** Imported once per isolate: importing an HMAC key on every request is measurable CPU. */
const keys = new Map<string, Promise<CryptoKey>>();
function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}

export async function signToken(user: TokenUser, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ email: user.email, name: user.name, role: user.role })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(String(user.id))
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(await keyFor(secret));
}

/**
 * Tokens this isolate has verified, until they expire: a signed-in shopper
 * sends the same token on every request, and verifying it again (an HMAC, two
 * base64 decodes, a JSON parse, the claims' schema) is measurable CPU per
 * request. What verification says depends only on the token, the secret and
 * the clock, so a hit is keyed by both and checked against the expiry. Only
 * valid tokens are kept, at most MAX_VERIFIED_TOKENS (the oldest go first).
 */
const MAX_VERIFIED_TOKENS = 1_000;
const verified = new Map<string, { secret: string; user: TokenUser; expiresAtMs: number }>();

function remember(token: string, secret: string, user: TokenUser, expiresAtSeconds: number | undefined): void {
  if (expiresAtSeconds === undefined) return;
  if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value as string);
  verified.set(token, { secret, user, expiresAtMs: expiresAtSeconds * 1_000 });
}

/** The user a token names, or null when it is malformed, tampered with or expired. */
export async function verifyToken(token: string, secret: string): Promise<TokenUser | null> {
  const known = verified.get(token);
  if (known?.secret === secret) {
    // jose treats a token as expired from its `exp` second on; so does the cache.
    if (Date.now() < known.expiresAtMs) return known.user;
    verified.delete(token);
  }
  try {
    // Checked up front as well as by jwtVerify: refusing `alg: none` early skips the verifier entirely.
    if (decodeProtectedHeader(token).alg !== ALGORITHM) return null;
    const { payload } = await jwtVerify(token, await keyFor(secret), { algorithms: [ALGORITHM], issuer: ISSUER });
    const parsed = tokenUserSchema.safeParse({ ...payload, id: Number(payload.sub) });
    if (!parsed.success) return null;
    remember(token, secret, parsed.data, payload.exp);
    return parsed.data;
  } catch {
    return null;
  }
}
