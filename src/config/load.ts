/**
 * Finds, reads and checks the manifest: the current directory is looked at first, then
 * cosmiconfig searches upward (never executing code: only YAML and JSON places are searched);
 * the text is parsed (the built-in parser, else the `yaml` library), checked against the schema
 * (a yes/no check, then the error wording only if it fails) and against the rules. Every
 * problem is reported together in one ConfigError, located at `file:line:col`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeStrictUtf8 } from '../core/utf8.ts';
import { ConfigError, InternalError, UserError, type Issue } from '../errors.ts';
import { createLocator, issueAtOffset, type Locator, type Problem } from './locate.ts';
import { checkRules } from './rules.ts';
import type { Manifest } from './types.generated.ts';
import { isValidManifest } from './schema-check.ts';
import { parseYamlFast } from './yaml-fast.ts';
import { pathKey, type ParsedData, type PathSegment } from './yaml-types.ts';

export const SEARCH_PLACES = ['bb-vars.yaml', 'bb-vars.yml', '.bb-varsrc', '.bb-varsrc.json', '.bb-varsrc.yaml', '.bb-varsrc.yml', 'package.json'];
export const PACKAGE_PROP = 'bb-vars';
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
  const file = opts.config !== undefined ? await explicitFile(opts.config, opts.cwd) : await searchFile(opts.cwd);
  const rel = path.relative(opts.cwd, file);
  const displayFile = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  const text = await readManifestText(file, displayFile);
  return await parseManifest(text, { file, displayFile });
}

/**
 * Parses and checks manifest text (pure; async only to load the full YAML parser when needed).
 * `file` is used for relative paths, `displayFile` in messages.
 */
export async function parseManifest(text: string, where: { file: string; displayFile?: string }): Promise<LoadedManifest> {
  const displayFile = where.displayFile ?? where.file;
  const isPackage = path.basename(where.file) === 'package.json';
  const root = isPackage ? PACKAGE_PROP : undefined;
  // Positions of every node cost a lot of memory on large manifests, and only errors need them:
  // the first parse records numbers' digits only; the first located problem re-parses for positions.
  // The built-in parser when the text is plain YAML it covers (deterministic, so it covers it
  // with positions too); otherwise the `yaml` library, loaded only then: loading and warming it
  // up is most of the start-up time of `validate`. Both give identical results.
  const fast = parseYamlFast(text, root, { positions: false });
  const parse: YamlParser = fast ? fastWithPositions : (await import('./yaml-data.ts')).parseYamlData;
  const parsed = fast ?? parse(text, root, { positions: false });
  let withPositions: ParsedData | undefined;
  const locate = createLocator(displayFile, text, {
    get nodes() {
      withPositions ??= parse(text, root, { positions: true });
      return withPositions.nodes;
    },
    lineCounter: parsed.lineCounter,
  });
  const issues: Issue[] = parsed.problems.map((p) => issueAtOffset(displayFile, parsed, p.offset, p.message, p.hint, p.severity, p.path));
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(displayFile, issues);
  if (parsed.data === null || parsed.data === undefined) {
    issues.push({ file: displayFile, severity: 'error', message: 'the manifest is empty', hint: 'start with `version: 1`; see the README for the format' });
    throw new ConfigError(displayFile, issues);
  }
  // The schema's error wording (validate.ts and its validators with error details) loads only for an invalid manifest.
  const problems: Problem[] = isValidManifest(parsed.data) ? [] : (await import('./validate.ts')).validateSchema(parsed.data);
  if (parsed.data !== null && typeof parsed.data === 'object' && !Array.isArray(parsed.data)) problems.push(...checkRules(parsed.data as Manifest));
  issues.push(...problems.map(locate));
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(displayFile, sortIssues(issues));
  return {
    file: where.file,
    displayFile,
    dir: path.dirname(where.file),
    source: text,
    manifest: parsed.data as Manifest,
    warnings: sortIssues(issues),
    locate,
    numberText: (p) => parsed.nodes.get(pathKey(p))?.source,
  };
}

type YamlParser = (text: string, root: string | undefined, options: { positions: boolean }) => ParsedData;

function fastWithPositions(text: string, root: string | undefined, options: { positions: boolean }): ParsedData {
  const parsed = parseYamlFast(text, root, options);
  if (!parsed) throw new InternalError('the built-in YAML parser gave up on a text it had parsed');
  return parsed;
}

function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
}

