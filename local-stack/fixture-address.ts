/**
 * Where the proofs', the benchmark's and the tests' made-up customers ship,
 * and how: the fixture address and the fixture shipping setup, written with
 * direct SQL (no imports: the Worker tests use this file too).
 *
 * The fixture countries (IS, NO) are kept out of the demo seed, which may get
 * zones and tax rates of its own for other countries: a fixture order is
 * shipped free and untaxed, so its total is exactly its subtotal, whatever
 * the seed holds.
 */
/** The address every made-up customer has as their default, so a checkout without one ships there. */
export const FIXTURE_ADDRESS = {
  name: 'Proof Customer',
  line1: '1 Test Street',
  line2: '',
  city: 'Reykjavik',
  region: '',
  postalCode: '101',
  country: 'IS',
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

/** One zone for the fixture countries with one free method, and no tax rates for those countries. */
export const FIXTURE_SHIPPING = {
  zone: 'Fixture destinations',
  countries: ['IS', 'NO'],
  method: 'Fixture post',
  priceCents: 0,
} as const;

type Statement = { sql: string; args: Array<string | number> };

/** Creates the fixture zone, its countries and its method; each statement does nothing when its row is there. */
export function fixtureShippingStatements(): Statement[] {
  const { zone, countries, method, priceCents } = FIXTURE_SHIPPING;
  const zoneId = '(SELECT min(id) FROM shipping_zones WHERE name = ?)';
  return [
    {
      sql: 'INSERT INTO shipping_zones (name) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM shipping_zones WHERE name = ?)',
      args: [zone, zone],
    },
    ...countries.map((country) => ({
      sql: `INSERT INTO shipping_zone_countries (zone_id, country) SELECT ${zoneId}, ?
            WHERE NOT EXISTS (SELECT 1 FROM shipping_zone_countries WHERE country = ?)`,
      args: [zone, country, country],
    })),
    {
      sql: `INSERT INTO shipping_methods (zone_id, name, price_cents) SELECT ${zoneId}, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM shipping_methods WHERE name = ?)`,
      args: [zone, method, priceCents, method],
    },
  ];
}

/**
 * The fixture method by name, with what would break the fixture's promise:
 * its price, how many fixture countries its zone does not serve (another
 * zone took one: a country is in one zone at most) and how many tax rates
 * they have.
 */
export function fixtureShippingMethodQuery(): Statement {
  const { countries, method } = FIXTURE_SHIPPING;
  const list = countries.map(() => '?').join(', ');
  return {
    sql: `SELECT m.id, m.price_cents AS price,
            ${countries.length} - (SELECT count(*) FROM shipping_zone_countries c
              WHERE c.zone_id = m.zone_id AND c.country IN (${list})) AS unserved,
            (SELECT count(*) FROM tax_rates t WHERE t.country IN (${list})) AS taxed
          FROM shipping_methods m WHERE m.name = ? AND m.is_active = 1 ORDER BY m.id LIMIT 1`,
    args: [...countries, ...countries, method],
  };
}

/** What this file needs of a libSQL client (@libsql/client's Client fits), kept structural so it imports nothing. */
export type SqlRunner = {
  batch(statements: Statement[], mode: 'write'): Promise<unknown>;
  execute(statement: Statement): Promise<{ rows: ArrayLike<Record<string, unknown>> }>;
};

/**
 * Creates the fixture shipping setup (if missing) and answers its method's
 * id; throws when the fixture countries are taxed or served by another zone,
 * since fixture orders would then no longer total their subtotal.
 */
export async function installFixtureShipping(db: SqlRunner): Promise<number> {
  await db.batch(fixtureShippingStatements(), 'write');
  const row = (await db.execute(fixtureShippingMethodQuery())).rows[0];
  const { countries, method } = FIXTURE_SHIPPING;
  if (!row) throw new Error(`the fixture shipping method "${method}" is missing after its setup`);
  if (Number(row.price) !== 0 || Number(row.unserved) > 0 || Number(row.taxed) > 0) {
    throw new Error(
      `the fixture countries ${countries.join(', ')} must be served by "${method}" alone, free and untaxed ` +
        `(found price ${row.price}, ${row.unserved} served by another zone, ${row.taxed} tax rates): keep them out of the seed`,
    );
  }
  return Number(row.id);
}
