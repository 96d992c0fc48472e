/**
 * catalog.products with a search, through the Worker: full-text over name,
 * description, SKUs and option values, words matched as prefixes and ranked
 * (bm25, a name match first), combined with the category, in-stock and price
 * filters, paged by (rank, id), one round trip a page, and any text at all
 * answered 2xx or 4xx. Each test makes its products in a category of its own,
 * named with a word no other product has.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEARCH_MAX_LENGTH } from '../../src/shared/limits.ts';
import { client, countRoundTrips, signInAdmin, sqlClient, trpcError, workerRequest } from './helpers.ts';

let counter = 0;
/** A word no other product has (letters only, so it is one token), e.g. "qzkbmwa". */
function uniqueWord(): string {
  counter += 1;
  const letters = `${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `qz${letters.replace(/[0-9]/g, (digit) => 'abcdefghij'[Number(digit)] as string)}`;
}

type NewProduct = Parameters<Awaited<ReturnType<typeof signInAdmin>>['api']['catalog']['createProduct']['mutate']>[0];

/** A fresh category (under `parentId`) and a helper making products in it. */
async function shop(parentId?: number) {
  const { api } = await signInAdmin();
  const category = await api.catalog.createCategory.mutate({
    name: 'Search',
    slug: `search-${uniqueWord()}`,
    parentId,
  });
  const make = async (product: Omit<NewProduct, 'categoryId'>) =>
    (await api.catalog.createProduct.mutate({ categoryId: category.id, ...product } as NewProduct)).id;
  return { api, category, make };
}

const search = async (input: { search: string } & Record<string, unknown>) =>
  (await client().catalog.products.query({ limit: 100, ...input })).items.map((product) => product.id);

describe('catalog.products with a search', () => {
  it('matches words as prefixes, in any case and without accents: "tee" finds Tees and "T-shirt tee"', async () => {
    const { make } = await shop();
    const word = uniqueWord();
    const tees = await make({ name: `${word} Tees`, priceCents: 100 });
    const tshirt = await make({ name: `${word} T-shirt tee`, priceCents: 100 });
    const teal = await make({ name: `${word} Teal mug`, priceCents: 100 });
    const creme = await make({ name: `${word} Crème Brûlée Torch`, priceCents: 100 });
    expect((await search({ search: `${word} tee` })).sort()).toEqual([tees, tshirt].sort());
    expect(await search({ search: `${word} TEAL` })).toEqual([teal]);
    expect(await search({ search: `${word} creme brulee` })).toEqual([creme]);
    expect(await search({ search: `${word} Brûl` })).toEqual([creme]);
    expect(await search({ search: `${word.slice(0, -2)}` })).toHaveLength(4);
  });

  it('ranks a match in the name above one in the description, and more matching words higher', async () => {
    const { make } = await shop();
    const word = uniqueWord();
    const inDescription = await make({ name: 'Plain mug', description: `Glazed in ${word} blue`, priceCents: 100 });
    const inName = await make({ name: `${word} mug`, description: 'Stoneware', priceCents: 100 });
    expect(await search({ search: word })).toEqual([inName, inDescription]);
  });

  it('finds a product by a SKU of any of its variants, whole or in part, and by an option value', async () => {
    const { make } = await shop();
    const word = uniqueWord();
    const sku = `${word.toUpperCase()}-RED-XL`;
    const id = await make({
      name: 'Rain jacket',
      options: [
        { name: 'Colour', values: ['Red', 'Ochre'] },
        { name: 'Size', values: ['XL'] },
      ],
      variants: [
        { sku, options: { Colour: 'Red', Size: 'XL' }, priceCents: 100 },
        { options: { Colour: 'Ochre', Size: 'XL' }, priceCents: 100 },
      ],
    });
    expect(await search({ search: sku })).toEqual([id]);
    expect(await search({ search: word })).toEqual([id]);
    expect(await search({ search: `${word} ochre` })).toEqual([id]);
    expect(await search({ search: `${word} purple` })).toEqual([]);
  });

  it('follows renames at once: the index changes in the write’s own batch', async () => {
    const { api, make } = await shop();
    const [before, after] = [uniqueWord(), uniqueWord()];
    const id = await make({ name: `${before} lamp`, priceCents: 100 });
    await api.catalog.updateProduct.mutate({ id, name: `${after} lamp` });
    expect(await search({ search: before })).toEqual([]);
    expect(await search({ search: after })).toEqual([id]);
  });

  it('combines with the category (and its descendants), in-stock and price filters', async () => {
    const parent = await shop();
    const child = await shop(parent.category.id);
    const word = uniqueWord();
    const cheap = await parent.make({ name: `${word} cheap`, priceCents: 500, stock: 3 });
    const soldOut = await child.make({ name: `${word} sold out`, priceCents: 1500, stock: 0 });
    const ranged = await child.make({
      name: `${word} sized`,
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { options: { Size: 'S' }, priceCents: 900, stock: 0 },
        { options: { Size: 'L' }, priceCents: 3000, stock: 2 },
      ],
    });
    const ids = async (filters: Record<string, unknown>) => (await search({ search: word, ...filters })).sort();
    expect(await ids({ categoryId: parent.category.id })).toEqual([cheap, soldOut, ranged].sort());
    expect(await ids({ categoryId: child.category.id })).toEqual([soldOut, ranged].sort());
    expect(await ids({ inStock: true })).toEqual([cheap, ranged].sort());
    // A price range matches a product with a variant on sale priced inside it.
    expect(await ids({ minPriceCents: 800, maxPriceCents: 1000 })).toEqual([ranged]);
    expect(await ids({ maxPriceCents: 500 })).toEqual([cheap]);
    expect(await ids({ minPriceCents: 1500 })).toEqual([soldOut, ranged].sort());
    // All at once: one variant must be in stock AND in range (the $9 size is sold out).
    expect(await ids({ inStock: true, minPriceCents: 800, maxPriceCents: 1000 })).toEqual([]);
    expect(await ids({ inStock: true, minPriceCents: 2000, categoryId: child.category.id })).toEqual([ranged]);
    // The same filters without a search.
    const browse = await client().catalog.products.query({ categoryId: parent.category.id, inStock: true, limit: 100 });
    expect(browse.items.map((item) => item.id).sort()).toEqual([cheap, ranged].sort());
  });

  it('hides archived products unless an admin asks for them', async () => {
    const { api, make } = await shop();
    const word = uniqueWord();
    const id = await make({ name: `${word} archived`, priceCents: 100 });
    await api.catalog.updateProduct.mutate({ id, isActive: false });
    expect(await search({ search: word })).toEqual([]);
    const admin = await api.catalog.products.query({ search: word, includeArchived: true });
    expect(admin.items.map((item) => item.id)).toEqual([id]);
  });

  it('pages by rank then id, each page one round trip, every match once, with the cursor it gave', async () => {
    const { make } = await shop();
    const word = uniqueWord();
    // Five equal matches (ties broken by id) and two better ones (the word twice in the name).
    const plain = [];
    for (let i = 0; i < 5; i++) plain.push(await make({ name: `${word} item`, priceCents: 100 }));
    const better = [
      await make({ name: `${word} ${word}`, priceCents: 100 }),
      await make({ name: `${word} ${word}`, priceCents: 100 }),
    ];
    const all = await search({ search: word });
    expect(all).toEqual([...better, ...plain]);
    const pages: number[][] = [];
    let cursor: number | string | null = null;
    for (;;) {
      let page: { items: Array<{ id: number }>; nextCursor: number | string | null } = { items: [], nextCursor: null };
      expect(
        await countRoundTrips(
          async () => (page = await client().catalog.products.query({ search: word, limit: 3, cursor })),
        ),
      ).toBe(1);
      pages.push(page.items.map((item) => item.id));
      if (page.nextCursor === null) break;
      expect(typeof page.nextCursor).toBe('string');
      cursor = page.nextCursor;
    }
    expect(pages).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6)]);
  });

  it('refuses a cursor of the other kind, or one not made by the server, with BAD_REQUEST', async () => {
    for (const input of [
      { search: 'tee', cursor: 5 },
      { cursor: '-1.5@7' },
      { search: 'tee', cursor: 'DROP TABLE' },
      { search: 'tee', cursor: 'NaN@1' },
      // Ranks that read as ±Infinity: found by `npm run proof`, they were a 500.
      { search: 'tee', cursor: '1e999@1' },
      { search: 'tee', cursor: '-1e999@1' },
    ]) {
      const error = await trpcError(client().catalog.products.query(input as never));
      expect(error.data, JSON.stringify(input)).toMatchObject({ code: 'BAD_REQUEST', reason: 'INVALID_INPUT' });
    }
    const price = await trpcError(client().catalog.products.query({ minPriceCents: 500, maxPriceCents: 100 }));
    expect(price.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'INVALID_INPUT' });
  });

  it('answers a search with no word in it (only punctuation) with no products', async () => {
    for (const text of ['***', '"', '()', '- -', '^:']) expect(await search({ search: text })).toEqual([]);
  });

  it('answers any text at all with 2xx or 4xx, never 5xx, and writes nothing', async () => {
    const db = sqlClient();
    const rows = async () => (await db.execute('SELECT count(*) AS n FROM product_search')).rows[0]?.n;
    const before = await rows();
    const syntax = fc.constantFrom('"', '*', 'NEAR(', 'NEAR/2', '-', ')', '(', '^', ':', 'AND', 'OR', 'NOT', '{a b}');
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: SEARCH_MAX_LENGTH + 20 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fc.oneof(syntax, fc.constantFrom('tee', 'mug', 'x')), { maxLength: 12 }).map((parts) => parts.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(text, fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), async (search, cursor) => {
        const input = encodeURIComponent(JSON.stringify({ search, cursor, limit: 5 }));
        const response = await workerRequest(`/trpc/catalog.products?input=${input}`);
        await response.body?.cancel();
        expect(response.status, JSON.stringify(search)).toBeLessThan(500);
        if (cursor === undefined && search.trim().length <= SEARCH_MAX_LENGTH) expect(response.status).toBe(200);
      }),
      { numRuns: 150 },
    );
    expect(await rows()).toBe(before);
    db.close();
  });
});
