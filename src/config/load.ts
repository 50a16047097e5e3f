/**
 * Finds, reads and checks the manifest: the search looks in the current directory, then upward to
 * the project root (never executing code: only YAML and JSON places); the text is parsed by the
 * `yaml` library, checked against the schema and the rules. Every problem is reported together in
 * one ConfigError, located at `file:line:col`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeStrictUtf8 } from '../core/utf8.ts';
import { ConfigError, UserError, type Issue } from '../errors.ts';
import { createLocator, issueAtOffset, type Locator, type Problem } from './locate.ts';
import { checkRules } from './rules.ts';
import type { Manifest } from './types.generated.ts';
import { validateSchema } from './validate.ts';
import { parseYamlData, pathKey, type PathSegment } from './yaml-data.ts';
import { isRecord } from '../core/data.ts';

export const SEARCH_PLACES = [
  'bb-vars.yaml',
  'bb-vars.yml',
  '.bb-varsrc',
  '.bb-varsrc.json',
  '.bb-varsrc.yaml',
  '.bb-varsrc.yml',
  'package.json',
];
export const PACKAGE_PROP = 'bb-vars';
/** The manifest `id` when it sets none. */
export const DEFAULT_MANIFEST_ID = 'default';
/**
 * Only stops a wrong file from eating memory. A workspace of 1,000 repositories with 2
 * environments each and ~85 variables per scope declares ~250,000 variables in ~10 MB.
 */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

/** A manifest that passed the schema and the rules. */
export interface LoadedManifest {
  /** Absolute path of the file. */
  file: string;
  /** The file as messages name it: relative to the cwd when inside it. */
  displayFile: string;
  /** Directory that relative paths in the manifest are resolved against. */
  dir: string;
  /** The file's text. */
  source: string;
  /** The manifest's `id` (DEFAULT_MANIFEST_ID when it sets none): ownership records are kept per id. */
  id: string;
  manifest: Manifest;
  /** Non-fatal findings (unused sources, keys differing only in case, YAML warnings). */
  warnings: Issue[];
  /** Locates a problem at a manifest path as `file:line:col`. */
  locate: Locator;
  /** A number literal's digits as written (YAML parsing would round `12345678901234567890`). */
  numberText(path: readonly PathSegment[]): string | undefined;
}

/** Finds and loads the manifest. Throws ConfigError (invalid) or UserError (not found, unreadable). */
export async function loadManifest(opts: { config?: string; cwd: string }): Promise<LoadedManifest> {
  const file = opts.config !== undefined ? explicitFile(opts.config, opts.cwd) : searchFile(opts.cwd);
  const rel = path.relative(opts.cwd, file);
  const displayFile = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  const text = await readManifestText(file, displayFile);
  return parseManifest(text, { file, displayFile });
}

/** Parses and checks manifest text (pure). `file` is used for relative paths, `displayFile` in messages. */
export function parseManifest(text: string, where: { file: string; displayFile?: string }): LoadedManifest {
  const displayFile = where.displayFile ?? where.file;
  const root = path.basename(where.file) === 'package.json' ? PACKAGE_PROP : undefined;
  const parsed = parseYamlData(text, root);
  const locate = createLocator(displayFile, text, root);
  const issues: Issue[] = parsed.problems.map((p) =>
    issueAtOffset(displayFile, parsed, p.offset, p.message, p.hint, p.severity, p.path),
  );
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(displayFile, sortIssues(issues));
  if (parsed.data === null || parsed.data === undefined) {
    issues.push({
      file: displayFile,
      severity: 'error',
      message: 'the manifest is empty',
      hint: 'start with `version: 1`; see the README for the format',
    });
    throw new ConfigError(displayFile, issues);
  }
  const problems: Problem[] = validateSchema(parsed.data);
  if (isRecord(parsed.data)) problems.push(...checkRules(parsed.data as unknown as Manifest));
  issues.push(...problems.map(locate));
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(displayFile, sortIssues(issues));
  const manifest = parsed.data as Manifest;
  return {
    file: where.file,
    displayFile,
    dir: path.dirname(where.file),
    source: text,
    id: manifest.id ?? DEFAULT_MANIFEST_ID,
    manifest,
    warnings: sortIssues(issues),
    locate,
    numberText: (p) => parsed.numbers.get(pathKey(p)),
  };
}

