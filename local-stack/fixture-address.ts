/**
 * The default address of every customer the proofs, the benchmark and the
 * tests make up with direct SQL (no imports: the Worker tests use it too).
 */
/** The address every made-up customer has as their default, so a checkout without one ships there. */
export const FIXTURE_ADDRESS = {
  name: 'Proof Customer',
  line1: '1 Test Street',
  line2: '',
  city: 'Berlin',
  region: '',
  postalCode: '10115',
  country: 'DE',
  phone: '',
} as const;

/** Gives every user whose email matches the LIKE `pattern` the fixture address as their default. */
export function defaultAddressStatement(pattern: string) {
  const a = FIXTURE_ADDRESS;
  return {
    sql: `INSERT INTO addresses (user_id, name, line1, line2, city, region, postal_code, country, phone, is_default)
          SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, 1 FROM users WHERE email LIKE ?`,
    args: [a.name, a.line1, a.line2, a.city, a.region, a.postalCode, a.country, a.phone, pattern],
  };
}
