/**
 * Turns a problem found at a data path into an `Issue` with `file:line:col`, by following the
 * path through the YAML document's nodes (through aliases and merge keys too). Pure.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node, type Pair } from 'yaml';
import type { Issue } from '../errors.ts';
import { parseYamlDocument, rootNode, type ParsedData, type PathSegment } from './yaml-data.ts';

/** A problem before it is located. */
export interface Problem {
  path: PathSegment[];
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
  /** Point at the key (e.g. an unknown property) rather than the value. */
  at?: 'key' | 'value';
  /** Point inside a string value: the `index`-th occurrence of `text` (e.g. `${infra.x}` in a template). */
  needle?: { text: string; index: number };
}

export type Locator = (problem: Problem) => Issue;

/** `repositories.api-service.variables.DB_HOST`; odd keys as `["a b"]`, list items as `[0]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const step of path) {
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(step)) out += out === '' ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}

/**
 * Locates problems in YAML `text` (under `root`, package.json's "bb-vars" key). Node positions
 * cost a lot of memory on large manifests, and only problems need them: the first problem parses
 * the text again, keeping the document this time.
 */
export function createLocator(file: string, text: string, rootKey?: string): Locator {
  let parsed: { doc: Document.Parsed; root: Node | null | undefined; lineCounter: LineCounter } | undefined;
  return (problem) => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      const doc = parseYamlDocument(text, lineCounter);
      parsed = { doc, root: rootNode(doc, rootKey), lineCounter };
    }
    const { doc, root, lineCounter } = parsed;
    const found = find(doc, root, problem.path);
    let offset: number | undefined;
    if (found.node?.range) {
      const [start, end] = found.node.range;
      offset = (problem.at === 'key' || start === end) && found.keyStart !== undefined ? found.keyStart : start;
      if (problem.needle) {
        const slice = text.slice(start, end);
        let at = -1;
        for (let k = 0; k <= problem.needle.index; k++) {
          at = slice.indexOf(problem.needle.text, at + 1);
          if (at < 0) break;
        }
        if (at >= 0) offset = start + at;
      }
    } else if (found.keyStart !== undefined) offset = found.keyStart;
    const issue: Issue = { file, message: problem.message, severity: problem.severity ?? 'error' };
    if (offset !== undefined && text.length > 0) Object.assign(issue, lineCounter.linePos(offset));
    const path = formatPath(problem.path);
    if (path) issue.path = path;
    if (problem.hint) issue.hint = problem.hint;
    return issue;
  };
}

/** The node at `path`, or at its longest prefix that exists, and where its key starts. */
function find(
  doc: Document.Parsed,
  root: Node | null | undefined,
  path: readonly PathSegment[],
): { node?: Node; keyStart?: number } {
  let node = resolve(doc, root);
  let keyStart: number | undefined;
  for (const step of path) {
    const pair = isMap(node) ? findPair(doc, node.items, String(step), 0) : undefined;
    if (pair) {
      keyStart = (pair.key as Node | null)?.range?.[0];
      node = resolve(doc, pair.value as Node | null);
      // `KEY:` with nothing after it: point at the key.
      if (!node) return { keyStart };
      continue;
    }
    const item = isSeq(node) && typeof step === 'number' ? resolve(doc, node.items[step] as Node | null) : undefined;
    if (!item) break;
    node = item;
    keyStart = undefined;
  }
  return node ? { node, keyStart } : { keyStart };
}

function resolve(doc: Document.Parsed, node: Node | null | undefined): Node | undefined {
  if (isAlias(node)) return node.resolve(doc);
  return node ?? undefined;
}

/** The pair with key `name`, explicit keys first, then those merged in with `<<`. */
function findPair(doc: Document.Parsed, items: Pair[], name: string, depth: number): Pair | undefined {
  const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);
  const own = items.find((p) => keyOf(p) === name && !(name === '<<' && isScalar(p.key) && p.key.type === 'PLAIN'));
  if (own || depth > 8) return own;
  for (const merge of items.filter((p) => keyOf(p) === '<<' && isScalar(p.key) && p.key.type === 'PLAIN')) {
    const value = merge.value as Node | null;
    for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
      const target = resolve(doc, src);
      const found = isMap(target) ? findPair(doc, target.items, name, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** Locates a problem found at a raw text offset (YAML syntax errors). */
export function issueAtOffset(
  file: string,
  parsed: Pick<ParsedData, 'lineCounter'>,
  offset: number,
  message: string,
  hint: string | undefined,
  severity: 'error' | 'warning',
  path?: readonly PathSegment[],
): Issue {
  const pos = parsed.lineCounter.linePos(offset);
  const issue: Issue = { file, line: pos.line, col: pos.col, message, severity };
  const p = path ? formatPath(path) : '';
  if (p) issue.path = p;
  if (hint) issue.hint = hint;
  return issue;
}
