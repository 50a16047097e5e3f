/** The apply lock as tests see it in the sandbox's request log. */
import { isRecord } from '../../src/core/data.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';

/**
 * The sandbox's writes (from request `fromSeq` on) as `METHOD <repository> <key>`, e.g.
 * `POST api BB_VARS_LOCK` (`variable` where the request names no key: updates and deletes).
 */
export function writesOf(sandbox: Sandbox, fromSeq = 0): string[] {
  return sandbox.requests
    .filter((r) => r.method !== 'GET' && r.seq > fromSeq)
    .map((r) => {
      const repository = /\/repositories\/[^/]+\/([^/]+)\//.exec(r.path)?.[1] ?? 'workspace';
      const key = isRecord(r.body) && typeof r.body.key === 'string' ? r.body.key : 'variable';
      return `${r.method} ${repository} ${key}`;
    });
}

/** The writes of an apply that took the lock in `home` and released it, and wrote nothing else. */
export function lockOnly(home: string, key = 'BB_VARS_LOCK'): string[] {
  return [`POST ${home} ${key}`, `DELETE ${home} variable`];
}

/**
 * Moves the `since` of every apply lock in `repositories` of workspace `acme` a lease and a bit
 * into the past: a killed run's lock, as the next apply finds it once its lease has run out.
 */
export function expireLocks(sandbox: Sandbox, repositories: readonly string[] = ['api', 'web']): number {
  let expired = 0;
  for (const repository of repositories) {
    const scope: ScopeRef = { type: 'repository', workspace: 'acme', repository };
    for (const v of sandbox.store.variables(scope)) {
      if (!/^BB_VARS_LOCK(_|$)/.test(v.key)) continue;
      const lock = JSON.parse(v.value) as { since: string; lease_seconds: number };
      const since = new Date(Date.parse(lock.since) - (lock.lease_seconds + 1) * 1000).toISOString();
      sandbox.store.setVariable(scope, { key: v.key, value: JSON.stringify({ ...lock, since }) });
      expired++;
    }
  }
  return expired;
}
