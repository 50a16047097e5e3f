/**
 * YAML (or JSON) text → plain data, with hard limits so hostile input stays harmless: bounded
 * nesting, bounded alias expansion, no prototype-polluting keys. Pure: no I/O. Maps become
 * null-prototype objects, so a `__proto__` key could never reach Object.prototype even if it got
 * through (it does not: it is reported as an error).
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';

/** A step in a path: a map key or a list index. */
export type PathSegment = string | number;

/** A problem found while parsing, at an offset. */
export interface TextProblem {
  offset: number;
  path: PathSegment[];
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/** A parsed manifest text: plain data (maps are null-prototype objects). */
export interface ParsedData {
  data: unknown;
  lineCounter: LineCounter;
  problems: TextProblem[];
  /** Number literals' digits as written, by `pathKey(path)` (`12345678901234567890` would be rounded as a number). */
  numbers: Map<string, string>;
}

export const LIMITS = {
  /** Nesting of the manifest (it needs 8). */
  maxDepth: 64,
  /**
   * Nodes after alias expansion: far below a "billion laughs". Large manifests written out in
   * full (a 1,000-repository workspace has ~250,000 variables) get one node per 8 bytes of text:
   * only aliases can outgrow that.
   */
  maxNodes: 100_000,
  bytesPerNode: 8,
  /** Unclosed `[`/`{` seen by the pre-scan; the YAML parser itself is not safe against deep flow nesting. */
  maxFlowDepth: 100,
  /**
   * Characters after a `"` on one line: the YAML library builds a double-quoted value one
   * character at a time (20 s and 700 MB for 16 MB). Bitbucket allows ~120,000 per step anyway.
   */
  maxQuotedRun: 1_000_000,
} as const;

/** Keys refused because they are special to JavaScript objects. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function pathKey(path: readonly PathSegment[]): string {
  return path.map(String).join('\u0000');
}

/** The `yaml` library's options for manifests: one YAML 1.2 document. */
export function parseYamlDocument(text: string, lineCounter?: LineCounter): Document.Parsed {
  // Duplicate keys are found while converting: the library's own check compares every key with every other.
  return parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, version: '1.2' });
}

/** The node `root` selects (package.json's "bb-vars" key), or the whole document. */
export function rootNode(doc: Document.Parsed, root: string | undefined): Node | null | undefined {
  if (root === undefined) return doc.contents;
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.find((p) => isScalar(p.key) && p.key.value === root)?.value;
}

class LimitExceeded extends Error {}

/**
 * Parses one YAML document. `root` selects a sub-node (package.json's "bb-vars" key); paths are
 * then relative to that node.
 */
export function parseYamlData(text: string, root?: string): ParsedData {
  const lineCounter = new LineCounter();
  const problems: TextProblem[] = [];
  const numbers = new Map<string, string>();
  const flow = maxFlowDepth(text);
  if (flow.depth > LIMITS.maxFlowDepth) {
    problems.push({
      offset: flow.offset,
      path: [],
      message: `nested more than ${LIMITS.maxFlowDepth} levels deep`,
      hint: 'a bb-vars manifest needs fewer than 10 levels; check the file is the right one',
      severity: 'error',
    });
  }
  const quoted = longQuotedRun(text);
  if (quoted !== undefined) {
    problems.push({
      offset: quoted,
      path: [],
      message: `a quoted value of more than ${LIMITS.maxQuotedRun.toLocaleString('en-US')} characters`,
      hint: 'Bitbucket allows about 120,000 characters of variables per pipeline step: read large content at run time instead',
      severity: 'error',
    });
  }
  if (flow.depth > LIMITS.maxFlowDepth || quoted !== undefined) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    return { data: undefined, lineCounter, problems, numbers };
  }
  let doc: Document.Parsed;
  try {
    doc = parseYamlDocument(text, lineCounter);
  } catch (error) {
    problems.push({ offset: 0, path: [], message: `cannot be parsed: ${(error as Error).message}`, severity: 'error' });
    return { data: undefined, lineCounter, problems, numbers };
  }
  for (const w of doc.warnings) problems.push({ offset: w.pos[0], path: [], message: w.message, severity: 'warning' });
  if (doc.errors.length > 0) {
    problems.push(syntaxProblem(doc.errors[0]!, text));
    return { data: undefined, lineCounter, problems, numbers };
  }
  const converter = new Converter(
    doc,
    lineCounter,
    numbers,
    problems,
    Math.max(LIMITS.maxNodes, Math.floor(text.length / LIMITS.bytesPerNode)),
  );
  let data: unknown;
  try {
    data = converter.convert(rootNode(doc, root), [], 0);
  } catch (error) {
    if (!(error instanceof LimitExceeded)) throw error;
    problems.push({
      offset: converter.lastOffset,
      path: [],
      message: error.message,
      hint: 'aliases (*name) that expand to huge documents are refused; write the values out',
      severity: 'error',
    });
    data = undefined;
  }
  return { data, lineCounter, problems, numbers };
}

class Converter {
  private count = 0;
  lastOffset = 0;
  private readonly doc: Document.Parsed;
  private readonly lineCounter: LineCounter;
  /** Maps already checked for duplicate keys (an alias converts its target again). */
  private readonly checked = new WeakSet<Node>();
  private readonly numbers: Map<string, string>;
  private readonly problems: TextProblem[];
  private readonly maxNodes: number;
  constructor(
    doc: Document.Parsed,
    lineCounter: LineCounter,
    numbers: Map<string, string>,
    problems: TextProblem[],
    maxNodes: number,
  ) {
    this.doc = doc;
    this.lineCounter = lineCounter;
    this.numbers = numbers;
    this.problems = problems;
    this.maxNodes = maxNodes;
  }

