import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ApiError } from '../../src/errors.ts';
import { clientFor, countingProxy, envFor, rejection } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';
import { manyVariables, seedWith } from '../support/seeds.ts';

const repo = { kind: 'repository', workspace: 'acme', repository: 'api-service' } as const;
const repoRef = { type: 'repository', workspace: 'acme', repository: 'api-service' } as const;
const ws = { kind: 'workspace', workspace: 'acme' } as const;

describe('429 rate limiting', () => {
  it('backs off and succeeds, reporting each wait', async () => {
    const sb = await sandbox();
    const { client, events } = clientFor(envFor(sb));
    sb.setFaults({ at: { 1: '429', 2: '429' } });
    expect(await client.listVariables(ws)).toHaveLength(2);
    expect(sb.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(events.map((e) => [e.attempt, e.reason, e.method, e.path])).toEqual([
      [1, 'rate limited (429)', 'GET', '/workspaces/acme/pipelines-config/variables?pagelen=100&page=1'],
      [2, 'rate limited (429)', 'GET', '/workspaces/acme/pipelines-config/variables?pagelen=100&page=1'],
    ]);
    expect(events.every((e) => e.delayMs >= 0 && e.delayMs <= 4)).toBe(true);
    expect(client.stats).toMatchObject({ requests: 4, tokenRequests: 1, retries: 2, rateLimited: 2 });
    expect(client.stats.waitMs).toBe(events.reduce((sum, e) => sum + e.delayMs, 0));
  });

  it('gives up with a message that says how long it tried and what to do', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    sb.setFaults({ rate429: 1 });
    const error = await rejection(client.listVariables(ws));
    expect((error as ApiError).status).toBe(429);
    expect(error.message).toMatch(
      /^Bitbucket's rate limit is exhausted: GET \/workspaces\/acme\/pipelines-config\/variables\?pagelen=100&page=1 still answered 429 after 5 tries over \d+ ms\. Bitbucket allows about 1,000 API requests per rolling hour per OAuth consumer/,
    );
    expect(error.message).toContain('wait up to an hour');
    expect(error.message).toContain('--max-requests');
    expect(sb.requests).toHaveLength(5);
  });

  it('stops early when the total wait is used up', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb), {
      retry: { baseDelayMs: 20, maxDelayMs: 20, maxRetries: 50, maxTotalWaitMs: 30 },
    });
    sb.setFaults({ rate429: 1 });
    const error = await rejection(client.listVariables(ws));
    expect(error.message).toContain("Bitbucket's rate limit is exhausted");
    expect(client.stats.waitMs).toBeLessThanOrEqual(30);
    expect(sb.requests.length).toBeLessThan(50);
  });

  it('halves concurrency on 429 and grows it back slowly', async () => {
    const sb = await sandbox({ latencyMs: 10 });
    const { client } = clientFor(envFor(sb), { concurrency: 8 });
    await client.listVariables(ws); // token + warm-up, before faults are counted
    sb.setFaults({ at: { 1: '429', 2: '429', 3: '429', 4: '429', 5: '429', 6: '429', 7: '429', 8: '429' } });
    await Promise.all(Array.from({ length: 8 }, () => client.listVariables(repo)));
    expect(client.stats.rateLimited).toBe(8);
    // Eight halvings take 8 → 1; eight successes grow it back by one per `limit` successes: to 4 at most.
    expect(client.concurrency.effective).toBeLessThanOrEqual(4);
    expect(client.concurrency.effective).toBeGreaterThanOrEqual(1);
  });

  it('converges under a real rolling-window limit', async () => {
    const sb = await sandbox({ rateLimit: { limit: 5, windowMs: 200 } });
    const { client } = clientFor(envFor(sb), {
      retry: { baseDelayMs: 50, maxDelayMs: 250, maxRetries: 12, maxTotalWaitMs: 5_000 },
    });
    const lists = await Promise.all(Array.from({ length: 12 }, () => client.listVariables(repo)));
    expect(lists.every((l) => l.length === 3)).toBe(true);
    expect(client.stats.rateLimited).toBeGreaterThan(0);
    expect(sb.requests.filter((r) => r.status === 200)).toHaveLength(12);
  });
});

