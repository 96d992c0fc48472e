/**
 * A guest's cart token, kept in localStorage so the cart survives a reload
 * and a closed tab. The server issues it with the guest's first cart write;
 * signing in merges that cart into the account's and the token is dropped.
 */
const KEY = 'stockroom.cart-token';

export function readCartToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function writeCartToken(token: string): void {
  localStorage.setItem(KEY, token);
}

export function dropCartToken(): void {
  localStorage.removeItem(KEY);
}