  convert(node: Node | null | undefined, path: PathSegment[], depth: number): unknown {
    if (++this.count > this.maxNodes) throw new LimitExceeded(`expands to more than ${this.maxNodes} nodes`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ? this.convert(target, path, depth) : null;
    }
    this.lastOffset = node.range?.[0] ?? this.lastOffset;
    if (depth > LIMITS.maxDepth) throw new LimitExceeded(`nested more than ${LIMITS.maxDepth} levels deep`);
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'number' || typeof value === 'bigint') {
        const key = pathKey(path);
        if (node.source !== undefined && !this.numbers.has(key)) this.numbers.set(key, node.source);
        return Number(value);
      }
      if (value instanceof Date || (typeof value === 'object' && value !== null)) return String(node.source ?? '');
      return value;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => this.convert(item as Node, [...path, i], depth + 1));
    }
    if (isMap(node)) {
      const out = Object.create(null) as Record<string, unknown>;
      const merged: Node[] = [];
      const keyStarts = this.checked.has(node) ? undefined : new Map<string, number>();
      this.checked.add(node);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        const kStart = k?.range?.[0] ?? this.lastOffset;
        if (
          !isScalar(k) ||
          (typeof k.value !== 'string' && typeof k.value !== 'number' && typeof k.value !== 'boolean')
        ) {
          this.problem(kStart, path, 'keys must be plain strings', 'write the key as text, e.g. KEY: value');
          continue;
        }
        const name = String(k.value);
        if (name === '<<' && k.type === 'PLAIN') {
          merged.push(pair.value as Node);
          continue;
        }
        const other = keyStarts?.get(name);
        if (other !== undefined) {
          const line = this.lineCounter.linePos(other).line;
          this.problem(
            kStart,
            [],
            `duplicate key '${name}': a key may appear once per mapping`,
            `remove or rename one of the two entries (the other is on line ${line})`,
          );
          continue;
        }
        keyStarts?.set(name, kStart);
        if (FORBIDDEN_KEYS.has(name)) {
          this.problem(
            kStart,
            [...path, name],
            `'${name}' is not allowed as a key`,
            'it is a reserved JavaScript name; rename the key',
          );
          continue;
        }
        out[name] = this.convert(pair.value as Node | null, [...path, name], depth + 1);
      }
      // YAML merge keys (`<<: *defaults`): explicit keys win, as in YAML 1.1.
      for (const value of merged) this.merge(out, value, path, depth);
      return out;
    }
    return null;
  }

  private merge(out: Record<string, unknown>, value: Node | null, path: PathSegment[], depth: number): void {
    const sources = isSeq(value) ? (value.items as Node[]) : [value];
    for (const src of sources) {
      const resolved = this.convert(src, path, depth);
      if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved)) {
        this.problem(
          value?.range?.[0] ?? 0,
          path,
          'a merge key (<<) needs a mapping or a list of mappings',
          'use <<: *anchor where the anchor is a mapping',
        );
        continue;
      }
      for (const [k, v] of Object.entries(resolved)) if (!Object.hasOwn(out, k)) out[k] = v;
    }
  }

  private problem(offset: number, path: PathSegment[], message: string, hint: string): void {
    this.problems.push({ offset, path, message, hint, severity: 'error' });
  }
}

/**
 * The first syntax error only: after a misplaced line the parser's view of every later line is
 * off, and those follow-on errors all have one cause.
 */
function syntaxProblem(error: YAMLError, text: string): TextProblem {
  return {
    offset: error.pos[0],
    path: [],
    message: yamlMessage(error.message),
    hint: yamlHint(error, text),
    severity: 'error',
  };
}

function yamlMessage(message: string): string {
  const text = message.replace(/\s+at line \d+, column \d+.*$/s, '');
  return `invalid YAML: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

function yamlHint(error: YAMLError, text: string): string | undefined {
  switch (error.code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN': {
      const indent = indentationHint(text, error.pos[0]);
      return indent ?? 'check the indentation and brackets on this line and the one before';
    }
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'MULTIPLE_DOCS':
      return 'a manifest is one YAML document: remove the `---` separators';
    default:
      return undefined;
  }
}

/** When the error's line is indented unlike the line before it: both indentations. */
function indentationHint(text: string, offset: number): string | undefined {
  const lines = text.slice(0, text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset)).split('\n');
  const line = lines.pop() ?? '';
  const previous = lines.reverse().find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (previous === undefined || indentOf(line) === indentOf(previous)) return undefined;
  const spaces = (n: number) => `${n} space${n === 1 ? '' : 's'}`;
  return `this line is indented ${spaces(indentOf(line))} and the line before ${spaces(indentOf(previous))}: entries of one mapping start in the same column`;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Deepest unclosed `[`/`{`, counted naively (quotes ignored) so it cannot be fooled into under-counting. */
function maxFlowDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let offset = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) {
        max = depth;
        offset = i;
      }
      if (max > LIMITS.maxFlowDepth) break;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return { depth: max, offset };
}

/** Where a `"` is followed by more than `maxQuotedRun` characters of its line without another `"`. */
function longQuotedRun(text: string): number | undefined {
  let quote = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quote = i;
    else if (c === 0x0a) quote = -1;
    else if (quote >= 0 && i - quote > LIMITS.maxQuotedRun) return quote;
  }
  return undefined;
}
