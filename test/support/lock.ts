/** The apply lock as tests see it in the sandbox's request log. */
import { isRecord } from '../../src/core/data.ts';
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
