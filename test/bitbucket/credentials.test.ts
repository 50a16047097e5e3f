import { describe, expect, it } from 'vitest';
import { clientOptionsFromEnv, credentialSecret, credentialsFromEnv } from '../../src/bitbucket/credentials.ts';
import { UserError } from '../../src/errors.ts';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('credentialsFromEnv', () => {
  it('picks the OAuth consumer with the default token URL', () => {
    expect(credentialsFromEnv({ BITBUCKET_CLIENT_ID: 'id', BITBUCKET_CLIENT_SECRET: 's3cr3t-value' })).toEqual({
      kind: 'oauth',
      clientId: 'id',
      clientSecret: 's3cr3t-value',
      tokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
    });
  });

  it('honours BITBUCKET_TOKEN_URL', () => {
    const c = credentialsFromEnv({
      BITBUCKET_CLIENT_ID: 'id',
      BITBUCKET_CLIENT_SECRET: 'x',
      BITBUCKET_TOKEN_URL: 'http://127.0.0.1:9/site/oauth2/access_token',
    });
    expect(c).toMatchObject({ kind: 'oauth', tokenUrl: 'http://127.0.0.1:9/site/oauth2/access_token' });
  });

  it('picks an access token and an API token', () => {
    expect(credentialsFromEnv({ BITBUCKET_ACCESS_TOKEN: 'tok' })).toEqual({ kind: 'access-token', token: 'tok' });
    expect(credentialsFromEnv({ BITBUCKET_USERNAME: 'me@example.com', BITBUCKET_API_TOKEN: 'ATATT' })).toEqual({
      kind: 'api-token',
      username: 'me@example.com',
      apiToken: 'ATATT',
    });
  });

  it('lists the three options when nothing is set (empty counts as unset)', () => {
    const message = messageOf(() => credentialsFromEnv({ BITBUCKET_ACCESS_TOKEN: '' }));
    expect(message).toContain('No Bitbucket credentials');
    expect(message).toContain('BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET');
    expect(message).toContain('BITBUCKET_ACCESS_TOKEN');
    expect(message).toContain('BITBUCKET_USERNAME and BITBUCKET_API_TOKEN');
  });

  it('names conflicting methods and what to unset, without their values', () => {
    const message = messageOf(() =>
      credentialsFromEnv({
        BITBUCKET_CLIENT_ID: 'id',
        BITBUCKET_CLIENT_SECRET: 'hunter2-secret',
        BITBUCKET_ACCESS_TOKEN: 'tok-secret-value',
      }),
    );
    expect(message).toContain('Several Bitbucket authentication methods');
    expect(message).toContain('OAuth consumer (BITBUCKET_CLIENT_ID, BITBUCKET_CLIENT_SECRET)');
    expect(message).toContain('access token (BITBUCKET_ACCESS_TOKEN)');
    expect(message).toContain('unset BITBUCKET_ACCESS_TOKEN');
    expect(message).not.toContain('hunter2-secret');
    expect(message).not.toContain('tok-secret-value');
  });

  it('counts half a pair as a conflicting method too', () => {
    const message = messageOf(() =>
      credentialsFromEnv({ BITBUCKET_ACCESS_TOKEN: 'tok', BITBUCKET_USERNAME: 'me@example.com' }),
    );
    expect(message).toContain('API token (BITBUCKET_USERNAME)');
    expect(message).toContain('unset BITBUCKET_USERNAME');
  });

  it.each([
    [{ BITBUCKET_CLIENT_ID: 'id' }, 'BITBUCKET_CLIENT_ID is set but BITBUCKET_CLIENT_SECRET is not'],
    [{ BITBUCKET_CLIENT_SECRET: 'sec-ret-value' }, 'BITBUCKET_CLIENT_SECRET is set but BITBUCKET_CLIENT_ID is not'],
    [{ BITBUCKET_API_TOKEN: 'tok' }, 'BITBUCKET_API_TOKEN is set but BITBUCKET_USERNAME is not'],
    [{ BITBUCKET_USERNAME: 'me', BITBUCKET_API_TOKEN: '' }, 'BITBUCKET_USERNAME is set but BITBUCKET_API_TOKEN is not'],
  ])('explains half a pair: %o', (env, expected) => {
    const message = messageOf(() => credentialsFromEnv(env));
    expect(message).toContain(expected);
    expect(message).not.toContain('sec-ret-value');
  });

  it('rejects a token URL that is not http(s)', () => {
    expect(
      messageOf(() =>
        credentialsFromEnv({
          BITBUCKET_CLIENT_ID: 'a',
          BITBUCKET_CLIENT_SECRET: 'b',
          BITBUCKET_TOKEN_URL: 'not a url',
        }),
      ),
    ).toContain('BITBUCKET_TOKEN_URL is not a valid URL');
    expect(
      messageOf(() =>
        credentialsFromEnv({
          BITBUCKET_CLIENT_ID: 'a',
          BITBUCKET_CLIENT_SECRET: 'b',
          BITBUCKET_TOKEN_URL: 'ftp://x/y',
        }),
      ),
    ).toContain('must be an http(s) URL');
  });
});

