/** The browser's import rule (scripts/check-client-imports.ts) refuses what it should, and only that. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forbiddenImports } from '../../scripts/check-client-imports.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const page = join(ROOT, 'client/src/features/catalog/page.tsx');
const shared = join(ROOT, 'src/shared/limits.ts');

describe('the browser import rule', () => {
  it('refuses a value import of a server module', () => {
    const problems = forbiddenImports(page, "import { signToken } from '../../../../src/modules/auth/token.ts';");
    expect(problems).toEqual([
      "client/src/features/catalog/page.tsx:1: imports '../../../../src/modules/auth/token.ts' as a value",
    ]);
  });

  it('refuses a side-effect import, a dynamic import and a value re-export of server code', () => {
    const text = [
      "import '../../../../src/db/schema.ts';",
      "const lazy = import('../../../../src/db/client.ts');",
      "export { readConfig } from '../../../../src/env.ts';",
    ].join('\n');
    expect(forbiddenImports(page, text)).toHaveLength(3);
  });

  it('allows src/shared/, types, packages and the client itself', () => {
    const text = [
      "import { LOW_STOCK_THRESHOLD } from '../../../../src/shared/limits.ts';",
      "import type { AppRouter } from '../../../../src/trpc/router.ts';",
      "import { type Db } from '../../../../src/db/client.ts';",
      "export type { Config } from '../../../../src/env.ts';",
      "import { z } from 'zod';",
      "import { trpc } from '../../api.ts';",
    ].join('\n');
    expect(forbiddenImports(page, text)).toEqual([]);
  });

  it('keeps src/shared/ free of the rest of the server', () => {
    expect(forbiddenImports(shared, "import { products } from '../db/schema.ts';")).toHaveLength(1);
    expect(forbiddenImports(shared, "import { ORDER_STATUSES } from './order-status.ts';")).toEqual([]);
  });
});
