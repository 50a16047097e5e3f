// ARCHITECTURE.md's import rules, checked against every import in src/, so the page stays true.
// Imports are read with the TypeScript parser: static imports and re-exports, `import type`, and
// dynamic `import('…')` all count.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

interface Import {
  /** The importing file, relative to src/ with '/' separators. */
  from: string;
  specifier: string;
  /** For a relative import: the imported path, relative to src/ ('../x' when outside src/). */
  target?: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const from = relative(SRC, file).split(sep).join('/');
  const found: Import[] = [];
  const add = (specifier: string, typeOnly: boolean): void => {
    const target = specifier.startsWith('.')
      ? relative(SRC, resolve(dirname(file), specifier))
          .split(sep)
          .join('/')
      : undefined;
    found.push({ from, specifier, typeOnly, ...(target === undefined ? {} : { target }) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The stage a file belongs to: its folder under src/, or its name for a file at the top. */
function stageOf(path: string): string {
  const [first, second] = path.split('/');
  return second === undefined ? first!.replace(/\.(ts|json)$/, '') : first!;
}

const FILES = sourceFiles(SRC);
const IMPORTS = FILES.flatMap(importsOf);
const show = (i: Import): string => `${i.from} imports '${i.specifier}'`;
const internal = IMPORTS.filter((i) => i.target !== undefined && !i.target.startsWith('../'));

// The stages, lowest first: a file may import its own stage and the stages listed for it.
// A new folder under src/ gets a line here and a sentence in ARCHITECTURE.md.
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  errors: ['core'],
  config: ['core', 'errors'],
  sources: ['core', 'errors', 'config'],
  bitbucket: ['core', 'errors'],
  plan: ['core', 'errors'],
  render: ['core', 'errors', 'plan'],
  apply: ['core', 'errors', 'bitbucket', 'plan'],
  review: ['core', 'errors', 'bitbucket', 'plan', 'render'],
  reconcile: ['core', 'errors', 'config', 'sources', 'bitbucket', 'plan', 'render', 'apply'],
  import: ['core', 'errors', 'config', 'bitbucket'],
  pipelines: ['core', 'errors', 'config'],
  doctor: ['core', 'errors', 'config', 'sources', 'bitbucket', 'plan'],
  sandbox: ['core', 'errors'],
  cli: [
    'core',
    'errors',
    'config',
    'sources',
    'bitbucket',
    'plan',
    'render',
    'apply',
    'review',
    'reconcile',
    'import',
    'pipelines',
    'doctor',
    'sandbox',
  ],
  bin: ['cli'],
  lib: ['cli', 'sandbox'],
};

/** Node.js modules a pure stage may use: none of them reads or writes anything. */
const PURE_BUILTINS = new Set(['node:crypto', 'node:buffer', 'node:util']);
const PURE_STAGES = ['core', 'plan', 'render'];
/** Ways to reach the outside world without an import. */
const IMPURE_GLOBALS = /\b(?:process\.|console\.|fetch\(|Date\.now\(|new Date\(|setTimeout\(|setInterval\()/;

describe('architecture (ARCHITECTURE.md)', () => {
  it('reads a realistic number of files and imports, so the rules below check something', () => {
    expect(FILES.length).toBeGreaterThan(40);
    expect(internal.length).toBeGreaterThan(100);
    expect(IMPORTS.some((i) => i.typeOnly)).toBe(true);
    expect(IMPORTS.some((i) => i.from === 'cli/index.ts' && i.specifier.startsWith('./commands/'))).toBe(true);
  });

  it('every stage under src/ is described, and imports only the stages below it', () => {
    const stages = new Set(FILES.map((f) => stageOf(relative(SRC, f).split(sep).join('/'))));
    const undescribed = [...stages].filter((s) => !(s in MAY_IMPORT) && s !== 'globals.d');
    expect(undescribed, 'add the new stage to MAY_IMPORT here and to ARCHITECTURE.md').toEqual([]);
    const wrong = internal
      .filter((i) => {
        const own = stageOf(i.from);
        const other = stageOf(i.target!);
        return own !== other && !(MAY_IMPORT[own] ?? []).includes(other);
      })
      .map(show);
    expect(wrong).toEqual([]);
  });

  it('core imports nothing of ours', () => {
    const wrong = internal.filter((i) => stageOf(i.from) === 'core' && stageOf(i.target!) !== 'core').map(show);
    expect(wrong).toEqual([]);
  });

  it('plan, render and core do no I/O: no Node.js I/O module, no package, no process, console, fetch or clock', () => {
    const wrongImports = IMPORTS.filter(
      (i) =>
        PURE_STAGES.includes(stageOf(i.from)) &&
        i.target === undefined &&
        !i.typeOnly &&
        !PURE_BUILTINS.has(i.specifier),
    ).map(show);
    expect(wrongImports).toEqual([]);
    const wrongGlobals = FILES.filter((f) => PURE_STAGES.includes(stageOf(relative(SRC, f).split(sep).join('/'))))
      .filter((f) => IMPURE_GLOBALS.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(wrongGlobals).toEqual([]);
  });

  it('the sandbox shares no code with the client: it imports only itself, core types and the error classes', () => {
    const wrong = internal
      .filter((i) => stageOf(i.from) === 'sandbox' && stageOf(i.target!) !== 'sandbox')
      .filter((i) => !(stageOf(i.target!) === 'core' && i.typeOnly) && stageOf(i.target!) !== 'errors')
      .map(show);
    expect(wrong).toEqual([]);
  });

  it('only the CLI and the library entry import the sandbox; only the entries (bin, lib) import the CLI', () => {
    const sandboxUsers = internal
      .filter((i) => stageOf(i.target!) === 'sandbox' && !['sandbox', 'cli', 'lib'].includes(stageOf(i.from)))
      .map(show);
    expect(sandboxUsers).toEqual([]);
    const cliUsers = internal
      .filter((i) => stageOf(i.target!) === 'cli' && !['cli', 'bin', 'lib'].includes(stageOf(i.from)))
      .map(show);
    expect(cliUsers).toEqual([]);
  });

  it('nothing in src/ imports test code', () => {
    const wrong = IMPORTS.filter((i) => i.target?.startsWith('../test/') || /\.test(\.ts)?$/.test(i.specifier)).map(
      show,
    );
    expect(wrong).toEqual([]);
  });
});
