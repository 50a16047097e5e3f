// Access tokens get Bitbucket's X-RateLimit-* headers; `X-RateLimit-NearLimit: true` means the
// hourly allowance is nearly spent, so the client lowers its concurrency before any 429.
import { describe, expect, it } from 'vitest';
import { clientFor, envFor } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';

const scope = { kind: 'repository', workspace: 'acme', repository: 'api-service' } as const;

describe('X-RateLimit-NearLimit', () => {
  it('an access token near its limit makes the client halve its concurrency, without a 429', async () => {
    const sb = await sandbox({ rateLimit: { limit: 10, windowMs: 60_000 } });
    const { client } = clientFor(envFor(sb, 'access-token'), { concurrency: 8 });
    for (let i = 0; i < 7; i++) await client.listVariables(scope);
    expect(client.stats.nearLimit).toBe(0);
    expect(client.concurrency.effective).toBe(8);
    await client.listVariables(scope);
    await client.listVariables(scope);
    expect(client.stats.nearLimit).toBe(2);
    expect(client.concurrency.effective).toBe(2);
    expect(client.stats.rateLimited).toBe(0);
  });

  it('OAuth consumers get no such headers (as on Bitbucket), so nothing changes', async () => {
    const sb = await sandbox({ rateLimit: { limit: 10, windowMs: 60_000 } });
    const { client } = clientFor(envFor(sb, 'oauth'), { concurrency: 8 });
    for (let i = 0; i < 8; i++) await client.listVariables(scope);
    expect(client.stats.nearLimit).toBe(0);
    expect(client.concurrency.effective).toBe(8);
  });
});
