/**
 * `npm run db:seed`: the demo catalog and an admin account, written in one
 * batch. Every product's initial stock is also an `initial` inventory
 * movement, so the ledger reconciles from the first row.
 */
import { createClient, type InStatement } from '@libsql/client';
import { hashPassword } from '../src/modules/auth/password.ts';
import { LOCAL_DATABASE_URL } from './migrate.ts';
import { SEED_CATEGORIES, SEED_PRODUCTS } from './seed-data.ts';

/** Local-only defaults; set ADMIN_EMAIL / ADMIN_PASSWORD for anything shared. */
export const DEFAULT_ADMIN = { email: 'admin@stockroom.local', password: 'stockroom-admin' };

export type SeedOptions = { url: string; authToken?: string; adminEmail?: string; adminPassword?: string };

export function isLocalDatabase(url: string): boolean {
  if (url.startsWith('file:') || url === ':memory:') return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

export async function seedDatabase(options: SeedOptions): Promise<{ adminEmail: string; products: number }> {
  const adminEmail = (options.adminEmail ?? DEFAULT_ADMIN.email).toLowerCase();
  const passwordHash = await hashPassword(options.adminPassword ?? DEFAULT_ADMIN.password);
  const statements: InStatement[] = [
    {
      sql: "INSERT INTO users (email, name, password_hash, role) VALUES (?, 'Admin', ?, 'admin')",
      args: [adminEmail, passwordHash],
    },
  ];
  for (const category of SEED_CATEGORIES) {
    statements.push({
      sql: 'INSERT INTO categories (name, slug, parent_id) VALUES (?, ?, (SELECT id FROM categories WHERE slug = ?))',
      args: [category.name, category.slug, category.parent ?? null],
    });
  }
  for (const product of SEED_PRODUCTS) {
    statements.push({
      sql: `INSERT INTO products (category_id, name, description, price_cents, stock, is_active)
            VALUES ((SELECT id FROM categories WHERE slug = ?), ?, ?, ?, ?, ?)`,
      args: [
        product.category,
        product.name,
        product.description,
        product.priceCents,
        product.stock,
        product.isActive ?? true,
      ],
    });
  }
  statements.push({
    sql: `INSERT INTO inventory_movements (product_id, quantity_change, reason, actor_id, note)
          SELECT p.id, p.stock, 'initial', (SELECT id FROM users WHERE email = ?), 'seed'
          FROM products p WHERE p.stock > 0`,
    args: [adminEmail],
  });
  const client = createClient({ url: options.url, authToken: options.authToken });
  try {
    await client.batch(statements, 'write');
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

if (import.meta.main) {
  const url = process.env.TURSO_DATABASE_URL ?? LOCAL_DATABASE_URL;
  if (!isLocalDatabase(url) && !process.argv.includes('--allow-remote')) {
    console.error(`Refusing to seed ${url}: it is not local. Pass --allow-remote if you really mean it.`);
    process.exit(1);
  }
  const result = await seedDatabase({
    url,
    authToken: process.env.TURSO_AUTH_TOKEN,
    adminEmail: process.env.ADMIN_EMAIL,
    adminPassword: process.env.ADMIN_PASSWORD,
  });
  console.log(`seeded ${result.products} products and admin ${result.adminEmail} into ${url}`);
}
