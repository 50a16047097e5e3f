import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import type { FaultKind, Sandbox } from '../../src/sandbox/index.ts';
import { client, sandbox } from '../support/sandbox.ts';

const VARS = '/repositories/acme/api-service/pipelines_config/variables';
const scope: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api-service' };

/** Outcome of one request as a client sees it: a status, or 'reset' when the connection dropped. */
async function outcome(p: Promise<{ status: number }>): Promise<number | 'reset'> {
  try {
    return (await p).status;
  } catch {
    return 'reset';
  }
}

describe('rate limit', () => {
  it('answers 429 text/plain without Retry-After beyond the limit, per rolling window', async () => {
    let now = 1_000_000;
    const sb = await sandbox({ rateLimit: { limit: 3, windowMs: 60_000 }, now: () => now });
    const api = await client(sb);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.get(VARS)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api.get(VARS);
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('Rate limit for this resource has been exceeded');
    expect(limited.headers.get('content-type')).toBe('text/plain');
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(sb.requests.at(-1)).toMatchObject({ status: 429, fault: 'rate-limit' });
    now += 60_001;
    expect((await api.get(VARS)).status).toBe(200);
    sb.setRateLimit(undefined);
    for (let i = 0; i < 5; i++) expect((await api.get(VARS)).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('resets the connection before applying a request at an exact position', async () => {
    const sb = await sandbox({ faults: { at: { 2: 'reset-before' } } });
    const api = await client(sb);
    expect(await outcome(api.get(VARS))).toBe(200);
    expect(await outcome(api.post(VARS, { key: 'LOST', value: 'x' }))).toBe('reset');
    expect(sb.store.variable(scope, 'LOST')).toBeUndefined();
    expect(sb.requests.at(-1)).toMatchObject({ method: 'POST', status: null, fault: 'reset-before', applied: false });
    expect(await outcome(api.post(VARS, { key: 'LOST', value: 'x' }))).toBe(201);
  });

  it('resets after applying a mutation: the write happened, the response is lost', async () => {
    const sb = await sandbox({ faults: { at: { 1: 'reset-after' }, mutationsOnly: true } });
    const api = await client(sb);
    expect(await outcome(api.get(VARS))).toBe(200); // reads are not counted
    expect(await outcome(api.post(VARS, { key: 'APPLIED', value: 'CANARY-x', secured: true }))).toBe('reset');
    expect(sb.store.variable(scope, 'APPLIED')).toMatchObject({ value: 'CANARY-x', secured: true });
    expect(sb.requests.at(-1)).toMatchObject({ status: null, fault: 'reset-after', applied: true });
    // a retry now meets the duplicate
    expect(await outcome(api.post(VARS, { key: 'APPLIED', value: 'CANARY-x', secured: true }))).toBe(409);
  });

  it('injects 429 and 5xx answers without applying the request', async () => {
    const sb = await sandbox({ faults: { at: { 1: '429', 2: '500', 3: '502', 4: '503' } } });
    const api = await client(sb);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await api.post(VARS, { key: `K${i}`, value: 'v' }));
    expect(results.map((r) => r.status)).toEqual([429, 500, 502, 503]);
    expect(results[0]!.text).toBe('Rate limit for this resource has been exceeded');
    expect(results[1]!.body).toMatchObject({ type: 'error', error: { message: 'Something went wrong' } });
    expect(results[2]!.headers.get('content-type')).toBe('text/html');
    expect(sb.store.variables(scope).map((v) => v.key)).not.toContain('K0');
    expect(sb.requests.map((r) => r.fault)).toEqual(['429', '500', '502', '503']);
  });

  it('slows responses and adds latency', async () => {
    const sb = await sandbox({ latencyMs: 30, faults: { at: { 2: 'slow' }, slowMs: 150 } });
    const api = await client(sb);
    await api.get(VARS);
    const started = performance.now();
    expect((await api.get(VARS)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(170);
    expect(sb.requests[0]!.durationMs).toBeGreaterThanOrEqual(29);
    expect(sb.requests[1]!.durationMs).toBeGreaterThanOrEqual(175);
    sb.setLatency(0);
    sb.setFaults(undefined);
    await api.get(VARS);
    // Neither latency nor the slow fault applies any more: the log records no fault.
    expect(sb.requests[2]!.fault).toBeUndefined();
  });

  it('draws random faults reproducibly from the seed', async () => {
    const run = async (seedValue: number) => {
      const sb: Sandbox = await sandbox({
        faults: { seed: seedValue, rate429: 0.2, rate5xx: 0.2, resetBefore: 0.1, resetAfter: 0.1 },
      });
      const api = await client(sb);
      for (let i = 0; i < 100; i++) await outcome(api.get(VARS));
      return sb.requests.map((r) => r.fault ?? '-') as (FaultKind | '-')[];
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(7);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set(['-', '429', '500', '502', '503', 'reset-before', 'reset-after']));
    const faulted = a.filter((f) => f !== '-').length;
    expect(faulted).toBeGreaterThan(45);
    expect(faulted).toBeLessThan(75);
  });

  it('counts positions from setFaults()', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    await api.get(VARS);
    await api.get(VARS);
    sb.setFaults({ at: { 1: '503' } });
    expect((await api.get(VARS)).status).toBe(503);
    expect((await api.get(VARS)).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, path, query, route, status, credential and parsed body — in memory only', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    await api.get(`${VARS}?pagelen=5&page=1`);
    await api.post(VARS, { key: 'LOGGED', value: 'v' });
    expect(sb.tokenRequests).toHaveLength(1);
    expect(sb.tokenRequests[0]).toMatchObject({
      method: 'POST',
      status: 200,
      credential: 'bb-vars-demo',
      body: { grant_type: 'client_credentials' },
    });
    expect(sb.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: `/2.0${VARS}`,
        query: { pagelen: '5', page: '1' },
        status: 200,
        route: 'GET /repositories/{workspace}/{repo_slug}/pipelines_config/variables',
        credential: 'bb-vars-demo',
        applied: false,
      }),
      expect.objectContaining({
        method: 'POST',
        status: 201,
        body: { key: 'LOGGED', value: 'v' },
        applied: true,
        durationMs: expect.any(Number),
      }),
    ]);
    expect(sb.requests[0]!.seq).toBeLessThan(sb.requests[1]!.seq);
  });
});
