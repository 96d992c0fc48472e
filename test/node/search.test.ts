/**
 * Full-text search below the Worker: how a shopper's text becomes an FTS5
 * query (searchMatch), that no text at all can make that query an error on
 * the real engine, and that drizzle/0005_product_search.sql indexes the
 * products a database already had and keeps the index in step by triggers.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../scripts/migrate.ts';
import { searchMatch } from '../../src/modules/catalog/search.ts';
import { SEARCH_MAX_TERMS } from '../../src/shared/limits.ts';

describe('searchMatch', () => {
  it('makes every word a quoted prefix term, all of which must match', () => {
    expect(searchMatch('tee')).toBe('"tee"*');
    expect(searchMatch('  merino   black ')).toBe('"merino"* "black"*');
  });

  it('cuts words at punctuation, as the index does, so a SKU reads as its parts', () => {
    expect(searchMatch('MERINO-TEE-WHITE-L')).toBe('"MERINO"* "TEE"* "WHITE"* "L"*');
    expect(searchMatch('T-shirt')).toBe('"T"* "shirt"*');
  });

  it('takes FTS5 syntax from a shopper as separators or plain words', () => {
    expect(searchMatch('"tee" OR hoodie*')).toBe('"tee"* "OR"* "hoodie"*');
    expect(searchMatch('NEAR(tee hoodie) -black ^x')).toBe('"NEAR"* "tee"* "hoodie"* "black"* "x"*');
    expect(searchMatch('name:tee (((')).toBe('"name"* "tee"*');
  });

  it('answers null for text without a word: nothing can match it', () => {
    for (const text of ['', '   ', '***', '"""', '()-^:', '\u0301', '💥💥']) expect(searchMatch(text)).toBeNull();
  });

  it('keeps letters and digits of any script, and reads full-width letters as plain ones', () => {
    expect(searchMatch('Crème brûlée')).toBe('"Crème"* "brûlée"*');
    expect(searchMatch('ｆｕｌｌｗｉｄｔｈ')).toBe('"fullwidth"*');
    expect(searchMatch('茶 42')).toBe('"茶"* "42"*');
  });

  it(`uses at most ${SEARCH_MAX_TERMS} words`, () => {
    const words = Array.from({ length: SEARCH_MAX_TERMS + 3 }, (_, i) => `w${i}`);
    expect(searchMatch(words.join(' '))?.split(' ')).toHaveLength(SEARCH_MAX_TERMS);
  });
});

let dir: string;
let client: Client;

/** The committed migrations before the search one, in a folder of their own. */
async function migrationsBeforeSearch(): Promise<string> {
  const folder = join(dir, 'before');
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((entry) => entry.tag === '0005_product_search'),
  );
  await writeFile(journalPath, JSON.stringify(journal));
  return folder;
}

const search = async (match: string) =>
  (
    await client.execute({
      sql: 'SELECT rowid AS id FROM product_search WHERE product_search MATCH ? ORDER BY rank, rowid',
      args: [match],
    })
  ).rows.map((row) => Number(row.id));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stockroom-search-'));
  client = createClient({ url: `file:${join(dir, 'shop.db')}`, intMode: 'number' });
  const db = drizzle(client);
  await migrate(db, { migrationsFolder: await migrationsBeforeSearch() });
  await client.batch(
    [
      "INSERT INTO categories (id, name, slug) VALUES (1, 'All', 'all')",
      "INSERT INTO products (id, category_id, name, description, option_names) VALUES (1, 1, 'Crème Tee', 'Soft cotton', '[\"Size\"]'), (2, 1, 'Mug', 'Stoneware', '[]')",
      `INSERT INTO variants (product_id, sku, options, option_key, price_cents) VALUES
        (1, 'CREME-TEE-S', '{"Size":"Small"}', 'Size=Small', 100), (1, 'CREME-TEE-XL', '{"Size":"Extra"}', 'Size=Extra', 100),
        (2, 'MUG-1', '{}', '', 500)`,
    ],
    'write',
  );
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
});

afterAll(async () => {
  client.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the product_search index', () => {
  it('indexes the products a database had before the migration: names, descriptions, SKUs and option values', async () => {
    expect(await search('"creme"*')).toEqual([1]);
    expect(await search('"stone"*')).toEqual([2]);
    expect(await search('"mug"* "1"*')).toEqual([2]);
    expect(await search('"extra"*')).toEqual([1]);
  });

  it('follows renames, new variants, SKU changes and deletions in the same statement, by triggers', async () => {
    await client.execute("UPDATE products SET name = 'Espresso Cup' WHERE id = 2");
    expect(await search('"mug"*')).toEqual([2]); // still its SKU
    expect(await search('"espresso"*')).toEqual([2]);
    await client.execute("UPDATE variants SET sku = 'CUP-1' WHERE product_id = 2");
    expect(await search('"mug"*')).toEqual([]);
    await client.execute(
      `INSERT INTO variants (product_id, sku, options, option_key, price_cents) VALUES (1, 'CREME-TEE-M', '{"Size":"Medium"}', 'Size=Medium', 100)`,
    );
    expect(await search('"medium"*')).toEqual([1]);
    await client.execute("DELETE FROM variants WHERE sku = 'CREME-TEE-M'");
    expect(await search('"medium"*')).toEqual([]);
  });

  it('is not rewritten by stock or price changes, which name no indexed column', async () => {
    // total_changes() counts rows that triggers change too; only the variants themselves may move.
    const changes = async () => Number((await client.execute('SELECT total_changes() AS n')).rows[0]?.n);
    const before = await changes();
    const update = await client.execute('UPDATE variants SET stock = stock + 5, price_cents = price_cents + 1');
    expect(update.rowsAffected).toBeGreaterThan(0);
    expect((await changes()) - before).toBe(update.rowsAffected);
    await client.execute("UPDATE products SET name = 'Crème Tee' WHERE id = 1");
    expect((await changes()) - before).toBeGreaterThan(update.rowsAffected + 1);
  });

  it('runs every query searchMatch makes, whatever the text: results or none, never an error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 100 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.constantFrom('"', '*', 'NEAR(', '-', ')', '^', 'a:b', 'AND OR NOT', '"unbalanced', '\u0000'),
        ),
        async (text) => {
          const match = searchMatch(text);
          if (match !== null) await expect(search(match)).resolves.toBeInstanceOf(Array);
        },
      ),
      { numRuns: 300 },
    );
  });
});
