/**
 * A small, linear-time parser for the plain YAML that manifests are written in: block maps and
 * lists nested by spaces, one-line plain and quoted scalars, one-line flow `{ }` and `[ ]`, and
 * comments. It returns exactly what `parseYamlData` (the `yaml` library) returns for such text,
 * down to every node position, so the start-up cost of loading and warming up the `yaml` library
 * is paid only by manifests that use more YAML than this. Anything outside the subset, or that
 * the library would report as a problem, makes it return `undefined`: the caller then uses
 * `parseYamlData`. Positions follow the library's rules, including where it puts comment lines
 * that end a block (see `close`). Pure: no I/O.
 */
import { BAIL, bail, plainValue, quoted, type ScanEnd } from './yaml-fast-scalars.ts';
import { FORBIDDEN_KEYS, LIMITS, LineIndex, maxFlowDepth, pathKey, type NodeInfo, type ParsedData, type PathSegment } from './yaml-types.ts';

/** Tabs, CR, other control characters, a BOM and Unicode line breaks are left to the full parser. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const UNSUPPORTED = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;
/** Plain scalars that must not start with these (indicators; quotes and brackets are parsed before). */
const BAD_START = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
const SP = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/**
 * Parses manifest YAML if it stays within the fast subset; `undefined` means "use parseYamlData".
 * `root` (package.json's key) is not supported: JSON manifests always take the full parser.
 */
