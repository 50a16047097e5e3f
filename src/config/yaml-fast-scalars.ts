/**
 * Scalars for the fast manifest parser (yaml-fast.ts): plain values typed by the YAML 1.2 core
 * schema and one-line quoted strings, exactly as the `yaml` library reads them. Forms it would
 * read differently, or report, throw BAIL: the caller then leaves the text to the library.
 */

/** Thrown to give up; caught in `parseYamlFast` only. */
export const BAIL = new Error('not in the fast subset');

export function bail(): never {
  throw BAIL;
}

/** Where the scalar just read ends (after its closing quote). */
export interface ScanEnd {
  vEnd: number;
}

const SIMPLE_ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\' };
const HEX = /^[0-9a-fA-F]+$/;
const NL = 10;

/** A plain scalar's value under the YAML 1.2 core schema (null, booleans, numbers, else text). */
export function plainValue(s: string): string | number | boolean | null {
  const c = s.charCodeAt(0);
  // Only text starting like a keyword or a number needs the tests (most values start with a letter).
  if (c !== 0x7e && c !== 0x2b && c !== 0x2d && c !== 0x2e && (c < 0x30 || c > 0x39) && !/^[nNtTfF]/.test(s)) return s;
  if (/^(?:~|[Nn]ull|NULL)$/.test(s)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s)) return s[0] === 't' || s[0] === 'T';
  if (/^[-+]?[0-9]+$/.test(s)) return parseInt(s, 10);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return parseFloat(s);
  // Octal, hexadecimal, infinities and NaN: left to the library.
  if (/^0[ox]|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(s)) bail();
  return s;
}

/** The one-line quoted string starting at `a` (a `"` or `'`); sets `at.vEnd` after its closing quote. */
export function quoted(text: string, a: number, at: ScanEnd): string {
  return text.charCodeAt(a) === 0x22 ? doubleQuoted(text, a, at) : singleQuoted(text, a, at);
}

function doubleQuoted(text: string, a: number, at: ScanEnd): string {
  let out = '';
  let from = a + 1;
  for (let i = from; ; ) {
    const c = text.charCodeAt(i);
    if (i >= text.length || c === NL) bail();
    if (c === 0x22) {
      at.vEnd = i + 1;
      return out + text.slice(from, i);
    }
    if (c !== 0x5c) {
      i++;
      continue;
    }
    out += text.slice(from, i);
    const e = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : bail();
      const hex = text.slice(i + 2, i + 2 + n);
      if (hex.length !== n || !HEX.test(hex)) bail();
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) bail();
      out += String.fromCodePoint(cp);
      i += 2 + n;
    }
    from = i;
  }
}

function singleQuoted(text: string, a: number, at: ScanEnd): string {
  let out = '';
  let from = a + 1;
  for (let i = from; ; i++) {
    const c = text.charCodeAt(i);
    if (i >= text.length || c === NL) bail();
    if (c !== 0x27) continue;
    out += text.slice(from, i);
    if (text.charCodeAt(i + 1) !== 0x27) {
      at.vEnd = i + 1;
      return out;
    }
    out += "'";
    from = ++i + 1;
  }
}
