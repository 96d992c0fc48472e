/**
 * The committed migrations (drizzle/) are what src/db/schema.ts generates. Every
 * database, the tests' included, is built from the migrations, so a constraint
 * changed in the schema alone would pass every other test and never reach a
 * database. drizzle-kit runs on the project's drizzle.config.ts with only `out`
 * pointed at a copy of drizzle/ in a temp dir, so it never writes into the real folder.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import config from '../../drizzle.config.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DRIZZLE_KIT = join(REPO_ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs');
const MIGRATIONS = join(REPO_ROOT, 'drizzle');

/** Every file under `dir`, relative to it, sorted. */
async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).sort();
}

describe('schema and migrations', () => {
  it('agree: drizzle-kit generate finds nothing to generate', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stockroom-generate-'));
    const committed = await files(MIGRATIONS);
    try {
      await cp(MIGRATIONS, join(dir, 'out'), { recursive: true });
      // drizzle-kit resolves `out` against its working directory (it even prefixes an absolute one with "./").
      const copy = { ...config, schema: resolve(REPO_ROOT, config.schema), out: './out' };
      await writeFile(join(dir, 'drizzle.config.ts'), `export default ${JSON.stringify(copy)};\n`);
      // stdin closed: were drizzle-kit to ask about a rename, that is a change too, and it fails here.
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [DRIZZLE_KIT, 'generate'], {
        cwd: dir,
        timeout: 60_000,
      });
      // drizzle-kit exits 0 even when it fails, so its words and the files are what count.
      expect(await files(join(dir, 'out'))).toEqual(committed);
      expect(`${stdout}${stderr}`).toContain('No schema changes, nothing to migrate');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await files(MIGRATIONS)).toEqual(committed);
  }, 90_000);
});
