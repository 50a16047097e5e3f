/**
 * The apply lock's pieces: its value, durations, holder, and acquire/renew/release through the
 * real client against the sandbox (the end-to-end behaviour is in test/e2e/lock.test.ts).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  acquireLock,
  formatDuration,
  lockExpiry,
  lockHolder,
  parseDuration,
  parseLockValue,
  type LockRequest,
} from '../../src/apply/lock.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { UserError } from '../../src/errors.ts';
import { isLockKey } from '../../src/plan/bookkeeping.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { clientFor, envFor } from '../support/client.ts';

const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };

async function world(): Promise<{ sandbox: Sandbox; client: ReturnType<typeof clientFor>['client'] }> {
  const sandbox = await startSandbox({
    seed: {
      credentials: {
        oauthConsumers: [{ clientId: 'c', clientSecret: 's', scopes: ['pipeline', 'pipeline:variable', 'repository'] }],
      },
      workspaces: { acme: { repositories: { api: {} } } },
    },
  });
  onTestFinished(() => sandbox.close());
  return { sandbox, client: clientFor(envFor(sandbox)).client };
}

function request(overrides: Partial<LockRequest> = {}): LockRequest & { notices: string[] } {
  const notices: string[] = [];
  return {
    workspace: 'acme',
    repository: 'api',
    manifestId: 'default',
    holder: 'tester@host pid 1',
    timeoutMs: 0,
    pollMs: 1,
    notice: (m) => notices.push(m),
    notices,
    ...overrides,
  };
}

describe('values and durations', () => {
  it('parses durations as --lock-timeout takes them, and formats them back', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('45')).toBe(45_000);
    for (const bad of ['', '5 minutes', '-1s', '1.5m', 'm', '5d']) expect(parseDuration(bad)).toBeUndefined();
    expect([300_000, 30_000, 3_600_000, 90_000, 0].map(formatDuration)).toEqual(['5m', '30s', '1h', '90s', '0s']);
  });

  it('reads only lock values bb-vars writes; the lease counts from the last renewal', () => {
    const lock = { holder: 'a@b pid 1', since: '2026-01-01T00:00:00.000Z', lease_seconds: 600 };
    expect(parseLockValue(JSON.stringify(lock))).toEqual(lock);
    expect(lockExpiry(lock)).toBe(Date.parse('2026-01-01T00:10:00.000Z'));
    const renewed = { ...lock, renewed: '2026-01-01T00:05:00.000Z' };
    expect(lockExpiry(parseLockValue(JSON.stringify(renewed))!)).toBe(Date.parse('2026-01-01T00:15:00.000Z'));
    for (const bad of [
      undefined,
      'not json',
      '[]',
      JSON.stringify({ ...lock, since: 'yesterday' }),
      JSON.stringify({ ...lock, lease_seconds: -1 }),
      JSON.stringify({ ...lock, holder: 7 }),
      JSON.stringify({ ...lock, renewed: 'later' }),
    ])
      expect(parseLockValue(bad)).toBeUndefined();
  });

  it('names the holder: the pipeline build in a pipeline, else user@host and pid', () => {
    expect(lockHolder({ BITBUCKET_BUILD_NUMBER: '42', BITBUCKET_REPO_SLUG: 'infra' })).toBe(
      'pipeline build 42 in infra (BITBUCKET_BUILD_NUMBER)',
    );
    expect(lockHolder({}, 123)).toMatch(/^.+@.+ pid 123$/);
  });

  it('knows lock keys of every manifest id, and nothing else', () => {
    expect(['BB_VARS_LOCK', 'BB_VARS_LOCK_PLATFORM', 'BB_VARS_LOCK_MY_APP'].every(isLockKey)).toBe(true);
    expect(['BB_VARS_STATE', 'BB_VARS_LOCKS', 'BB_VARS_LOCK_', 'MY_BB_VARS_LOCK'].some(isLockKey)).toBe(false);
  });
});

describe('acquire, renew, release (against the sandbox)', () => {
  it('creates BB_VARS_LOCK_<ID> with holder, since and lease; release deletes it', async () => {
    const { sandbox, client } = await world();
    const held = await acquireLock(
      client,
      request({ manifestId: 'my-app', now: () => Date.parse('2030-01-01T00:00:00Z') }),
    );
    expect(held.key).toBe('BB_VARS_LOCK_MY_APP');
    const stored = sandbox.store.variable(api, 'BB_VARS_LOCK_MY_APP');
    expect(stored?.secured).toBe(false);
    expect(JSON.parse(stored!.value)).toEqual({
      holder: 'tester@host pid 1',
      since: '2030-01-01T00:00:00.000Z',
      lease_seconds: 600,
    });
    await held.release();
    expect(sandbox.store.variable(api, 'BB_VARS_LOCK_MY_APP')).toBeUndefined();
  });

  it('renewing rewrites the lease; once another run took the lock over, renewing says so and release leaves its lock', async () => {
    const { sandbox, client } = await world();
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const first = await acquireLock(client, request({ now: () => clock }));
    clock += 300_000;
    expect(await first.renew()).toBe(true);
    expect(parseLockValue(sandbox.store.variable(api, 'BB_VARS_LOCK')!.value)?.renewed).toBe(
      '2030-01-01T00:05:00.000Z',
    );

    // Past the renewed lease, a second run takes it over.
    clock += 601_000;
    const second = request({ holder: 'other@host pid 2', now: () => clock });
    const taken = await acquireLock(client, second);
    expect(second.notices).toEqual([
      expect.stringMatching(
        /^Taking over the lock held by tester@host pid 1 since 2030-01-01T00:00:00.000Z: its lease of 600 s ran out at 2030-01-01T00:15:00.000Z\.$/,
      ),
    ]);
    expect(await first.renew()).toBe(false);
    await first.release();
    expect(parseLockValue(sandbox.store.variable(api, 'BB_VARS_LOCK')!.value)?.holder).toBe('other@host pid 2');
    await taken.release();
    expect(sandbox.store.variable(api, 'BB_VARS_LOCK')).toBeUndefined();
  });

  it('a create whose answer was lost, retried into a 409, still takes the lock (the value is its own)', async () => {
    const { sandbox, client } = await world();
    sandbox.setFaults({ mutationsOnly: true, at: { 1: 'reset-after' } });
    const held = await acquireLock(client, request());
    expect(sandbox.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([null, 409]);
    expect(parseLockValue(sandbox.store.variable(api, 'BB_VARS_LOCK')!.value)?.holder).toBe('tester@host pid 1');
    await held.release();
    expect(sandbox.store.variable(api, 'BB_VARS_LOCK')).toBeUndefined();
  });

  it('an unreadable lock is never taken over: the error says how to clear it', async () => {
    const { sandbox, client } = await world();
    sandbox.store.setVariable(api, { key: 'BB_VARS_LOCK', value: 'hand-made', secured: true });
    const error = await acquireLock(client, request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('held by an unknown holder (its value is not a lock bb-vars wrote)');
    expect((error as Error).message).toContain(
      'To clear it, delete the repository variable BB_VARS_LOCK in repository api',
    );
    expect(sandbox.store.variable(api, 'BB_VARS_LOCK')?.secured).toBe(true);
  });

  it('an aborted wait stops at once, changing nothing', async () => {
    const { sandbox, client } = await world();
    const value = JSON.stringify({ holder: 'x@y pid 9', since: new Date().toISOString(), lease_seconds: 600 });
    sandbox.store.setVariable(api, { key: 'BB_VARS_LOCK', value });
    const abort = new AbortController();
    const waiting = acquireLock(
      client,
      request({ timeoutMs: 3_600_000, pollMs: 60_000, signal: abort.signal, notice: () => abort.abort() }),
    );
    await expect(waiting).rejects.toThrow('Interrupted while waiting for the lock: nothing was changed.');
    expect(sandbox.store.variable(api, 'BB_VARS_LOCK')?.value).toBe(value);
  });
});