async function explicitFile(config: string, cwd: string): Promise<string> {
  const file = path.resolve(cwd, config);
  if (/\.(?:[cm]?js|[cm]?ts)$/i.test(file)) {
    throw new UserError(`${config}: JavaScript and TypeScript manifests are not supported (configuration never runs code).\n  hint: write the manifest as YAML (bb-vars.yaml) or JSON.`);
  }
  try {
    const s = statSync(file);
    if (s.isDirectory()) throw new UserError(`${config} is a directory, not a manifest file.\n  hint: pass the file, e.g. --config ${path.join(config, 'bb-vars.yaml')}`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Manifest ${config} not found (looked at ${file}).\n  hint: check the --config path; it is relative to the current directory.`);
  }
  return file;
}

async function searchFile(cwd: string): Promise<string> {
  return (await searchHere(cwd)) ?? (await searchWithCosmiconfig(cwd));
}

/**
 * The common case without loading cosmiconfig (a third of `validate`'s start-up): cosmiconfig
 * looks at the search places of the start directory first, in order, so when the first of them
 * that exists there is a regular file other than package.json, that is what it would find.
 * Anything else (nothing here, package.json whose "bb-vars" key must be checked, a directory or
 * special file in the way) is left to cosmiconfig.
 */
export async function searchHere(cwd: string): Promise<string | undefined> {
  for (const place of SEARCH_PLACES) {
    const candidate = path.join(cwd, place);
    let isFile: boolean;
    try {
      isFile = statSync(candidate).isFile();
    } catch {
      continue;
    }
    return isFile && place !== 'package.json' ? candidate : undefined;
  }
  return undefined;
}

export async function searchWithCosmiconfig(cwd: string): Promise<string> {
  // Imported here, not at the top: with --config it is never needed, and loading it costs start-up time.
  // `default` is module.exports of this CommonJS package, both bundled and from source (the
  // bundle's dynamic import of it yields nothing else).
  const { cosmiconfig } = (await import('cosmiconfig')).default;
  const found = () => ({ found: true });
  const explorer = cosmiconfig(PACKAGE_PROP, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
    // Loaders only decide whether a place holds a manifest; the file is parsed afterwards, with positions.
    loaders: {
      '.yaml': found,
      '.yml': found,
      noExt: found,
      '.json': (filepath: string, content: string) => {
        if (path.basename(filepath) !== 'package.json') return found();
        try {
          const pkg = JSON.parse(content) as Record<string, unknown>;
          return Object.hasOwn(pkg, PACKAGE_PROP) ? { [PACKAGE_PROP]: found() } : {};
        } catch {
          return {};
        }
      },
    },
  });
  let result;
  try {
    result = await explorer.search(cwd);
  } catch (error) {
    const where = (error as { filepath?: string }).filepath ?? cwd;
    throw new UserError(`Cannot read ${where}: ${(error as Error).message}`, { cause: error });
  }
  if (!result) {
    throw new UserError(
      `No bb-vars manifest found in ${cwd} or its parent directories (up to the project root).\n` +
        `  Looked for: ${SEARCH_PLACES.slice(0, -1).join(', ')}, and a "${PACKAGE_PROP}" key in package.json.\n` +
        `  hint: create bb-vars.yaml starting with \`version: 1\` (see the README, "The manifest"), or pass --config <file>.`,
    );
  }
  return result.filepath;
}

/** Above this, a run holds hundreds of thousands of variables at once (YAML tree, live state, plan). */
const LARGE_MANIFEST_BYTES = 1024 * 1024;

/**
 * Tells V8 to favour memory over speed for the rest of the run: with its default lazy heap growth a
 * 100,000-variable plan peaks near 400 MB of RSS, mostly garbage not yet collected; this keeps it
 * near 200 MB for about a second more CPU. Only for large manifests, where memory-limited CI
 * runners would otherwise be at risk.
 */
async function preferSmallHeap(): Promise<void> {
  // Imported here: node:v8 costs start-up time, and few manifests are this large.
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--optimize-for-size');
}

async function readManifestText(file: string, displayFile: string): Promise<string> {
  let bytes: Buffer;
  try {
    // node:fs, not node:fs/promises: one small file, and fs/promises costs start-up time.
    const s = statSync(file);
    if (s.size > MAX_MANIFEST_BYTES) {
      throw new ConfigError(displayFile, [{ file: displayFile, severity: 'error', message: `the file is ${(s.size / 1024 / 1024).toFixed(1)} MB; a manifest may be at most ${MAX_MANIFEST_BYTES / 1024 / 1024} MB`, hint: 'check that --config points at the manifest' }]);
    }
    bytes = readFileSync(file);
    if (bytes.length >= LARGE_MANIFEST_BYTES) await preferSmallHeap();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot read ${displayFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  return decodeText(bytes, displayFile);
}

/** Strict UTF-8 (a BOM is dropped); binary files are refused instead of being parsed as garbage. */
export function decodeText(bytes: Uint8Array, displayFile: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new ConfigError(displayFile, [{ file: displayFile, severity: 'error', message: `contains a NUL byte at offset ${nul}: this looks like a binary file, not a manifest`, hint: 'a manifest is UTF-8 YAML or JSON text' }]);
  }
  const text = decodeStrictUtf8(bytes);
  if (text === undefined) throw new ConfigError(displayFile, [{ file: displayFile, severity: 'error', message: 'is not valid UTF-8 text', hint: 'save the manifest as UTF-8' }]);
  return text;
}
