/**
 * The one escaping module for every output: names and messages that come from Bitbucket or from
 * a record (environment names, repository slugs, keys, workspace names, warnings quoting them)
 * and plain values. Pure.
 *
 * - `visible` keeps text on one line and inert on a terminal: line breaks, ANSI escapes, other
 *   control characters and the invisible direction overrides are shown as escapes (`\n`, `\u001b`,
 *   `\u202e`), and a backslash as `\\`, so an escape in the output always means one character.
 * - `markdownText` and `markdownCode` add markdown: punctuation escaped, `|` never ends a table cell.
 */

/** C0, DEL, C1, Unicode line/paragraph separators, and bidirectional formatting characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const short = SHORT[c];
  if (short !== undefined) return short;
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` on one line with no raw control character: every unsafe character shown as an escape. */
export function visible(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** A double-quoted `visible` string (`"` escaped too), as values are shown. */
export function quoted(text: string): string {
  return `"${visible(text).replace(/"/g, '\\"')}"`;
}

/** Plain text in a markdown cell or paragraph: `visible`, then markdown punctuation escaped. */
export function markdownText(text: string): string {
  return visible(text).replace(/([\\`*_[\]|<>#!~&])/g, '\\$1');
}

/**
 * A markdown code span that survives any content: `visible` text, a fence longer than the longest
 * backtick run inside (CommonMark), and `|` escaped so it cannot end a table cell.
 */
export function markdownCode(text: string): string {
  return codeSpan(visible(text));
}

/** A code span around text that is already `visible` (a quoted value). */
export function codeSpan(shown: string): string {
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${shown.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1 controls, line/paragraph
 * separators, direction overrides) written as `\uXXXX`: the same document, inert on a terminal.
 */
export function inertJson(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, escapeChar);
}