function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

function explicitFile(config: string, cwd: string): string {
  const file = path.resolve(cwd, config);
  if (/\.(?:[cm]?js|[cm]?ts)$/i.test(file)) {
    throw new UserError(
      `${config}: JavaScript and TypeScript manifests are not supported (configuration never runs code).\n  hint: write the manifest as YAML (bb-vars.yaml) or JSON.`,
    );
  }
  try {
    const s = statSync(file);
    if (s.isDirectory())
      throw new UserError(
        `${config} is a directory, not a manifest file.\n  hint: pass the file, e.g. --config ${path.join(config, 'bb-vars.yaml')}`,
      );
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `Manifest ${config} not found (looked at ${file}).\n  hint: check the --config path; it is relative to the current directory.`,
    );
  }
  return file;
}

/**
 * The first of SEARCH_PLACES that holds a manifest, in the start directory, then in each parent
 * up to the project root (the first directory with a package.json) or the filesystem root.
 * package.json counts only with a "bb-vars" key.
 */
export function searchFile(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    for (const place of SEARCH_PLACES) {
      const candidate = path.join(dir, place);
      if (!isFile(candidate)) continue;
      if (place !== 'package.json' || packageDeclares(candidate)) return candidate;
    }
    if (isFile(path.join(dir, 'package.json')) || path.dirname(dir) === dir) break;
  }
  throw new UserError(
    `No bb-vars manifest found in ${cwd} or its parent directories (up to the project root).\n` +
      `  Looked for: ${SEARCH_PLACES.slice(0, -1).join(', ')}, and a "${PACKAGE_PROP}" key in package.json.\n` +
      `  hint: create bb-vars.yaml starting with \`version: 1\` (see the README, "The manifest"), or pass --config <file>.`,
  );
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function packageDeclares(file: string): boolean {
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isRecord(pkg) && Object.hasOwn(pkg, PACKAGE_PROP);
  } catch {
    return false;
  }
}

/** Above this, a run holds hundreds of thousands of variables at once (YAML tree, live state, plan). */
const LARGE_MANIFEST_BYTES = 1024 * 1024;

/**
 * Tells V8 to grow the heap in smaller steps for the rest of the run: with its default lazy growth
 * a 100,000-variable plan peaks near 390 MB of RSS, mostly garbage not yet collected; growing by
 * 15% at a time keeps it at 220–250 MB for little CPU. (`--optimize-for-size` kept it
 * at 210 MB but made a 250,000-variable plan a third slower: a full collection every few MB of a
 * large YAML tree.) Only for large manifests, where memory-limited CI runners would be at risk.
 */
async function preferSmallHeap(): Promise<void> {
  // Imported here: node:v8 costs start-up time, and few manifests are this large.
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--heap-growing-percent=15');
}

async function readManifestText(file: string, displayFile: string): Promise<string> {
  let bytes: Buffer;
  try {
    const s = statSync(file);
    if (s.size > MAX_MANIFEST_BYTES) {
      throw new ConfigError(displayFile, [
        {
          file: displayFile,
          severity: 'error',
          message: `the file is ${(s.size / 1024 / 1024).toFixed(1)} MB; a manifest may be at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MB`,
          hint: 'check that --config points at the manifest',
        },
      ]);
    }
    bytes = readFileSync(file);
    if (bytes.length >= LARGE_MANIFEST_BYTES) await preferSmallHeap();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `Cannot read ${displayFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  return decodeText(bytes, displayFile);
}

/** Strict UTF-8 (a BOM is dropped); binary files are refused instead of being parsed as garbage. */
export function decodeText(bytes: Uint8Array, displayFile: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new ConfigError(displayFile, [
      {
        file: displayFile,
        severity: 'error',
        message: `contains a NUL byte at offset ${nul}: this looks like a binary file, not a manifest`,
        hint: 'a manifest is UTF-8 YAML or JSON text',
      },
    ]);
  }
  const text = decodeStrictUtf8(bytes);
  if (text === undefined)
    throw new ConfigError(displayFile, [
      { file: displayFile, severity: 'error', message: 'is not valid UTF-8 text', hint: 'save the manifest as UTF-8' },
    ]);
  return text;
}
