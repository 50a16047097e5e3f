/**
 * A keyed digest of the live state a plan was made against, recorded in saved plans so
 * `--apply --plan` can refuse when Bitbucket changed in between. Keyed (HMAC with the
 * fingerprint key) so the digest reveals nothing about plain values either. Pure.
 */
import { createHmac } from 'node:crypto';
import { scopeId, type LiveState } from '../core/types.ts';
import { compare } from '../core/data.ts';
import { isLockKey } from './bookkeeping.ts';

export function liveDigest(live: LiveState, fingerprintKey: Buffer): string {
  const hmac = createHmac('sha256', fingerprintKey).update('bb-vars live-state v1\0');
  const scopes = [...live.scopes].sort((a, b) => compare(scopeId(a.scope), scopeId(b.scope)));
  for (const scope of scopes) {
    hmac.update(JSON.stringify([scopeId(scope.scope), scope.exists, scope.environmentUuid ?? null]));
    // The lock is taken before an apply reads: a saved plan made without it is not stale for it.
    const variables = scope.variables.filter((v) => !isLockKey(v.key)).sort((a, b) => compare(a.key, b.key));
    for (const v of variables) hmac.update(JSON.stringify([v.uuid, v.key, v.secured, v.value ?? null]));
  }
  return `hmac-sha256:${hmac.digest('base64url')}`;
}
