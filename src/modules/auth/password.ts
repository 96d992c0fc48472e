/**
 * Password hashing with WebCrypto PBKDF2-SHA-256. 100,000 iterations is the
 * most the Workers runtime allows; the count is stored with each hash so it
 * can be raised later without breaking existing accounts.
 */
const ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const SCHEME = 'pbkdf2-sha256';

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** Compares in time independent of where the inputs differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, ITERATIONS);
  return `${SCHEME}$${ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split('$');
  if (scheme !== SCHEME || !iterations || !salt || !hash) return false;
  const derived = await derive(password, fromBase64(salt), Number(iterations));
  return sameBytes(derived, fromBase64(hash));
}

/**
 * Checked when an email is unknown, so a failed sign-in costs one derivation
 * (and takes as long) whether or not the account exists. A constant, not made
 * on first use: that would cost a fresh isolate's first unknown-email sign-in
 * two derivations. It is the hash of 32 random bytes that were thrown away,
 * with the same iteration count as every real hash.
 */
export const DECOY_PASSWORD_HASH = `${SCHEME}$${ITERATIONS}$QQcPVVJepX04kq9HnLF6DA==$GQ4HqE+WZgzChdIeA9tDNvmTZUAQopnprKofyl3NJkQ=`;
