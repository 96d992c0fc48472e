/**
 * One idempotency key per checkout attempt. The key is kept (in
 * sessionStorage, so even a reload keeps it) while the cart stays the same,
 * so a double click, a retry after a dropped connection, or a second tab
 * places at most one order. It is replaced once the order is placed or the
 * cart's contents change.
 */
const KEY = 'stockroom.checkout-attempt';

type Attempt = { fingerprint: string; key: string };

/** What the cart holds, as a string that changes whenever a line or a quantity does. */
export function cartFingerprint(lines: ReadonlyArray<{ variantId: number; quantity: number }>): string {
  return lines
    .map((line) => `${line.variantId}x${line.quantity}`)
    .sort()
    .join(',');
}

function storedAttempt(): Attempt | null {
  const stored = sessionStorage.getItem(KEY);
  return stored ? (JSON.parse(stored) as Attempt) : null;
}

export function checkoutKeyFor(fingerprint: string): string {
  const attempt = storedAttempt();
  if (attempt?.fingerprint === fingerprint) return attempt.key;
  const next: Attempt = { fingerprint, key: crypto.randomUUID() };
  sessionStorage.setItem(KEY, JSON.stringify(next));
  return next.key;
}

/**
 * Called with every cart the page shows: once the cart differs from the one
 * the attempt was for, the attempt is over, even if the cart later holds the
 * same lines again (that is a new purchase, not a retry).
 */
export function noteCartShown(fingerprint: string): void {
  const attempt = storedAttempt();
  if (attempt && attempt.fingerprint !== fingerprint) endCheckoutAttempt();
}

export function endCheckoutAttempt(): void {
  sessionStorage.removeItem(KEY);
}