describe('credentialSecret', () => {
  it('returns the secret half of each credential', () => {
    expect(credentialSecret({ kind: 'oauth', clientId: 'id', clientSecret: 'cs', tokenUrl: 'u' })).toBe('cs');
    expect(credentialSecret({ kind: 'access-token', token: 'at' })).toBe('at');
    expect(credentialSecret({ kind: 'api-token', username: 'u', apiToken: 'api' })).toBe('api');
  });
});

describe('clientOptionsFromEnv', () => {
  const auth = { BITBUCKET_ACCESS_TOKEN: 'tok' };

  it('defaults the API URL and leaves tuning unset', () => {
    const options = clientOptionsFromEnv(auth);
    expect(options.apiUrl).toBe('https://api.bitbucket.org/2.0');
    expect(options.retry).toEqual({});
    expect(options.timeoutMs).toBeUndefined();
  });

  it('reads the API URL (trailing slash dropped) and the tuning variables', () => {
    const options = clientOptionsFromEnv({
      ...auth,
      BITBUCKET_API_URL: 'http://127.0.0.1:4000/2.0/',
      BB_VARS_RETRY_BASE_MS: '5',
      BB_VARS_RETRY_MAX_MS: '20',
      BB_VARS_MAX_RETRIES: '3',
      BB_VARS_TIMEOUT_MS: '1500',
    });
    expect(options.apiUrl).toBe('http://127.0.0.1:4000/2.0');
    expect(options.retry).toEqual({ baseDelayMs: 5, maxDelayMs: 20, maxRetries: 3, maxTotalWaitMs: 200 });
    expect(options.timeoutMs).toBe(1500);
  });

  it('keeps the fingerprint key out of messages like a credential', () => {
    expect(clientOptionsFromEnv(auth).secrets).toBeUndefined();
    expect(clientOptionsFromEnv({ ...auth, BB_VARS_FINGERPRINT_KEY: 'k'.repeat(40) }).secrets).toEqual([
      'k'.repeat(40),
    ]);
  });

  it.each([
    ['BB_VARS_MAX_RETRIES', 'many'],
    ['BB_VARS_TIMEOUT_MS', '0'],
    ['BB_VARS_RETRY_BASE_MS', '-1'],
  ])('rejects %s=%s with the allowed range', (name, value) => {
    expect(messageOf(() => clientOptionsFromEnv({ ...auth, [name]: value }))).toMatch(
      new RegExp(`^${name} must be a whole number between \\d+ and \\d+, got '${value}'`),
    );
  });

  it('rejects a malformed API URL', () => {
    expect(messageOf(() => clientOptionsFromEnv({ ...auth, BITBUCKET_API_URL: 'api.bitbucket.org/2.0' }))).toContain(
      'BITBUCKET_API_URL is not a valid URL',
    );
  });
});
