/**
 * `npm run db:seed`: the demo catalog and an admin account, written in one
 * batch. Every product's initial stock is also an `initial` inventory
 * movement (src/db/stock.ts), so the ledger reconciles from the first row.
 * The products' pictures (seed-images.ts) get their rows here too; their
 * bytes go into the local R2 bucket (putSeedImages), which only a local
 * database's Worker reads, so a remote database is seeded without pictures.
 */
import { createClient } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../src/db/schema.ts';
import {
  categories,
  discountCodes,
  productImages,
  products,
  shippingMethods,
  shippingZoneCountries,
  shippingZones,
  taxRates,
  users,
} from '../src/db/schema.ts';
import { newProductStatements } from '../src/db/stock.ts';
import { hashPassword } from '../src/modules/auth/password.ts';
import { LOCAL_DATABASE_URL } from './migrate.ts';
import {
  SEED_CATEGORIES,
  SEED_DISCOUNT_CODES,
  SEED_PRODUCTS,
  SEED_SHIPPING_ZONES,
  SEED_TAX_RATES,
} from './seed-data.ts';
import { putSeedImages, seedImages } from './seed-images.ts';

/** Local-only defaults; set ADMIN_EMAIL / ADMIN_PASSWORD for anything shared. */
export const DEFAULT_ADMIN = { email: 'admin@stockroom.local', password: 'stockroom-admin' };

export type SeedOptions = {
  url: string;
  authToken?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Write the seed pictures' rows (default true); their bytes are put into R2 by putSeedImages. */
  images?: boolean;
};

export function isLocalDatabase(url: string): boolean {
  if (url.startsWith('file:') || url === ':memory:') return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

export async function seedDatabase(options: SeedOptions): Promise<{ adminEmail: string; products: number }> {
  const adminEmail = (options.adminEmail ?? DEFAULT_ADMIN.email).toLowerCase();
  const passwordHash = await hashPassword(options.adminPassword ?? DEFAULT_ADMIN.password);
  const client = createClient({ url: options.url, authToken: options.authToken });
  const db = drizzle(client, { schema });
  const admin = sql<number>`(SELECT ${users.id} FROM ${users} WHERE ${users.email} = ${adminEmail})`;
  const categoryBySlug = (slug: string) =>
    sql<number>`(SELECT ${categories.id} FROM ${categories} WHERE ${categories.slug} = ${slug})`;
  try {
    await db.batch([
      db.insert(users).values({ email: adminEmail, name: 'Admin', passwordHash, role: 'admin' }),
      ...SEED_CATEGORIES.map((category) =>
        db.insert(categories).values({
          name: category.name,
          slug: category.slug,
          parentId: category.parent ? categoryBySlug(category.parent) : null,
        }),
      ),
      ...SEED_PRODUCTS.flatMap((product) => {
        const { insert, variants } = newProductStatements(
          db,
          {
            categoryId: categoryBySlug(product.category),
            name: product.name,
            description: product.description,
            isActive: product.isActive ?? true,
            optionNames: product.optionNames,
            variants: product.variants,
          },
          { actorId: admin, note: 'seed' },
        );
        return [insert, ...variants];
      }),
      ...SEED_SHIPPING_ZONES.flatMap((zone) => {
        const zoneId = sql<number>`(SELECT ${shippingZones.id} FROM ${shippingZones} WHERE ${shippingZones.name} = ${zone.name})`;
        return [
          db.insert(shippingZones).values({ name: zone.name }),
          ...zone.countries.map((country) => db.insert(shippingZoneCountries).values({ zoneId, country })),
          ...zone.methods.map((method) => db.insert(shippingMethods).values({ zoneId, ...method })),
        ];
      }),
      ...SEED_TAX_RATES.map((rate) =>
        db.insert(taxRates).values({
          country: rate.country,
          categoryId: rate.category ? categoryBySlug(rate.category) : null,
          name: rate.name,
          rateBps: rate.rateBps,
          appliesToShipping: rate.appliesToShipping ?? false,
        }),
      ),
      ...SEED_DISCOUNT_CODES.map((code) => db.insert(discountCodes).values(code)),
      ...(options.images === false ? [] : seedImages()).map((image) =>
        db.insert(productImages).values({
          productId: sql<number>`(SELECT ${products.id} FROM ${products} WHERE ${products.name} = ${image.product})`,
          key: image.key,
          contentType: image.contentType,
          bytes: image.bytes.byteLength,
          position: image.position,
        }),
      ),
    ]);
  } finally {
    client.close();
  }
  return { adminEmail, products: SEED_PRODUCTS.length };
}

/** True when the database has no users yet, which is when `npm start` seeds it. */
export async function isEmptyDatabase(url: string, authToken?: string): Promise<boolean> {
  const client = createClient({ url, authToken });
  try {
    const result = await client.execute('SELECT count(*) AS n FROM users');
    return Number(result.rows[0]?.n) === 0;
  } finally {
    client.close();
  }
}

/** A shared database's admin password must be at least this long (and not the local default). */
export const REMOTE_ADMIN_PASSWORD_MIN_LENGTH = 12;

/**
 * Why seeding `url` must not go ahead, or undefined when it may. A database
 * that is not on this machine needs --allow-remote and an admin of its own:
 * the local defaults are public, and an admin sees every customer.
 */
export function seedRefusal(url: string, env: NodeJS.ProcessEnv, argv: readonly string[]): string | undefined {
  if (isLocalDatabase(url)) return undefined;
  if (!argv.includes('--allow-remote')) {
    return `Refusing to seed ${url}: it is not local. Pass --allow-remote if you really mean it.`;
  }
  const password = env.ADMIN_PASSWORD ?? '';
  if (!env.ADMIN_EMAIL || password.length < REMOTE_ADMIN_PASSWORD_MIN_LENGTH || password === DEFAULT_ADMIN.password) {
    return (
      `Refusing to seed ${url}: set ADMIN_EMAIL and ADMIN_PASSWORD (at least ${REMOTE_ADMIN_PASSWORD_MIN_LENGTH} ` +
      'characters, not the local default) for a database that is not on this machine.'
    );
  }
  return undefined;
}

if (import.meta.main) {
  const url = process.env.TURSO_DATABASE_URL ?? LOCAL_DATABASE_URL;
  const refusal = seedRefusal(url, process.env, process.argv);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  const local = isLocalDatabase(url);
  const result = await seedDatabase({
    url,
    authToken: process.env.TURSO_AUTH_TOKEN,
    adminEmail: process.env.ADMIN_EMAIL,
    adminPassword: process.env.ADMIN_PASSWORD,
    images: local,
  });
  console.log(`seeded ${result.products} products and admin ${result.adminEmail} into ${url}`);
  if (local) console.log(`put ${await putSeedImages()} product pictures into the local R2 bucket (.wrangler/state)`);
}