describe('Retry-After', () => {
  it('is honoured exactly when a server sends it', async () => {
    // Bitbucket sends none today; a plain server stands in for one that does.
    let calls = 0;
    const server = createHttpServer((_req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '0' });
        res.end('Rate limit for this resource has been exceeded');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ values: [], pagelen: 100, size: 0 }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      server.closeAllConnections();
      server.close();
    });
    const { port } = server.address() as { port: number };
    // Jitter would pick 990 ms here; Retry-After: 0 must win.
    const { client, events } = clientFor(
      { BITBUCKET_API_URL: `http://127.0.0.1:${port}/2.0`, BITBUCKET_ACCESS_TOKEN: 'tok' },
      { random: () => 0.99, retry: { baseDelayMs: 1000, maxDelayMs: 1000 } },
    );
    expect(await client.listVariables(ws)).toEqual([]);
    expect(events.map((e) => [e.reason, e.delayMs])).toEqual([['rate limited (429)', 0]]);
    expect(calls).toBe(2);
  });
});

describe('5xx, resets and timeouts', () => {
  it('retries a 5xx on a read', async () => {
    const sb = await sandbox();
    const { client, events } = clientFor(envFor(sb));
    sb.setFaults({ at: { 1: '503', 2: '500' } });
    expect(await client.listVariables(repo)).toHaveLength(3);
    expect(events.map((e) => e.reason)).toEqual(['HTTP 503', 'HTTP 500']);
  });

  it('reports 5xx exhaustion with the number of tries', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    sb.setFaults({ rate5xx: 1 });
    const error = await rejection(client.listVariables(repo));
    expect(error.message).toMatch(
      /^Bitbucket failed with HTTP 50[023] on GET \/repositories\/acme\/api-service\/pipelines_config\/variables\?pagelen=100&page=1: .*This is on Bitbucket's side; retry later.* Gave up after 5 tries over \d+ ms\.$/,
    );
  });

  it.each(['reset-before', 'reset-after', '502'] as const)('create survives %s without a duplicate', async (fault) => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: fault } });
    const created = await client.createVariable(repo, { key: 'DB_PASSWORD', value: 'pa55-word-canary', secured: true });
    expect(created).toMatchObject({ key: 'DB_PASSWORD', secured: true });
    expect(created).not.toHaveProperty('value');
    const stored = sb.store.variables(repoRef).filter((v) => v.key === 'DB_PASSWORD');
    expect(stored).toEqual([{ uuid: created.uuid, key: 'DB_PASSWORD', value: 'pa55-word-canary', secured: true }]);
    const expected = {
      'reset-before': ['POST reset', 'POST 201'],
      '502': ['POST 502', 'POST 201'],
      'reset-after': ['POST reset', 'POST 409', 'GET 200', 'PUT 200'],
    }[fault];
    expect(sb.requests.slice(1).map((r) => `${r.method} ${r.status ?? 'reset'}`)).toEqual(expected);
  });

  it('a 409 after a lost answer overwrites what is there with the desired value', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    sb.store.setVariable(repoRef, { key: 'PLAIN_ONE', value: 'stale' });
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: 'reset-before' } });
    const created = await client.createVariable(repo, { key: 'PLAIN_ONE', value: 'wanted', secured: false });
    expect(created).toMatchObject({ key: 'PLAIN_ONE', value: 'wanted', secured: false });
    expect(sb.store.variables(repoRef).filter((v) => v.key === 'PLAIN_ONE')).toEqual([
      { uuid: created.uuid, key: 'PLAIN_ONE', value: 'wanted', secured: false },
    ]);
    expect(sb.requests.slice(1).map((r) => `${r.method} ${r.status ?? 'reset'}`)).toEqual([
      'POST reset',
      'POST 409',
      'GET 200',
      'PUT 200',
    ]);
  });

  it('a 409 after a lost answer with the other secured flag is reported, not overwritten', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    sb.store.setVariable(repoRef, { key: 'PLAIN_ONE', value: 'visible' });
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: 'reset-before' } });
    const error = await rejection(
      client.createVariable(repo, { key: 'PLAIN_ONE', value: 'secret-canary-1', secured: true }),
    );
    expect(error.message).toBe(
      "Conflict (409) on POST /repositories/acme/api-service/pipelines_config/variables: variable 'PLAIN_ONE' " +
        'already exists not secured, but it should be secured. Run reconcile again; it plans a replace.',
    );
    expect(sb.store.variable(repoRef, 'PLAIN_ONE')?.value).toBe('visible');
  });

  it('environment create survives reset-after by finding the environment by name', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: 'reset-after' } });
    const env = await client.createEnvironment('acme', 'billing-worker', { name: 'qa', type: 'Staging' });
    expect(env).toMatchObject({ name: 'qa', environmentType: 'Staging' });
    expect(sb.store.environments('acme', 'billing-worker')).toEqual([{ uuid: env.uuid, name: 'qa', type: 'Staging' }]);
    expect(sb.requests.slice(1).map((r) => `${r.method} ${r.status ?? 'reset'}`)).toEqual([
      'POST reset',
      'POST 409',
      'GET 200',
    ]);
  });

  it('update and delete are retried after a lost answer; deleting a gone variable succeeds', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    const target = (await client.listVariables(repo)).find((v) => v.key === 'LOG_LEVEL')!;
    sb.setFaults({ at: { 1: 'reset-after', 3: 'reset-after' } });
    await client.updateVariable(repo, target.uuid, { key: 'LOG_LEVEL', value: 'warn', secured: false });
    await client.deleteVariable(repo, target.uuid);
    await client.deleteVariable(repo, '{00000000-0000-4000-8000-00000000dead}');
    expect(sb.requests.slice(1).map((r) => `${r.method} ${r.status ?? 'reset'}`)).toEqual([
      'PUT reset',
      'PUT 200',
      'DELETE reset',
      'DELETE 404',
      'DELETE 404',
    ]);
    expect(sb.store.variable(repoRef, 'LOG_LEVEL')).toBeUndefined();
  });

  it('does not repost a pull-request comment after a lost answer', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    const before = sb.store.comments('acme', 'api-service', 1).length;
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: '503' } });
    const error = await rejection(client.createComment('acme', 'api-service', 1, 'plan'));
    expect(error.message).toContain(
      'Bitbucket failed with HTTP 503 on POST /repositories/acme/api-service/pullrequests/1/comments',
    );
    expect(sb.store.comments('acme', 'api-service', 1)).toHaveLength(before);
  });

  it('does not repost a comment after a reset, and says it may have been applied', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: 'reset-after' } });
    const error = await rejection(client.createComment('acme', 'api-service', 1, 'plan'));
    expect(error.message).toMatch(
      /^Lost the answer from 127\.0\.0\.1:\d+ to POST \/repositories\/acme\/api-service\/pullrequests\/1\/comments: connection reset \(\w+\)\. It may or may not have been applied/,
    );
    expect(sb.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('times out a slow answer and retries it', async () => {
    const sb = await sandbox();
    // Far apart, so that only the slow answer times out, however busy the machine is.
    const { client, events } = clientFor(envFor(sb), { timeoutMs: 2_000 });
    await client.listVariables(ws);
    sb.setFaults({ at: { 1: 'slow' }, slowMs: 8_000 });
    expect(await client.listVariables(repo)).toHaveLength(3);
    expect(sb.requests[1]?.fault).toBe('slow');
    expect(events[0]?.reason).toBe('no answer within 2000 ms (raise BB_VARS_TIMEOUT_MS if the network is slow)');
  });

  it('reports a timeout that never ends', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb), { timeoutMs: 50, retry: { maxRetries: 1 } });
    await client.listVariables(ws);
    sb.setFaults({ slow: 1, slowMs: 300 });
    const error = await rejection(client.listVariables(repo));
    expect(error.message).toMatch(
      /^No answer from 127\.0\.0\.1:\d+ to GET \/repositories\/acme\/api-service\/pipelines_config\/variables\?pagelen=100&page=1: no answer within 50 ms .*after 2 tries/,
    );
  });

  it('fails fast on a refused connection, naming the host', async () => {
    const sb = await sandbox();
    const closed = await freePort();
    const { client } = clientFor({
      ...envFor(sb, 'access-token'),
      BITBUCKET_API_URL: `http://127.0.0.1:${closed}/2.0`,
    });
    const error = await rejection(client.listVariables(ws));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(
      /^Could not reach 127\.0\.0\.1:\d+ for GET \/workspaces\/acme\/pipelines-config\/variables\?pagelen=100&page=1: connection refused \(ECONNREFUSED\)\. Check BITBUCKET_API_URL/,
    );
    expect(client.stats.requests).toBe(1);
  });
});

