/** Redaction of secrets that Bitbucket echoes back in other forms (JSON-escaped, cut, short). */
import { describe, expect, it } from 'vitest';
import { excerpt, redact, scrubEcho } from '../../src/bitbucket/error-messages.ts';

const PEM = '-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n"q" é\n-----END KEY-----\n';

describe('redaction of echoed secrets', () => {
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
