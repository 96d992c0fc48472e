import { describe, expect, it } from 'vitest';
import { keysetPage } from '../../src/db/pagination.ts';
import { buildCategoryTree } from '../../src/modules/catalog/listing.ts';

describe('buildCategoryTree', () => {
  it('nests children under their parents and keeps sibling order', () => {
    const tree = buildCategoryTree([
      { id: 1, name: 'Apparel', slug: 'apparel', parentId: null },
      { id: 3, name: 'Hoodies', slug: 'hoodies', parentId: 2 },
      { id: 2, name: 'Tops', slug: 'tops', parentId: 1 },
      { id: 4, name: 'Tees', slug: 'tees', parentId: 2 },
      { id: 5, name: 'Home', slug: 'home', parentId: null },
    ]);
    expect(tree.map((node) => node.slug)).toEqual(['apparel', 'home']);
    const tops = tree[0]?.children[0];
    expect(tops?.slug).toBe('tops');
    expect(tops?.children.map((node) => node.slug)).toEqual(['hoodies', 'tees']);
    expect(tree[1]?.children).toEqual([]);
  });

  it('keeps a row whose parent is missing as a root instead of dropping it', () => {
    const tree = buildCategoryTree([{ id: 7, name: 'Orphan', slug: 'orphan', parentId: 99 }]);
    expect(tree).toEqual([{ id: 7, name: 'Orphan', slug: 'orphan', parentId: 99, children: [] }]);
  });

  it('answers an empty list for no categories', () => {
    expect(buildCategoryTree([])).toEqual([]);
  });
});

describe('keysetPage', () => {
  const rows = (ids: number[]) => ids.map((id) => ({ id }));

  it('returns a null cursor when the extra row is absent (the last page)', () => {
    expect(keysetPage(rows([1, 2]), 2)).toEqual({ items: rows([1, 2]), nextCursor: null });
  });

  it('drops the extra row and points the cursor at the last row returned', () => {
    expect(keysetPage(rows([4, 5, 6]), 2)).toEqual({ items: rows([4, 5]), nextCursor: 5 });
  });

  it('works for descending keys too', () => {
    expect(keysetPage(rows([9, 8, 7]), 2)).toEqual({ items: rows([9, 8]), nextCursor: 8 });
  });

  it('makes the cursor from the last row returned when given how, e.g. a search rank and id', () => {
    const ranked = [
      { id: 4, rank: -2 },
      { id: 1, rank: -1 },
      { id: 9, rank: -1 },
    ];
    expect(keysetPage(ranked, 2, (row) => `${row.rank}@${row.id}`)).toEqual({
      items: ranked.slice(0, 2),
      nextCursor: '-1@1',
    });
  });
});
