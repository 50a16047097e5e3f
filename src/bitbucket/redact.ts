/**
 * Keeps secrets out of text: the one place that decides where a secret shows in a message. Pure,
 * and small on purpose, so it can be audited at a glance (docs/security.md, "Redaction").
 *
 * A server may echo a submitted value in its error text, encoded in some way, and cut short. So a
 * secret is looked for in every form an echo may take:
 * - as is, and each line of a multi-line secret;
 * - JSON-escaped: `\n` and `\"`, with `\/`, with non-ASCII as `\uXXXX`, with `<>&'=` as `\u003c`…;
 * - HTML-escaped (`&lt;`, quotes as is or as `&quot;`, `&#34;`, `&#39;`, `&#x27;`, `&apos;`) and
 *   URL-encoded (`%2F`, `+` for spaces, `!'()*~` as is or encoded);
 * - base64 (standard and URL-safe, at each of the three alignments it can have inside a longer
 *   base64 text, as in a Basic header), of the raw and of the JSON-escaped form.
 * Hex digits of escapes (`%2f`, `\u003C`, `&#X27;`) are compared in either case.
 *
 * A secret of 16 or more characters is masked wherever any 16 consecutive characters of one of
 * its forms appear: a value cut by the server (or by anyone) is still caught. A shorter secret is
 * masked where a whole form appears: anywhere for forms of 4 or more characters (base64 forms:
 * 8), and, in text a server sent (`scrubEcho`), as a whole token for shorter ones. Each masked
 * stretch becomes `***`. Text that a server sent is decoded (JSON) before it is scrubbed, and cut
 * only after (error-messages.ts), so a cut cannot keep half a secret.
 */

/** Fragments of a long secret this long or longer count as the secret. */
export const FRAGMENT = 16;
/** Shorter forms are masked only as whole tokens, and only in text a server sent. */
const ANYWHERE = 4;
/** Base64 forms shorter than this are not looked for (they would match random text). */
const BASE64_MIN = 8;
const MASK = '***';

const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The JSON-escaped forms (the raw one included). */
function jsonForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const ascii = json.replace(/[^\x20-\x7e]/g, hex4);
  const htmlSafe = ascii.replace(/[<>&'=]/g, hex4);
  const escaped = [json, ascii, htmlSafe];
  return [secret, ...escaped, ...escaped.map((f) => f.replaceAll('/', '\\/'))];
}

/** HTML-escaped, with quotes left alone or escaped in any of the usual ways. */
function htmlForms(text: string): string[] {
  const base = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return ['"', '&quot;', '&#34;'].flatMap((dq) =>
    ["'", '&#39;', '&#x27;', '&apos;'].map((sq) => base.replaceAll('"', dq).replaceAll("'", sq)),
  );
}

function urlForms(text: string): string[] {
  const encoded = encodeURIComponent(text);
  const strict = encoded.replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [encoded, encoded.replaceAll('%20', '+'), strict, strict.replaceAll('%20', '+')];
}

/** Base64 at byte offsets 0–2, with and without padding, and its whole groups alone. */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const forms: string[] = [];
  for (let offset = 0; offset < 3 && offset < bytes.length; offset++) {
    const rest = bytes.subarray(offset);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    for (const b64 of [rest.toString('base64'), whole.toString('base64')]) {
      forms.push(b64, b64.replace(/=+$/, ''), b64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''));
    }
  }
  return forms.filter((f) => f.length >= BASE64_MIN);
}

/** Every form of `secret` that is looked for, longest first. */
export function secretForms(secret: string): string[] {
  const json = jsonForms(secret);
  const lines = secret.includes('\n')
    ? secret
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length >= 8)
    : [];
  const forms = [
    ...json,
    ...[secret, json[1]!].flatMap((f) => [...htmlForms(f), ...urlForms(f), ...base64Forms(f)]),
    ...lines,
  ];
  return [...new Set(forms)].filter((f) => f !== '').sort((a, b) => b.length - a.length);
}

/** How a secret is found: the fragments of its forms (a long secret), or its whole forms (a short one). */
interface Matcher {
  fragments: Set<string>;
  whole: string[];
}

/** Matchers by secret: building one for a long secret (a key file) takes a while, and the same secrets recur. */
const matchers = new Map<string, Matcher>();

function matcherOf(secret: string): Matcher {
  let matcher = matchers.get(secret);
  if (matcher) return matcher;
  matcher = { fragments: new Set(), whole: [] };
  for (const form of secretForms(secret)) {
    if (secret.length < FRAGMENT || form.length < FRAGMENT) matcher.whole.push(form);
    else for (let i = 0; i + FRAGMENT <= form.length; i++) matcher.fragments.add(form.slice(i, i + FRAGMENT));
  }
  if (matchers.size >= 64) matchers.clear();
  matchers.set(secret, matcher);
  return matcher;
}

/** Same length, hex digits of escapes in one case: `%2f` → `%2F`, `\u003C` → `\u003c`, `&#X27;` → `&#x27;`. */
function normalizeEscapes(text: string): string {
  return text
    .replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase())
    .replace(/\\u[0-9a-f]{4}/gi, (m) => `\\u${m.slice(2).toLowerCase()}`)
    .replace(/&#x[0-9a-f]+;/gi, (m) => m.toLowerCase());
}

function mask(text: string, secrets: readonly string[], shortAsToken: boolean): string {
  if (text === '' || secrets.length === 0) return text;
  const views = [...new Set([text, normalizeEscapes(text)])];
  const masked = new Uint8Array(text.length);
  for (const secret of secrets) {
    if (secret === '') continue;
    const { fragments, whole } = matcherOf(secret);
    for (const view of views) {
      if (fragments.size > 0) {
        for (let i = 0; i + FRAGMENT <= view.length; i++)
          if (fragments.has(view.slice(i, i + FRAGMENT))) masked.fill(1, i, i + FRAGMENT);
      }
      for (const form of whole) {
        if (form.length >= ANYWHERE) {
          for (let at = view.indexOf(form); at !== -1; at = view.indexOf(form, at + 1))
            masked.fill(1, at, at + form.length);
        } else if (shortAsToken) {
          const pattern = new RegExp(
            `(?<![A-Za-z0-9_])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`,
            'g',
          );
          for (const m of view.matchAll(pattern)) masked.fill(1, m.index, m.index + form.length);
        }
      }
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!masked[i]) out += text[i];
    else if (i === 0 || !masked[i - 1]) out += MASK;
  }
  return out;
}

/** Masks every secret, in any of its forms, in text bb-vars wrote (a secret under 4 characters is left alone). */
export function redact(text: string, secrets: readonly string[]): string {
  return mask(text, secrets, false);
}

/**
 * Masks every secret in text a server sent, before any of it is quoted or cut: like `redact`,
 * and secrets too short for that are masked where they stand as a whole token (garbling a word of
 * the server's text is better than echoing a value).
 */
export function scrubEcho(text: string, secrets: readonly string[]): string {
  return mask(text, secrets, true);
}