describe('concurrency and counters', () => {
  it.each([
    [3, 3],
    [undefined, 8],
  ])('never has more than the limit in flight (concurrency %s → %i)', async (concurrency, expected) => {
    const sb = await sandbox({ latencyMs: 100 });
    const proxy = await countingProxy(sb.url);
    const { client } = clientFor(
      { ...envFor(sb, 'access-token'), BITBUCKET_API_URL: proxy.url },
      concurrency === undefined ? {} : { concurrency },
    );
    await Promise.all(Array.from({ length: 20 }, () => client.listVariables(repo)));
    expect(proxy.maxInFlight()).toBe(expected);
    expect(client.concurrency.peak).toBe(expected);
  });

  it('caps concurrency at 32', async () => {
    const sb = await sandbox();
    expect(clientFor(envFor(sb), { concurrency: 500 }).client.concurrency.max).toBe(32);
    expect(clientFor(envFor(sb), { concurrency: 0 }).client.concurrency.max).toBe(1);
  });

  it('counts exactly the requests the server saw, token requests and retries included', async () => {
    const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(230) } }) });
    const { client } = clientFor(envFor(sb), { retry: { maxRetries: 20 } });
    sb.setFaults({ seed: 7, rate429: 0.2, rate5xx: 0.1, resetBefore: 0.1 });
    await Promise.all([
      client.listVariables({ kind: 'repository', workspace: 'acme', repository: 'big' }),
      client.listVariables(ws),
      client.listEnvironments('acme', 'api-service'),
    ]);
    sb.expireTokens();
    await client.listVariables(repo);
    expect(client.stats.requests).toBe(sb.requests.length + sb.tokenRequests.length);
    expect(client.stats.tokenRequests).toBe(sb.tokenRequests.length);
    expect(client.stats.rateLimited).toBe(sb.requests.filter((r) => r.status === 429).length);
    // Six logical requests (three pages, two lists, one after expiry); every other one is a retry.
    expect(client.stats.retries).toBe(sb.requests.length - 6);
    expect(client.stats.retries).toBeGreaterThan(0);
  });

  it('refuses to exceed the request budget', async () => {
    const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(250) } }) });
    const { client } = clientFor(envFor(sb), { maxRequests: 3 });
    const error = await rejection(client.listVariables({ kind: 'repository', workspace: 'acme', repository: 'big' }));
    expect(error.message).toBe(
      'Stopped before GET /repositories/acme/big/pipelines_config/variables?pagelen=100&page=3: the request budget ' +
        'of 3 (--max-requests) is used up. Raise --max-requests, or narrow the run with --target.',
    );
    expect(sb.requests.length + sb.tokenRequests.length).toBe(3);
    expect(client.remainingBudget()).toBe(0);
    expect(() => client.assertBudget(1, 'the apply')).toThrow(
      'Not starting the apply: it needs about 1 API requests but the budget (--max-requests) has 0 left.',
    );
  });
});

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