export function parseYamlFast(text: string, root?: string, options: { positions?: boolean } = {}): ParsedData | undefined {
  if (root !== undefined || UNSUPPORTED.test(text) || maxFlowDepth(text).depth > LIMITS.maxFlowDepth) return undefined;
  const parser = new FastParser(text, options.positions ?? true);
  try {
    return { data: parser.document(), nodes: parser.nodes, lineCounter: new LineIndex(text), problems: [] };
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

class FastParser implements ScanEnd {
  readonly nodes = new Map<string, NodeInfo>();
  private readonly text: string;
  private readonly len: number;
  private readonly positions: boolean;
  private readonly maxNodes: number;
  private count = 0;
  private readonly path: PathSegment[] = [];
  /** The next content line (not blank, not a comment): its start, indent and first character; indent -1 at the end. */
  private nl = 0;
  private nIndent = -1;
  private nContent = 0;
  /** Comment lines between the previous content line and the next: indents and ends (after the newline). */
  private gapCount = 0;
  private readonly gapIndent: number[] = [];
  private readonly gapEnd: number[] = [];
  /** Where the gap starts (end of the previous content line). */
  private gapFrom = 0;
  /** End (range[2] in the library) of the node parsed last, and whether comment/blank lines after it are still unclaimed. */
  private end2 = 0;
  private trailing = false;
  private trailFrom = 0;
  /** End of the scalar or flow collection parsed last. */
  vEnd = 0;
  /** Set by `scanKey`. */
  private kName = '';
  private kColon = 0;
  private kPlain = false;

  constructor(text: string, positions: boolean) {
    this.text = text;
    this.len = text.length;
    this.positions = positions;
    this.maxNodes = Math.max(LIMITS.maxNodes, Math.floor(text.length / LIMITS.bytesPerNode));
  }

  document(): unknown {
    this.advance(0);
    if (this.nIndent === -1) return null;
    if (this.nIndent !== 0 || this.isSeqLine(this.nContent)) bail();
    const data = this.map(0, this.nContent, 0, undefined);
    // Anything after the root map closes (a less indented line cannot exist: it is column 0).
    if (this.nContent < this.len) bail();
    return data;
  }

  private code(i: number): number {
    return this.text.charCodeAt(i);
  }

  private skipSpaces(i: number): number {
    while (this.code(i) === SP) i++;
    return i;
  }

  /** Moves to the next content line from a line start, recording the comment lines passed. */
  private advance(from: number): void {
    const { text, len } = this;
    this.gapCount = 0;
    this.gapFrom = from;
    let ls = from;
    while (ls < len) {
      const i = this.skipSpaces(ls);
      let eol = text.indexOf('\n', i);
      if (eol === -1) eol = len;
      const c = this.code(i);
      if (c === HASH) {
        this.gapIndent[this.gapCount] = i - ls;
        this.gapEnd[this.gapCount++] = Math.min(eol + 1, len);
      } else if (i < len && c !== NL) {
        if (i === ls && (text.startsWith('---', i) || text.startsWith('...', i))) bail();
        this.nl = ls;
        this.nIndent = i - ls;
        this.nContent = i;
        return;
      }
      ls = eol + 1;
    }
    this.nl = len;
    this.nIndent = -1;
    this.nContent = len;
  }

  private isSeqLine(i: number): boolean {
    const next = this.code(i + 1);
    return this.code(i) === DASH && (next === SP || next === NL || i + 1 >= this.len);
  }

  /** Counts a node and checks the limits, as the library's converter does. */
  private enter(depth: number): void {
    if (++this.count > this.maxNodes || depth > LIMITS.maxDepth) bail();
  }

  private record(start: number, end: number, keyStart: number | undefined, source?: string, style?: string, numeric = false): NodeInfo | undefined {
    if (!this.positions && !numeric) return undefined;
    const info: NodeInfo = { range: [start, end] };
    if (keyStart !== undefined) info.keyStart = keyStart;
    if (source !== undefined) info.source = source;
    if (style !== undefined) info.style = style;
    const key = pathKey(this.path);
    if (!this.nodes.has(key)) this.nodes.set(key, info);
    return info;
  }

  /** A block map whose first key is at `p`, all keys at column `m`. */
  private map(m: number, p: number, depth: number, keyStart: number | undefined): Record<string, unknown> {
    this.enter(depth);
    const out = Object.create(null) as Record<string, unknown>;
    const info = this.record(p, 0, keyStart);
    for (;;) {
      if (!this.scanKey(p, false)) bail();
      const name = this.kName;
      if (Object.hasOwn(out, name) || FORBIDDEN_KEYS.has(name) || (name === '<<' && this.kPlain)) bail();
      this.path.push(name);
      out[name] = this.value(m, this.kColon + 1, depth + 1, p, true, false);
      this.path.pop();
      if (this.nIndent === m && !this.isSeqLine(this.nContent)) p = this.nContent;
      else if (this.nIndent >= m) bail();
      else break;
    }
    this.close(info, m);
    return out;
  }

  /** A block list whose first `-` is at the next content line, at column `s`. */
  private seq(s: number, depth: number, keyStart: number | undefined): unknown[] {
    this.enter(depth);
    const out: unknown[] = [];
    const info = this.record(this.nContent, 0, keyStart);
    for (;;) {
      const a = this.skipSpaces(this.nContent + 1);
      // Comment lines before a `-` belong to its item: to an empty one they give another end.
      const commentBefore = this.gapCount > 0;
      this.path.push(out.length);
      if (a > this.nContent + 1 && a < this.len && this.code(a) !== NL && this.code(a) !== HASH && !this.isSeqLine(a) && this.scanKey(a, true)) {
        out.push(this.map(a - this.nl, a, depth + 1, undefined));
      } else {
        out.push(this.value(s, this.nContent + 1, depth + 1, undefined, false, commentBefore));
      }
      this.path.pop();
      if (this.nIndent === s && this.isSeqLine(this.nContent)) continue;
      if (this.nIndent > s) bail();
      break;
    }
    this.close(info, s);
    return out;
  }

  /**
   * The value after `key:` or `-` (at `p`, just after the indicator) in a block collection at
   * column `x`: inline, a nested block on the following lines, or empty.
   */
  private value(x: number, p: number, depth: number, keyStart: number | undefined, inMap: boolean, commentBefore: boolean): unknown {
    const a = this.skipSpaces(p);
    const c = this.code(a);
    if (a >= this.len || c === NL || (c === HASH && a > p)) {
      const comment = c === HASH;
      const eol = this.text.indexOf('\n', a);
      this.advance(eol === -1 ? this.len : eol + 1);
      if (this.nIndent > x) return this.block(depth, keyStart);
      if (inMap && this.nIndent === x && this.isSeqLine(this.nContent)) return this.seq(x, depth, keyStart);
      // The library attaches comments around an empty value to it, with their own end offsets.
      if (comment || commentBefore || this.gapCount > 0) bail();
      this.enter(depth);
      this.record(a, a, keyStart, '', 'PLAIN');
      this.end2 = a;
      this.trailing = false;
      return null;
    }
    if (a === p || (c === DASH && this.isSeqLine(a))) bail();
    const v = this.inline(a, depth, keyStart, false);
    const end = this.restOfLine(this.vEnd);
    this.advance(end);
    if (this.nIndent > x) bail();
    // Comment lines indented deeper than the collection belong to this value (its end moves past them).
    let j = 0;
    let e = end;
    while (j < this.gapCount && this.gapIndent[j]! > x) e = this.gapEnd[j++]!;
    this.end2 = e;
    this.trailFrom = j;
    this.trailing = e < this.nl;
    return v;
  }

  /** A block collection starting at the next content line, more indented than its parent. */
  private block(depth: number, keyStart: number | undefined): unknown {
    const s = this.nIndent;
    if (this.isSeqLine(this.nContent)) return this.seq(s, depth, keyStart);
    return this.map(s, this.nContent, depth, keyStart);
  }

  /**
   * Ends a block collection at column `x`: its range ends where its last value's does. Comment
   * and blank lines after that value stay with the collection when it is not at column 0 and one
   * comment is indented at least as deep, and then extend its end to the next content; otherwise
   * they pass on to the parent. This is where the library puts them.
   */
  private close(info: NodeInfo | undefined, x: number): void {
    if (info) info.range[1] = this.end2;
    if (this.trailing) {
      let stays = false;
      for (let i = this.trailFrom; i < this.gapCount && !stays && x > 0; i++) stays = this.gapIndent[i]! >= x;
      if (stays) {
        this.end2 = this.nContent;
        this.trailing = false;
      }
    }
  }

  /** After a value: spaces, then the end of the line or a ` #` comment. Returns the next line's start. */
  private restOfLine(i: number): number {
    i = this.skipSpaces(i);
    if (i >= this.len) return this.len;
    const c = this.code(i);
    if (c === NL) return i + 1;
    if (c !== HASH || this.code(i - 1) !== SP) bail();
    const eol = this.text.indexOf('\n', i);
    return eol === -1 ? this.len : eol + 1;
  }

  /** A one-line scalar or flow collection at `a`; sets `vEnd`. */
  private inline(a: number, depth: number, keyStart: number | undefined, flow: boolean): unknown {
    const c = this.code(a);
    if (c === 0x5b || c === 0x7b) return this.flow(a, depth, keyStart, c === 0x7b);
    this.enter(depth);
    if (c === 0x22 || c === 0x27) {
      const s = quoted(this.text, a, this);
      this.record(a, this.vEnd, keyStart, s, c === 0x22 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE');
      return s;
    }
    const end = this.plain(a, flow, false);
    const source = this.text.slice(a, end);
    const v = plainValue(source);
    this.record(a, end, keyStart, source, 'PLAIN', typeof v === 'number');
    this.vEnd = end;
    return v;
  }

  /** End of a one-line plain scalar at `a` (trailing spaces excluded). `key`: stop at `: `. */
  private plain(a: number, flow: boolean, key: boolean): number {
    const c = this.code(a);
    if (BAD_START.has(c)) {
      const next = this.code(a + 1);
      if (c !== DASH || a + 1 >= this.len || next === SP || next === NL || (flow && (next === 0x2c || next === 0x5b || next === 0x5d || next === 0x7b || next === 0x7d))) bail();
    }
    let end = a;
    for (let i = a; i < this.len; i++) {
      const ch = this.code(i);
      if (ch === NL || (flow && (ch === 0x2c || ch === 0x5b || ch === 0x5d || ch === 0x7b || ch === 0x7d))) break;
      if (ch === SP) continue;
      if (ch === HASH && this.code(i - 1) === SP) {
        if (flow || key) bail();
        break;
      }
      if (ch === COLON) {
        const next = this.code(i + 1);
        if (key && (next === SP || next === NL || i + 1 >= this.len)) break;
        if (flow || next === SP || next === NL || i + 1 >= this.len) bail();
      }
      end = i + 1;
    }
    return end;
  }

  /**
   * Whether a block-map key starts at `a`; sets kName, kColon, kPlain. `probe`: a list item that
   * may be a scalar rather than a key (answer false instead of giving up).
   */
  private scanKey(a: number, probe: boolean): boolean {
    const c = this.code(a);
    let colon: number;
    if (c === 0x22 || c === 0x27) {
      this.kName = quoted(this.text, a, this);
      this.kPlain = false;
      colon = this.vEnd;
      const next = this.code(colon + 1);
      if (this.code(colon) !== COLON || !(next === SP || next === NL || colon + 1 >= this.len)) return probe ? false : bail();
    } else {
      if (probe && (c === 0x5b || c === 0x7b)) return false;
      const eol = this.text.indexOf('\n', a);
      const line = this.text.slice(a, eol === -1 ? this.len : eol);
      const k = line.search(/:(?: |$)/);
      const hash = line.indexOf(' #');
      if (k <= 0 || (hash !== -1 && hash < k)) return probe ? false : bail();
      const end = this.plain(a, false, true);
      colon = a + k;
      if (end !== colon) bail();
      this.kName = line.slice(0, k);
      this.kPlain = true;
      if (typeof plainValue(this.kName) !== 'string') bail();
    }
    // The library refuses implicit keys longer than 1024 characters.
    if (colon - a > 1000) bail();
    this.kColon = colon;
    return true;
  }

  /** A one-line flow list or map at `a`; sets `vEnd` after the closing bracket. */
  private flow(a: number, depth: number, keyStart: number | undefined, isMap: boolean): unknown {
    this.enter(depth);
    const info = this.record(a, 0, keyStart);
    const close = isMap ? 0x7d : 0x5d;
    const out: unknown[] | Record<string, unknown> = isMap ? (Object.create(null) as Record<string, unknown>) : [];
    let i = this.skipSpaces(a + 1);
    if (this.code(i) !== close) {
      for (;;) {
        if (isMap) {
          const map = out as Record<string, unknown>;
          const k = i;
          const c = this.code(k);
          let name: string;
          if (c === 0x22 || c === 0x27) {
            name = quoted(this.text, k, this);
            i = this.vEnd;
          } else {
            i = this.plain(k, true, true);
            name = this.text.slice(k, i);
            if (typeof plainValue(name) !== 'string' || name === '<<') bail();
          }
          if (this.code(i) !== COLON || this.code(i + 1) !== SP || i - k > 1000) bail();
          if (Object.hasOwn(map, name) || FORBIDDEN_KEYS.has(name)) bail();
          i = this.skipSpaces(i + 1);
          const v = this.code(i);
          if (v === 0x2c || v === close || v === NL || i >= this.len) bail();
          this.path.push(name);
          map[name] = this.inline(i, depth + 1, k, true);
        } else {
          const list = out as unknown[];
          this.path.push(list.length);
          list.push(this.inline(i, depth + 1, undefined, true));
        }
        this.path.pop();
        i = this.skipSpaces(this.vEnd);
        const c = this.code(i);
        if (c === close) break;
        if (c !== 0x2c) bail();
        i = this.skipSpaces(i + 1);
        if (this.code(i) === close) bail();
      }
    }
    this.vEnd = i + 1;
    if (info) info.range[1] = i + 1;
    return out;
  }
}
