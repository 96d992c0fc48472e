/**
 * The browser's import rule, checked in `npm run lint`: code under client/
 * imports from outside client/ only src/shared/ (plain constants, state maps
 * and zod schemas that bundle for the browser) and types (`import type`, e.g.
 * AppRouter); and src/shared/ itself imports nothing else of the server's, so
 * the browser never pulls server code in through it. Biome's
 * noRestrictedImports cannot tell a type-only import from a value import, so
 * this reads each file with the TypeScript parser instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLIENT = join(ROOT, 'client');
const SHARED = join(ROOT, 'src', 'shared');
const SKIP = new Set(['node_modules', 'dist']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

const inside = (path: string, dir: string) => !relative(dir, path).startsWith('..');

/** Where the files under each folder may import values from. */
const RULES = [
  { dir: CLIENT, allowed: [CLIENT, SHARED] },
  { dir: SHARED, allowed: [SHARED] },
];

/** Only relative specifiers can reach the server's files; packages are the bundler's business. */
function isAllowed(file: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return true;
  const target = resolve(dirname(file), specifier);
  const rule = RULES.find(({ dir }) => inside(file, dir));
  return !rule || rule.allowed.some((dir) => inside(target, dir));
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

export function forbiddenImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const report = (node: ts.Node, specifier: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    problems.push(`${relative(ROOT, file)}:${line + 1}: imports '${specifier}' as a value`);
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
      if (!isAllowed(file, specifier) && !isTypeOnly(node)) report(node, specifier);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument) && !isAllowed(file, argument.text)) report(node, argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

if (import.meta.main) {
  const files = RULES.flatMap(({ dir }) => sourceFiles(dir));
  const problems = files.flatMap((file) => forbiddenImports(file, readFileSync(file, 'utf8')));
  if (problems.length > 0) {
    console.error(
      'client/ may import from outside client/ only src/shared/ and types (import type); ' +
        `src/shared/ only itself:\n${problems.join('\n')}`,
    );
    process.exit(1);
  }
}
