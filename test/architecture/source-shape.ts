import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Reads the project's own sources for the architecture test: every TypeScript file under the
 * given folders, its relative imports resolved to files, and the length of each function.
 */

export interface SourceFile {
  /** Path relative to the repository root, with `/`. */
  readonly path: string;
  readonly linesCount: number;
  /** Files this one imports (relative imports only, type imports included). */
  readonly imports: readonly string[];
  readonly functions: readonly { readonly name: string; readonly linesCount: number; readonly line: number }[];
}

export const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

function walk(dir: string, found: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'fixtures') walk(path, found);
    } else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) {
      found.push(path);
    }
  }
}

function resolveImport(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => known.has(candidate)) ?? null;
}

function functionsOf(source: ts.SourceFile): SourceFile['functions'] {
  const found: { name: string; linesCount: number; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      found.push({ name, linesCount: end - start + 1, line: start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function readSources(folders: readonly string[]): SourceFile[] {
  const paths: string[] = [];
  for (const folder of folders) walk(join(REPO_ROOT, folder), paths);
  const known = new Set(paths);
  return paths.map((path) => {
    const text = readFileSync(path, 'utf8');
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true);
    const imports: string[] = [];
    for (const statement of source.statements) {
      if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
        const specifier = statement.moduleSpecifier.text;
        if (!specifier.startsWith('.')) continue;
        const target = resolveImport(path, specifier, known);
        if (target !== null) imports.push(relative(REPO_ROOT, target));
      }
    }
    return { path: relative(REPO_ROOT, path), linesCount: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), imports, functions: functionsOf(source) };
  });
}

/** Strongly connected components with more than one file: the import cycles. */
export function importCycles(files: readonly SourceFile[]): string[][] {
  const edges = new Map(files.map((file) => [file.path, file.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  };
  for (const file of files) if (!index.has(file.path)) strong(file.path);
  return cycles;
}
