import { describe, expect, it } from 'vitest';
import { client, countRoundTrips, runSql, signInAdmin, signUpCustomer, trpcError } from './helpers.ts';

let counter = 0;
function uniqueSlug(prefix = 'cat') {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

async function adminWithIp(ip = '203.0.113.7') {
  const admin = await signInAdmin();
  return { ...admin, api: client(admin.token, { 'cf-connecting-ip': ip }) };
}

async function newCategory(parentId?: number) {
  const { api } = await signInAdmin();
  return api.catalog.createCategory.mutate({ name: 'Test category', slug: uniqueSlug(), parentId });
}

describe('catalog.categories', () => {
  it('returns the seeded category tree nested by parent, in one round trip', async () => {
    const api = client();
    await api.catalog.categories.query();
    let tree: Awaited<ReturnType<typeof api.catalog.categories.query>> = [];
    expect(await countRoundTrips(async () => (tree = await api.catalog.categories.query()))).toBe(1);
    const apparel = tree.find((node) => node.slug === 'apparel');
    expect(apparel).toMatchObject({ name: 'Apparel', parentId: null });
    const tops = apparel?.children.find((node) => node.slug === 'apparel-tops');
    expect(tops?.parentId).toBe(apparel?.id);
    expect(tops?.children.map((node) => node.slug).sort()).toEqual(['apparel-tops-hoodies', 'apparel-tops-tees']);
  });
});

describe('catalog.createCategory', () => {
  it('creates root and child categories that show up in the tree, with an audit row, in one round trip', async () => {
    const { api, user } = await adminWithIp();
    const slug = uniqueSlug('root');
    let root: Awaited<ReturnType<typeof api.catalog.createCategory.mutate>> | undefined;
    expect(
      await countRoundTrips(async () => (root = await api.catalog.createCategory.mutate({ name: 'Garden', slug }))),
    ).toBe(1);
    expect(root).toMatchObject({ name: 'Garden', slug, parentId: null });
    const child = await api.catalog.createCategory.mutate({ name: 'Tools', slug: uniqueSlug(), parentId: root?.id });
    expect(child.parentId).toBe(root?.id);

    const tree = await client().catalog.categories.query();
    const found = tree.find((node) => node.id === root?.id);
    expect(found?.children.map((node) => node.id)).toEqual([child.id]);

    const audit = await runSql('SELECT actor_id, action, request_id, client_ip FROM audit_log WHERE target = ?', [
      `category:${root?.id}`,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: user.id, action: 'catalog.createCategory', client_ip: '203.0.113.7' });
    expect(String(audit[0]?.request_id)).not.toBe('');
  });

  it('refuses a duplicate slug with CONFLICT DUPLICATE', async () => {
    const { api } = await signInAdmin();
    const slug = uniqueSlug();
    await api.catalog.createCategory.mutate({ name: 'First', slug });
    const error = await trpcError(api.catalog.createCategory.mutate({ name: 'Second', slug }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', reason: 'DUPLICATE' });
    expect(await runSql('SELECT id FROM categories WHERE slug = ?', [slug])).toHaveLength(1);
  });

  it('refuses an unknown parent with NOT_FOUND and writes nothing', async () => {
    const { api } = await signInAdmin();
    const slug = uniqueSlug();
    const auditBefore = await runSql("SELECT count(*) AS n FROM audit_log WHERE action = 'catalog.createCategory'");
    const error = await trpcError(api.catalog.createCategory.mutate({ name: 'Lost', slug, parentId: 999_999 }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    expect(await runSql('SELECT id FROM categories WHERE slug = ?', [slug])).toHaveLength(0);
    const auditAfter = await runSql("SELECT count(*) AS n FROM audit_log WHERE action = 'catalog.createCategory'");
    expect(auditAfter[0]?.n).toBe(auditBefore[0]?.n);
  });

  it('rejects a slug that is not lowercase kebab-case with BAD_REQUEST naming the slug', async () => {
    const { api } = await signInAdmin();
    const error = await trpcError(api.catalog.createCategory.mutate({ name: 'Bad', slug: 'Bad Slug!' }));
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(error.message).toMatch(/slug/i);
  });
});

describe('catalog.createProduct', () => {
  it('creates a product with its initial ledger row and an audit row, in one round trip', async () => {
    const category = await newCategory();
    const { api, user } = await adminWithIp('198.51.100.4');
    const input = {
      categoryId: category.id,
      name: 'Watering Can',
      description: 'Ten litres',
      priceCents: 2450,
      stock: 7,
    };
    let product: Awaited<ReturnType<typeof api.catalog.createProduct.mutate>> | undefined;
    expect(await countRoundTrips(async () => (product = await api.catalog.createProduct.mutate(input)))).toBe(1);
    expect(product).toMatchObject({ ...input, isActive: true });
    expect(Object.keys(product ?? {}).sort()).toEqual(
      [
        'categoryId',
        'createdAt',
        'description',
        'id',
        'images',
        'isActive',
        'maxPriceCents',
        'name',
        'options',
        'priceCents',
        'stock',
        'updatedAt',
        'variants',
      ].sort(),
    );
    expect(product?.variants).toEqual([
      {
        id: expect.any(Number),
        sku: `SKU-${product?.variants[0]?.id}`,
        options: {},
        priceCents: 2450,
        stock: 7,
        isActive: true,
      },
    ]);
    expect(product?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const ledger = await runSql(
      'SELECT quantity_change, reason, actor_id FROM inventory_movements WHERE variant_id = ?',
      [product?.variants[0]?.id ?? 0],
    );
    expect(ledger).toEqual([{ quantity_change: 7, reason: 'initial', actor_id: user.id }]);
    const audit = await runSql('SELECT actor_id, action, client_ip FROM audit_log WHERE target = ?', [
      `product:${product?.id}`,
    ]);
    expect(audit).toEqual([{ actor_id: user.id, action: 'catalog.createProduct', client_ip: '198.51.100.4' }]);
  });

  it('writes no ledger row for a product created without stock', async () => {
    const category = await newCategory();
    const { api } = await signInAdmin();
    const product = await api.catalog.createProduct.mutate({
      categoryId: category.id,
      name: 'Preorder',
      priceCents: 100,
    });
    expect(product).toMatchObject({ stock: 0, description: '' });
    expect(
      await runSql('SELECT id FROM inventory_movements WHERE variant_id = ?', [product.variants[0]?.id ?? 0]),
    ).toHaveLength(0);
  });

  it('refuses an unknown category with NOT_FOUND and writes nothing', async () => {
    const { api } = await signInAdmin();
    const name = uniqueSlug('ghost-product');
    const error = await trpcError(
      api.catalog.createProduct.mutate({ categoryId: 999_999, name, priceCents: 100, stock: 3 }),
    );
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    expect(await runSql('SELECT id FROM products WHERE name = ?', [name])).toHaveLength(0);
  });

  it('rejects a negative price and fractional stock with BAD_REQUEST naming the fields', async () => {
    const { api } = await signInAdmin();
    const error = await trpcError(
      api.catalog.createProduct.mutate({ categoryId: 1, name: 'Bad', priceCents: -1, stock: 1.5 }),
    );
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST' });
    expect(error.message).toMatch(/priceCents/);
    expect(error.message).toMatch(/stock/);
  });

  it('answers FORBIDDEN to customers and UNAUTHORIZED to anonymous callers', async () => {
    const category = await newCategory();
    const input = { categoryId: category.id, name: 'Nope', priceCents: 100 };
    const customer = await signUpCustomer();
    expect((await trpcError(customer.api.catalog.createProduct.mutate(input))).data.code).toBe('FORBIDDEN');
    expect(
      (await trpcError(customer.api.catalog.createCategory.mutate({ name: 'x', slug: uniqueSlug() }))).data.code,
    ).toBe('FORBIDDEN');
    expect((await trpcError(customer.api.catalog.updateProduct.mutate({ id: 1, priceCents: 1 }))).data.code).toBe(
      'FORBIDDEN',
    );
    expect((await trpcError(client().catalog.createProduct.mutate(input))).data.code).toBe('UNAUTHORIZED');
  });
});

describe('catalog.products', () => {
  it('lists a category together with all its descendants, only active products', async () => {
    const { api } = await signInAdmin();
    const root = await newCategory();
    const child = await newCategory(root.id);
    const grandchild = await newCategory(child.id);
    const sibling = await newCategory();
    const make = (categoryId: number, name: string) =>
      api.catalog.createProduct.mutate({ categoryId, name, priceCents: 500, stock: 1 });
    const inRoot = await make(root.id, 'Root item');
    const inChild = await make(child.id, 'Child item');
    const inGrandchild = await make(grandchild.id, 'Grandchild item');
    const archived = await make(grandchild.id, 'Archived item');
    await make(sibling.id, 'Elsewhere');
    await api.catalog.updateProduct.mutate({ id: archived.id, isActive: false });

    const ids = async (categoryId: number) =>
      (await client().catalog.products.query({ categoryId })).items.map((product) => product.id);
    expect(await ids(root.id)).toEqual([inRoot.id, inChild.id, inGrandchild.id]);
    expect(await ids(child.id)).toEqual([inChild.id, inGrandchild.id]);
    expect(await ids(grandchild.id)).toEqual([inGrandchild.id]);
  });

  it('lists archived products only for an admin who asks for them', async () => {
    const { api } = await signInAdmin();
    const category = await newCategory();
    const active = await api.catalog.createProduct.mutate({ categoryId: category.id, name: 'Kept', priceCents: 100 });
    const archived = await api.catalog.createProduct.mutate({ categoryId: category.id, name: 'Gone', priceCents: 100 });
    await api.catalog.updateProduct.mutate({ id: archived.id, isActive: false });
    const ids = async (caller: ReturnType<typeof client>, includeArchived?: boolean) =>
      (await caller.catalog.products.query({ categoryId: category.id, includeArchived })).items.map((p) => p.id);
    expect(await ids(api, true)).toEqual([active.id, archived.id]);
    expect(await ids(api)).toEqual([active.id]);
    expect(await ids(client(), true)).toEqual([active.id]);
    expect(await ids((await signUpCustomer()).api, true)).toEqual([active.id]);
  });

  it('pages by id with a cursor, null at the end, in one round trip per page', async () => {
    const { api } = await signInAdmin();
    const category = await newCategory();
    const created: number[] = [];
    for (let index = 0; index < 5; index++) {
      created.push(
        (await api.catalog.createProduct.mutate({ categoryId: category.id, name: `P${index}`, priceCents: 1 })).id,
      );
    }
    const pages: number[][] = [];
    let cursor: number | string | null = null; // the first page may pass null, as nextCursor is
    for (;;) {
      let page: { items: Array<{ id: number }>; nextCursor: number | string | null } = { items: [], nextCursor: null };
      const trips = await countRoundTrips(
        async () => (page = await client().catalog.products.query({ categoryId: category.id, limit: 2, cursor })),
      );
      expect(trips).toBe(1);
      pages.push(page.items.map((product) => product.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(pages).toEqual([created.slice(0, 2), created.slice(2, 4), created.slice(4)]);
  });

  it('defaults to 20 per page and rejects a limit above 100 with BAD_REQUEST', async () => {
    // 21 products of its own, so a page of exactly 20 is the default and not all there is.
    const { api } = await signInAdmin();
    const category = await newCategory();
    const created: number[] = [];
    for (let index = 0; index < 21; index++) {
      created.push(
        (await api.catalog.createProduct.mutate({ categoryId: category.id, name: `Page ${index}`, priceCents: 1 })).id,
      );
    }
    const inCategory = await client().catalog.products.query({ categoryId: category.id });
    expect(inCategory.items.map((item) => item.id)).toEqual(created.slice(0, 20));
    expect(inCategory.nextCursor).toBe(created[19]);
    const page = await client().catalog.products.query();
    expect(page.items.length).toBeLessThanOrEqual(20);
    expect(page.items).toHaveLength(20);
    const error = await trpcError(client().catalog.products.query({ limit: 101 }));
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/limit/);
  });
  // Search has its own file: search-integration-self.test.ts.
});

describe('catalog.product', () => {
  it('returns an active product to anyone, and NOT_FOUND for an unknown id', async () => {
    const category = await newCategory();
    const { api } = await signInAdmin();
    const product = await api.catalog.createProduct.mutate({ categoryId: category.id, name: 'Lamp', priceCents: 3000 });
    expect(await client().catalog.product.query({ id: product.id })).toEqual(product);
    const error = await trpcError(client().catalog.product.query({ id: 999_999 }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
  });

  it('answers in one round trip, to anyone and to an admin (whose role check rides in the same batch)', async () => {
    const category = await newCategory();
    const { api } = await signInAdmin();
    const product = await api.catalog.createProduct.mutate({ categoryId: category.id, name: 'Desk', priceCents: 1 });
    for (const caller of [client(), api]) {
      let seen: typeof product | undefined;
      expect(await countRoundTrips(async () => (seen = await caller.catalog.product.query({ id: product.id })))).toBe(
        1,
      );
      expect(seen).toEqual(product);
    }
  });

  it('hides an archived product from the public and customers, but shows it to admins', async () => {
    const category = await newCategory();
    const { api } = await signInAdmin();
    const product = await api.catalog.createProduct.mutate({
      categoryId: category.id,
      name: 'Old lamp',
      priceCents: 1,
    });
    await api.catalog.updateProduct.mutate({ id: product.id, isActive: false });
    const customer = await signUpCustomer();
    expect((await trpcError(client().catalog.product.query({ id: product.id }))).data.code).toBe('NOT_FOUND');
    expect((await trpcError(customer.api.catalog.product.query({ id: product.id }))).data.code).toBe('NOT_FOUND');
    expect((await trpcError(client('not-a-token').catalog.product.query({ id: product.id }))).data.code).toBe(
      'NOT_FOUND',
    );
    expect(await api.catalog.product.query({ id: product.id })).toMatchObject({ id: product.id, isActive: false });
    const listed = await client().catalog.products.query({ categoryId: category.id });
    expect(listed.items).toEqual([]);
  });
});

describe('catalog.updateProduct', () => {
  it('changes the given fields, bumps updatedAt, writes an audit row, in one round trip', async () => {
    const category = await newCategory();
    const { api, user } = await signInAdmin();
    const product = await api.catalog.createProduct.mutate({ categoryId: category.id, name: 'Mug', priceCents: 900 });
    // Backdated, so a missing bump shows: the update must move updatedAt off this value.
    const backdated = '2000-01-01T00:00:00.000Z';
    await runSql('UPDATE products SET updated_at = ? WHERE id = ?', [backdated, product.id]);
    let updated: typeof product | undefined;
    const trips = await countRoundTrips(
      async () =>
        (updated = await api.catalog.updateProduct.mutate({ id: product.id, priceCents: 1100, name: 'Big mug' })),
    );
    expect(trips).toBe(1);
    expect(updated).toMatchObject({
      id: product.id,
      priceCents: 1100,
      name: 'Big mug',
      description: '',
      isActive: true,
    });
    expect((updated?.updatedAt ?? '') >= product.updatedAt).toBe(true);
    // Bumped to the database's now: at or after creation (same clock), and what is stored.
    expect(updated?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(updated?.updatedAt).not.toBe(backdated);
    expect((updated?.updatedAt ?? '') >= product.createdAt).toBe(true);
    expect(await runSql('SELECT updated_at FROM products WHERE id = ?', [product.id])).toEqual([
      { updated_at: updated?.updatedAt },
    ]);
    const audit = await runSql("SELECT actor_id FROM audit_log WHERE target = ? AND action = 'catalog.updateProduct'", [
      `product:${product.id}`,
    ]);
    expect(audit).toEqual([{ actor_id: user.id }]);
  });

  it('answers NOT_FOUND for an unknown id and writes no audit row', async () => {
    const { api } = await signInAdmin();
    const error = await trpcError(api.catalog.updateProduct.mutate({ id: 888_888, priceCents: 1 }));
    expect(error.data).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
    expect(await runSql("SELECT id FROM audit_log WHERE target = 'product:888888'")).toHaveLength(0);
  });

  it('rejects an update with nothing to change with BAD_REQUEST', async () => {
    const { api } = await signInAdmin();
    const error = await trpcError(api.catalog.updateProduct.mutate({ id: 1 }));
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/Nothing to update/);
  });
});
