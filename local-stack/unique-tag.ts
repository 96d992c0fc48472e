let tagCounter = 0;

/**
 * A name prefix no other fixture uses, in this run or an earlier one on the
 * same database, so fixtures can find their own rows again with `LIKE 'tag-%'`.
 */
export function uniqueTag(prefix: string): string {
  tagCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${tagCounter}-${Math.random().toString(36).slice(2, 6)}`;
}
