/**
 * What both manifest parsers (the built-in fast one and the `yaml` library) produce, and the
 * limits they share. Free of the `yaml` library, so modules that only need these types and
 * helpers do not load it.
 */

/** A step in a path: a map key or a list index. */
export type PathSegment = string | number;

/** Where a node sits in the text (offsets into the source). */
export interface NodeInfo {
  /** Start and end offset of the value. */
  range: [number, number];
  /** Start offset of the key, for nodes that are map values. */
  keyStart?: number;
  /** The scalar's text as written (numbers keep their digits). */
  source?: string;
  /** Scalar style: PLAIN, QUOTE_DOUBLE, QUOTE_SINGLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  style?: string;
}

/** A problem found while parsing, at an offset. */
export interface TextProblem {
  offset: number;
  path: PathSegment[];
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/** Turns an offset into a 1-based line and column (the `yaml` library's `LineCounter` is one). */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** A parsed manifest text: plain data (maps are null-prototype objects) plus node positions. */
export interface ParsedData {
  data: unknown;
  /** Node positions keyed by `pathKey(path)`. */
  nodes: Map<string, NodeInfo>;
  lineCounter: LinePositions;
  problems: TextProblem[];
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
} as const;

/** Keys refused because they are special to JavaScript objects. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function pathKey(path: readonly PathSegment[]): string {
  return path.map(String).join('\u0000');
}

/** Deepest unclosed `[`/`{`, counted naively (quotes ignored) so it cannot be fooled into under-counting. */
export function maxFlowDepth(text: string): { depth: number; offset: number } {
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

/**
 * Line starts of a text, for texts whose every `\n` ends a line (no CR): answers exactly as the
 * `yaml` library's LineCounter does after parsing such a text. Built on first use: most runs
 * never locate anything.
 */
export class LineIndex implements LinePositions {
  private starts: number[] | undefined;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  linePos(offset: number): { line: number; col: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    if (starts[low] === offset) return { line: low + 1, col: 1 };
    if (low === 0) return { line: 0, col: offset };
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
