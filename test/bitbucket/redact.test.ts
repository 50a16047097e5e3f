/** Redaction of secrets that Bitbucket echoes back in other forms (JSON-escaped, cut, short). */
import { describe, expect, it } from 'vitest';
import { excerpt, parseErrorBody } from '../../src/bitbucket/error-messages.ts';
import { redact, scrubEcho } from '../../src/bitbucket/redact.ts';

const PEM = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"q" é\n-----END KEY-----\n';

describe('redaction of echoed secrets', () => {
  it('masks secrets of four or more characters', () => {
    expect(redact('token abcd1234 and abcd1234 and ab', ['abcd1234', 'ab'])).toBe('token *** and *** and ab');
  });

  it('masks a multi-line secret JSON-escaped, with \\u escapes, and line by line', () => {
    const body = JSON.stringify({ value: PEM });
    expect(redact(body, [PEM])).toBe('{"value":"***"}');
    const ascii = body.replace('é', '\\u00e9');
    expect(redact(ascii, [PEM])).toBe('{"value":"***"}');
    // Re-wrapped by the server: lines survive on their own.
    expect(redact('got MIIEvQIBADANBgkqhkiG9w0BAQEFAASC here', [PEM])).toBe('got *** here');
  });

  it('scrubs before an excerpt could keep half a secret', () => {
    const secret = 'CANARY-long-secret-0123456789';
    const text = `${'x'.repeat(150)} ${secret}`;
    expect(excerpt(text)).not.toContain(secret);
    expect(excerpt(text)).toContain('CANARY-l');
    expect(excerpt(scrubEcho(text, [secret]))).not.toContain('CANARY');
  });

  it('masks short secrets only where they stand as a whole token', () => {
    expect(scrubEcho('Invalid value: on (value on)', ['on'])).toBe('Invalid value: *** (value ***)');
    expect(scrubEcho('Conflict on POST', ['on'])).toBe('Conflict *** POST');
    expect(scrubEcho('monday', ['on'])).toBe('monday');
    expect(scrubEcho('value "a.b"', ['a.b'])).toBe('value "***"');
    // redact alone never touches them: our own wording stays intact.
    expect(redact('Conflict on POST', ['on'])).toBe('Conflict on POST');
  });
});

/** A 206-character secured value, as the reproduction had it. */
const POSTGRES =
  `postgres://app:${'s3cr3t-P4ss_w0rd'.repeat(8)}@db.internal.example.com:5432/app` + "?sslmode=require&x=<y>'z'";
const fragments = (text: string, secret: string) => {
  const found: string[] = [];
  for (let i = 0; i + 16 <= secret.length; i++)
    if (text.includes(secret.slice(i, i + 16))) found.push(secret.slice(i, i + 16));
  return found;
};

/** The text, and every way a reader could decode it: JSON, HTML, percent-encoding, base64 at each offset. */
function decodedViews(text: string): string {
  const views = [
    text,
    text.replaceAll('\\/', '/').replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
  ];
  views.push(text.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#x27;', "'"));
  views.push(text.replace(/(%[0-9a-f]{2})+/gi, (m) => decodeURIComponent(m)).replaceAll('+', ' '));
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset++) views.push(Buffer.from(run.slice(offset), 'base64').toString('latin1'));
  }
  return views.join('\n');
}

describe('every form of a secret, long and short, whole and cut', () => {
  const html = (s: string) =>
    s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&#x27;');
  const forms: Record<string, (s: string) => string> = {
    raw: (s) => s,
    'JSON with \\/': (s) => JSON.stringify(s).replaceAll('/', '\\/'),
    'JSON with \\u003c (upper-case hex)': (s) =>
      JSON.stringify(s).replace(/[<>&'=]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`),
    'HTML-escaped': html,
    'URL-encoded (lower-case hex)': (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'form-encoded': (s) => encodeURIComponent(s).replaceAll('%20', '+'),
    base64: (s) => Buffer.from(s).toString('base64'),
    'base64url inside a longer text': (s) => Buffer.from(`user:${s}`).toString('base64url'),
    'base64 of the JSON body': (s) =>
      Buffer.from(JSON.stringify({ key: 'DB_URL', value: s, secured: true })).toString('base64'),
  };

  it.each(Object.keys(forms))('masks a long value echoed %s, whole and cut by the server', (name) => {
    const encoded = forms[name]!(POSTGRES);
    for (const echo of [encoded, encoded.slice(0, 150), encoded.slice(40, 90)]) {
      const text = `Invalid value: ${echo} (rejected)`;
      const out = scrubEcho(text, [POSTGRES]);
      expect(out).toContain('***');
      expect(out.startsWith('Invalid value: ')).toBe(true);
      expect(out.endsWith(' (rejected)')).toBe(true);
      // Nothing of 16+ characters of the value survives, however the rest is decoded.
      expect(fragments(decodedViews(out), POSTGRES)).toEqual([]);
      // …and nothing of the encoded value either (the JSON body's other fields are not secret).
      const encodedValue = name.includes('JSON body')
        ? Buffer.from(JSON.stringify(POSTGRES)).toString('base64')
        : encoded;
      expect(fragments(out, encodedValue.slice(8, -8))).toEqual([]);
    }
  });

  it.each(Object.keys(forms))('masks a short value echoed %s, whole', (name) => {
    const secret = 'p&ss<w>\'d"q';
    const encoded = forms[name]!(secret);
    expect(scrubEcho(`value ${encoded} is invalid`, [secret])).not.toContain(encoded);
    expect(redact(`value ${encoded} is invalid`, [secret])).not.toContain(encoded);
  });

  it('a decoded, scrubbed, then cut error body keeps no part of the value', () => {
    const body = JSON.stringify({
      type: 'error',
      error: {
        message: `Invalid value ${POSTGRES}`,
        detail: `Request body was ${JSON.stringify({ value: POSTGRES })}`,
      },
    }).replaceAll('/', '\\/');
    const parsed = parseErrorBody(body, 'application/json', [POSTGRES]);
    const said = `${parsed.message} ${parsed.detail}`;
    expect(said).toContain('Invalid value ***');
    expect(fragments(said, POSTGRES)).toEqual([]);
    expect(fragments(said, JSON.stringify(POSTGRES))).toEqual([]);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'Bitbucket rejected POST /repositories/acme/api/pipelines_config/variables as invalid (400): "Bad request" ' +
      'fields: key: invalid.';
    expect(redact(text, [POSTGRES, 'CANARY-secret-value-1234', 'Q~z'])).toBe(text);
    expect(scrubEcho(text, [POSTGRES, 'CANARY-secret-value-1234', 'Q~z'])).toBe(text);
    // A 15-character piece of a long secret is not the secret; 16 are.
    expect(redact('postgres://app:s', [POSTGRES])).toBe('***');
    expect(redact('x postgres://app: y', [POSTGRES])).toBe('x postgres://app: y');
  });
});
