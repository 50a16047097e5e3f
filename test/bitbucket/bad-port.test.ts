import { describe, expect, it } from 'vitest';
import { BitbucketClient } from '../../src/bitbucket/index.ts';

describe('network errors', () => {
  it('names a port that fetch refuses, instead of an unknown network error', async () => {
    const client = new BitbucketClient({ apiUrl: 'http://127.0.0.1:1/2.0', credentials: { kind: 'access-token', token: 'tok-secret-1' } });
    const error = (await client.listVariables({ kind: 'workspace', workspace: 'acme' }).then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('Could not reach 127.0.0.1:1');
    expect(error.message).toContain('refuses to connect to this port');
    expect(error.message).not.toContain('tok-secret-1');
  });
});
