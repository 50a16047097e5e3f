/**
 * Reference syntax, shared by `from:` and templates. Pure.
 *
 *   <source>.<output>[.<key>|.<index>|[<index>]|["<key>"]]...     a source's output, or a path into it
 *   env.<NAME>                                                     an environment variable (templates)
 *
 * In a template, `${ref}` is replaced by the value and `$${` writes a literal `${`.
 */

/** A parsed reference. `path` steps from a string may be a map key or a list index (decided when walking). */
export interface Ref {
  source: string;
  output: string;
  path: Array<string | number>;
  /** The reference as written (without `${ }`). */
  text: string;
}

export type RefResult = { ok: true; ref: Ref } | { ok: false; message: string; hint?: string; offset: number };

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'ref'; ref: Ref; raw: string; offset: number };

export type TemplateResult =
  { ok: true; parts: TemplatePart[] } | { ok: false; message: string; hint?: string; offset: number };

const SEGMENT = /^[^.[\]\s"'${}]+/;

/** Parses `infra.database.port`, `network.subnet_ids[0]`, `infra.tags["kubernetes.io/name"]`. */
export function parseRef(text: string): RefResult {
  const steps: Array<string | number> = [];
  let i = 0;
  const syntaxHint = 'write <source>.<output> with optional path steps: .key, .0 or ["key.with.dots"]';
  while (i < text.length) {
    if (steps.length > 0 && text[i] === '.') i++;
    else if (steps.length > 0 && text[i] !== '[')
      return { ok: false, message: `unexpected '${text[i]}' in reference '${text}'`, hint: syntaxHint, offset: i };
    if (text[i] === '[') {
      if (steps.length < 2)
        return {
          ok: false,
          message: `reference '${text}' must start with <source>.<output>`,
          hint: syntaxHint,
          offset: i,
        };
      const close = findBracketEnd(text, i);
      if (close < 0) return { ok: false, message: `unclosed '[' in reference '${text}'`, hint: syntaxHint, offset: i };
      const inner = text.slice(i + 1, close);
      if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          steps.push(JSON.parse(inner) as string);
        } catch {
          return { ok: false, message: `bad quoted key ${inner} in reference '${text}'`, hint: syntaxHint, offset: i };
        }
      } else
        return {
          ok: false,
          message: `'[${inner}]' in reference '${text}' must be an index like [0] or a quoted key like ["a.b"]`,
          offset: i,
        };
      i = close + 1;
      continue;
    }
    const m = SEGMENT.exec(text.slice(i));
    if (!m)
      return {
        ok: false,
        message: `missing name at position ${i + 1} of reference '${text}'`,
        hint: syntaxHint,
        offset: i,
      };
    steps.push(m[0]);
    i += m[0].length;
  }
  const [source, output, ...path] = steps;
  if (typeof source !== 'string' || source === '')
    return { ok: false, message: 'empty reference', hint: syntaxHint, offset: 0 };
  if (typeof output !== 'string') {
    return {
      ok: false,
      message: `reference '${text}' names a source but no output`,
      hint: `write ${source}.<output>`,
      offset: text.length,
    };
  }
  return { ok: true, ref: { source, output, path, text } };
}

function findBracketEnd(text: string, open: number): number {
  let inString = false;
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === ']') return j;
  }
  return -1;
}

/** Splits a template into text and `${ref}` parts; `offset` is the position of `${` in the template. */
export function parseTemplate(template: string): TemplateResult {
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('$${', i)) {
      text += '${';
      i += 3;
      continue;
    }
    if (!template.startsWith('${', i)) {
      text += template[i];
      i++;
      continue;
    }
    const end = findRefEnd(template, i + 2);
    if (end < 0)
      return {
        ok: false,
        message: "unclosed '${' in template",
        hint: "close it with '}', or write $${ for a literal ${",
        offset: i,
      };
    const raw = template.slice(i, end + 1);
    const inner = template.slice(i + 2, end).trim();
    const parsed = parseRef(inner);
    if (!parsed.ok) return { ok: false, message: parsed.message, hint: parsed.hint, offset: i };
    if (text) parts.push({ kind: 'text', text });
    text = '';
    parts.push({ kind: 'ref', ref: parsed.ref, raw, offset: i });
    i = end + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  return { ok: true, parts };
}

function findRefEnd(template: string, from: number): number {
  let inString = false;
  for (let j = from; j < template.length; j++) {
    const c = template[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '}') return j;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** Writes a path for messages: `infra.database.port`, `network.subnet_ids.0`, `infra.tags["a.b"]`. */
export function formatRefPath(source: string, output: string, path: ReadonlyArray<string | number>): string {
  let out = `${source}.${output}`;
  for (const step of path)
    out +=
      typeof step === 'number' || (SEGMENT.test(step) && SEGMENT.exec(step)![0] === step)
        ? `.${step}`
        : `[${JSON.stringify(step)}]`;
  return out;
}
