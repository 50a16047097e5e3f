import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, DEFAULT_RETRY, parseRetryAfter } from '../../src/bitbucket/backoff.ts';
import { commentPath, encodeSegment, pagePath, variablePath, variablesPath } from '../../src/bitbucket/paths.ts';
import { parseComment, parseEnvironment, parsePage, parseVariable } from '../../src/bitbucket/parse.ts';
import { AdaptiveSemaphore } from '../../src/bitbucket/semaphore.ts';

describe('paths', () => {
  it('uses the hyphen for workspaces and the underscore for repositories', () => {
    expect(variablesPath({ kind: 'workspace', workspace: 'acme' })).toBe('/workspaces/acme/pipelines-config/variables');
    expect(variablesPath({ kind: 'repository', workspace: 'acme', repository: 'api' })).toBe(
      '/repositories/acme/api/pipelines_config/variables',
    );
  });

  it('percent-encodes braces of UUIDs in every position', () => {
    const scope = { kind: 'deployment', workspace: 'acme', repository: 'api', environmentUuid: '{e-1}' } as const;
    expect(variablesPath(scope)).toBe('/repositories/acme/api/deployments_config/environments/%7Be-1%7D/variables');
    expect(variablePath(scope, '{v-2}')).toBe(
      '/repositories/acme/api/deployments_config/environments/%7Be-1%7D/variables/%7Bv-2%7D',
    );
    expect(variablePath({ kind: 'workspace', workspace: '{ws-uuid}' }, '{v}')).toBe(
      '/workspaces/%7Bws-uuid%7D/pipelines-config/variables/%7Bv%7D',
    );
  });

  it('encodes characters a router could misread', () => {
    expect(encodeSegment("a/b?c#d e'(*)")).toBe('a%2Fb%3Fc%23d%20e%27%28%2A%29');
    expect(commentPath('acme', 'api', 7, 42)).toBe('/repositories/acme/api/pullrequests/7/comments/42');
    expect(pagePath('/x', 3, 100)).toBe('/x?pagelen=100&page=3');
  });
});

describe('backoff', () => {
  const retry = { baseDelayMs: 100, maxDelayMs: 1000, maxRetries: 5, maxTotalWaitMs: 2500 };

  it('doubles the ceiling per attempt, capped, with full jitter', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, retry, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(4, retry, () => 0)).toBe(0);
    expect(backoffDelay(3, retry, () => 0.5)).toBe(200);
  });

  it('stops after maxRetries and when the total wait is spent', () => {
    expect(decideRetry(6, 0, undefined, retry, () => 0.5)).toEqual({ retry: false, why: 'attempts' });
    expect(decideRetry(2, 2500, undefined, retry, () => 0.5)).toEqual({ retry: false, why: 'total-wait' });
    expect(decideRetry(4, 2400, undefined, retry, () => 0.99)).toEqual({ retry: true, delayMs: 100 });
  });

  it('honours Retry-After exactly, or gives up when it exceeds the caps', () => {
    expect(decideRetry(1, 0, 700, retry, () => 0)).toEqual({ retry: true, delayMs: 700 });
    expect(decideRetry(1, 0, 5000, retry, () => 0)).toEqual({ retry: false, why: 'total-wait' });
    expect(decideRetry(1, 2000, 800, retry, () => 0)).toEqual({ retry: false, why: 'total-wait' });
  });

  it('parses Retry-After seconds and dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('has bounded defaults', () => {
    expect(DEFAULT_RETRY.maxRetries).toBeGreaterThan(0);
    expect(DEFAULT_RETRY.maxTotalWaitMs).toBeLessThanOrEqual(600_000);
  });
});

describe('AdaptiveSemaphore', () => {
  it('bounds holders and hands slots over in order', async () => {
    const sem = new AdaptiveSemaphore(2);
    const order: number[] = [];
    await sem.acquire();
    await sem.acquire();
    const third = sem.acquire().then(() => order.push(3));
    const fourth = sem.acquire().then(() => order.push(4));
    await Promise.resolve();
    expect(order).toEqual([]);
    sem.release();
    await third;
    expect(order).toEqual([3]);
    sem.release();
    await fourth;
    expect(order).toEqual([3, 4]);
    expect(sem.peak).toBe(2);
  });

  it('halves on 429 and grows back by one per run of successes', () => {
    const sem = new AdaptiveSemaphore(8);
    sem.onRateLimited();
    expect(sem.limit).toBe(4);
    sem.onRateLimited();
    sem.onRateLimited();
    sem.onRateLimited();
    expect(sem.limit).toBe(1);
    sem.onSuccess();
    expect(sem.limit).toBe(2);
    sem.onSuccess();
    expect(sem.limit).toBe(2);
    sem.onSuccess();
    expect(sem.limit).toBe(3);
    for (let i = 0; i < 100; i++) sem.onSuccess();
    expect(sem.limit).toBe(8);
  });

  it('resizes: wider lets waiters in at once; a limit lowered by 429s stays lowered', async () => {
    const sem = new AdaptiveSemaphore(2);
    await sem.acquire();
    await sem.acquire();
    let third = false;
    const waiting = sem.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    sem.resize(3);
    await waiting;
    expect([sem.max, sem.limit, sem.inFlight]).toEqual([3, 3, 3]);

    const slowed = new AdaptiveSemaphore(32);
    slowed.onRateLimited();
    expect(slowed.limit).toBe(16);
    slowed.resize(8);
    expect([slowed.max, slowed.limit]).toEqual([8, 8]);
    slowed.onRateLimited();
    slowed.resize(32);
    expect([slowed.max, slowed.limit]).toEqual([32, 4]);
  });
});

describe('response parsing', () => {
  it('keeps the fields we use and drops a secured value', () => {
    expect(
      parseVariable({ type: 'pipeline_variable', uuid: '{1}', key: 'A', value: 'x', secured: false, system: false }),
    ).toEqual({
      ok: true,
      value: { uuid: '{1}', key: 'A', value: 'x', secured: false },
    });
    expect(parseVariable({ uuid: '{2}', key: 'B', value: '', secured: true })).toEqual({
      ok: true,
      value: { uuid: '{2}', key: 'B', secured: true },
    });
  });

  it('reports items without uuid or key', () => {
    expect(parseVariable({ key: 'A' })).toEqual({ ok: false, reason: 'a variable has no "uuid"' });
    expect(parseVariable({ uuid: '{1}' })).toEqual({ ok: false, reason: 'variable {1} has no "key"' });
    expect(parseVariable('x')).toMatchObject({ ok: false });
    expect(parsePage({ values: 'nope' })).toEqual({ ok: false, reason: 'the page has no "values" list' });
  });

  it('reads environment types and comments', () => {
    expect(
      parseEnvironment({ uuid: '{e}', name: 'production', environment_type: { name: 'Production', rank: 2 } }),
    ).toEqual({
      ok: true,
      value: { uuid: '{e}', name: 'production', environmentType: 'Production' },
    });
    expect(parseEnvironment({ uuid: '{e}', name: 'x', environment_type: { name: 'Weird' } })).toEqual({
      ok: true,
      value: { uuid: '{e}', name: 'x' },
    });
    expect(parseComment({ id: 5, content: { raw: 'hi', markup: 'markdown' } })).toEqual({
      ok: true,
      value: { id: 5, raw: 'hi', deleted: false },
    });
  });
});
