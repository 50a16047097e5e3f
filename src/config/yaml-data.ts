/**
 * YAML (or JSON) text → plain data plus a position for every node, with hard limits so hostile
 * input stays harmless: bounded nesting, bounded alias expansion, no prototype-polluting keys.
 * Pure: no I/O. Maps become null-prototype objects, so a `__proto__` key could never reach
 * Object.prototype even if it got through (it does not: it is reported as an error).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { FORBIDDEN_KEYS, LIMITS, maxFlowDepth, pathKey, type NodeInfo, type ParsedData, type PathSegment, type TextProblem } from './yaml-types.ts';

export { LIMITS, pathKey } from './yaml-types.ts';
export type { NodeInfo, ParsedData, PathSegment, TextProblem } from './yaml-types.ts';

class LimitExceeded extends Error {}

/**
 * Parses one YAML document. `root` selects a sub-node (package.json's "bb-vars" key); paths and
 * positions are then relative to that node.
 */
export function parseYamlData(text: string, root?: string, options: { positions?: boolean } = {}): ParsedData {
  const positions = options.positions ?? true;
  const lineCounter = new LineCounter();
  const problems: TextProblem[] = [];
  const nodes = new Map<string, NodeInfo>();
  const flow = maxFlowDepth(text);
  if (flow.depth > LIMITS.maxFlowDepth) {
    lineCounter.addNewLine(0);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    problems.push({
      offset: flow.offset,
      path: [],
      message: `nested more than ${LIMITS.maxFlowDepth} levels deep`,
      hint: 'a bb-vars manifest needs fewer than 10 levels; check the file is the right one',
      severity: 'error',
    });
    return { data: undefined, nodes, lineCounter, problems };
  }
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  } catch (error) {
    problems.push({ offset: 0, path: [], message: `cannot be parsed: ${(error as Error).message}`, severity: 'error' });
    return { data: undefined, nodes, lineCounter, problems };
  }
  for (const e of doc.errors) problems.push({ offset: e.pos[0], path: [], message: yamlMessage(e.code, e.message), hint: yamlHint(e.code), severity: 'error' });
  for (const w of doc.warnings) problems.push({ offset: w.pos[0], path: [], message: w.message, severity: 'warning' });
  if (doc.errors.length > 0) return { data: undefined, nodes, lineCounter, problems };

  let start: unknown = doc.contents;
  if (root !== undefined) {
    start = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === root)?.value : undefined;
  }
  const converter = new Converter(doc, nodes, problems, Math.max(LIMITS.maxNodes, Math.floor(text.length / LIMITS.bytesPerNode)), positions);
  let data: unknown;
  try {
    data = converter.convert(start as Node | null | undefined, [], 0);
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
  return { data, nodes, lineCounter, problems };
}

class Converter {
  private count = 0;
  lastOffset = 0;
  private readonly doc: Document.Parsed;
  private readonly nodes: Map<string, NodeInfo>;
  private readonly problems: TextProblem[];
  private readonly maxNodes: number;
  /** False: record only numeric scalars (their digits are needed); positions come from a re-parse if an error needs them. */
  private readonly positions: boolean;
  constructor(doc: Document.Parsed, nodes: Map<string, NodeInfo>, problems: TextProblem[], maxNodes: number, positions: boolean) {
    this.maxNodes = maxNodes;
    this.positions = positions;
    this.doc = doc;
    this.nodes = nodes;
    this.problems = problems;
  }

  convert(node: Node | null | undefined, path: PathSegment[], depth: number, keyStart?: number): unknown {
    if (++this.count > this.maxNodes) throw new LimitExceeded(`expands to more than ${this.maxNodes} nodes`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return null;
      return this.convert(target, path, depth, keyStart ?? node.range?.[0]);
    }
    const range: [number, number] = node.range ? [node.range[0], node.range[1]] : [0, 0];
    this.lastOffset = range[0];
    if (depth > LIMITS.maxDepth) {
      throw new LimitExceeded(`nested more than ${LIMITS.maxDepth} levels deep`);
    }
    const info: NodeInfo = { range };
    if (keyStart !== undefined) info.keyStart = keyStart;
    if (this.positions || (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'bigint'))) {
      const key = pathKey(path);
      if (!this.nodes.has(key)) this.nodes.set(key, info);
    }
    if (isScalar(node)) {
      if (node.source !== undefined) info.source = node.source;
      if (node.type !== undefined) info.style = node.type;
      const value = node.value;
      if (typeof value === 'bigint') return Number(value);
      if (value instanceof Date || (typeof value === 'object' && value !== null)) return String(node.source ?? '');
      return value;
    }
    if (isSeq(node)) {
      return node.items.map((item, i) => this.convert(item as Node, [...path, i], depth + 1));
    }
    if (isMap(node)) {
      const out = Object.create(null) as Record<string, unknown>;
      const merged: Array<[Node, PathSegment[]]> = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as Node | null;
        const kStart = k?.range?.[0] ?? range[0];
        if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number' && typeof k.value !== 'boolean')) {
          this.problem(kStart, path, 'keys must be plain strings', 'write the key as text, e.g. KEY: value');
          continue;
        }
        const name = String(k.value);
        if (name === '<<' && k.type === 'PLAIN') {
          merged.push([pair.value as Node, path]);
          continue;
        }
        if (FORBIDDEN_KEYS.has(name)) {
          this.problem(kStart, [...path, name], `'${name}' is not allowed as a key`, 'it is a reserved JavaScript name; rename the key');
          continue;
        }
        out[name] = this.convert(pair.value as Node | null, [...path, name], depth + 1, kStart);
        if (pair.value === null && this.positions) this.nodes.set(pathKey([...path, name]), { range: [kStart, kStart], keyStart: kStart });
      }
      // YAML merge keys (`<<: *defaults`): explicit keys win, as in YAML 1.1.
      for (const [value, at] of merged) this.merge(out, value, at, depth);
      return out;
    }
    return null;
  }

  private merge(out: Record<string, unknown>, value: Node | null, path: PathSegment[], depth: number): void {
    const sources = isSeq(value) ? (value.items as Node[]) : [value];
    for (const src of sources) {
      const resolved = this.convert(src, path, depth);
      if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved)) {
        this.problem(value?.range?.[0] ?? 0, path, 'a merge key (<<) needs a mapping or a list of mappings', 'use <<: *anchor where the anchor is a mapping');
        continue;
      }
      for (const [k, v] of Object.entries(resolved)) if (!Object.hasOwn(out, k)) out[k] = v;
    }
  }

  private problem(offset: number, path: PathSegment[], message: string, hint: string): void {
    this.problems.push({ offset, path, message, hint, severity: 'error' });
  }
}

function yamlMessage(code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: a key may appear once per mapping';
  const text = message.replace(/\s+at line \d+, column \d+.*$/s, '');
  return `invalid YAML: ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'remove or rename one of the two entries';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and brackets on this line and the one before';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'MULTIPLE_DOCS':
      return 'a manifest is one YAML document: remove the `---` separators';
    default:
      return undefined;
  }
}
