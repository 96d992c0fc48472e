/**
 * Full-text search over the catalog: the FTS5 table `product_search` (one row
 * per product: name, description, SKUs, option values; kept in step by the
 * triggers of drizzle/0005_product_search.sql) and how a shopper's text
 * becomes a query of it.
 *
 * A shopper's text is never FTS5 query syntax: it is cut into words here
 * (runs of letters, digits and marks, as the unicode61 tokenizer sees them),
 * and each word becomes a quoted prefix term, `"tee"*`, all of which must
 * match. Quotes, `*`, `-`, `NEAR`, `OR` and parentheses from the shopper are
 * separators or plain words, so no input can be a syntax error.
 */
import { sql } from 'drizzle-orm';
import { SEARCH_MAX_TERMS } from '../../shared/limits.ts';

/** A run of what unicode61 keeps in a token (letters, digits, marks, private use). */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
/** A word needs a letter or digit: a lone combining mark is no token at all. */
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The FTS5 query for a shopper's text: every word as a quoted prefix term,
 * e.g. `T-shirt "tee"` → `"T"* "shirt"* "tee"*`; null when it has no word
 * (then nothing matches). NFKC first, so full-width letters and ligatures
 * read as the letters they look like.
 */
export function searchMatch(text: string): string | null {
  const words = (text.normalize('NFKC').match(WORD) ?? []).filter((word) => HAS_LETTER_OR_DIGIT.test(word));
  if (words.length === 0) return null;
  // A word holds no `"`, so quoting it needs no escaping.
  return words
    .slice(0, SEARCH_MAX_TERMS)
    .map((word) => `"${word}"*`)
    .join(' ');
}

/**
 * bm25 weights per column (name, description, skus, options): a word in the
 * name counts most, then a SKU, then an option value, then the description.
 * FTS5's bm25 is lower for a better match, so rank ascending is best first.
 */
const RANK = sql.raw('bm25(product_search, 10.0, 1.0, 4.0, 2.0)');

/**
 * The products matching `match` with their rank: a table `hits` to join on
 * products.id. Its `LIMIT -1` (no limit) keeps SQLite from flattening it
 * into the listing's grouped query (a subquery with a LIMIT is not flattened
 * into a join or an aggregate), where bm25() cannot run; drizzle's `.limit()`
 * drops a negative limit, hence the SQL.
 */
export function searchHits(match: string) {
  return {
    table: sql`(SELECT rowid AS hit_id, ${RANK} AS hit_rank FROM product_search
      WHERE product_search MATCH ${match} LIMIT -1) AS hits`,
    id: sql<number>`hits.hit_id`,
    rank: sql<number>`hits.hit_rank`,
  };
}

export type SearchHits = ReturnType<typeof searchHits>;

/** A search page's cursor: the rank and id of its last product, `<rank>@<id>`. */
export type SearchCursor = { rank: number; id: number };

export function encodeSearchCursor({ rank, id }: SearchCursor): string {
  return `${rank}@${id}`;
}
