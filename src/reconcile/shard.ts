/**
 * `--shard <i>/<n>`: a stable share of the manifest's repositories, so n runs (parallel steps with
 * a credential each, or n scheduled runs) together check everything while each one stays within
 * one credential's hourly request allowance. Pure.
 *
 * - A repository's share is the first 4 bytes of sha256(slug lower-cased), big-endian, mod n: it
 *   depends only on the slug and n, never on the manifest's order or size, so adding a repository
 *   moves no other one.
 * - A repository and its environments are never split (deployment scopes follow their repository,
 *   and so do the removed deployments its record names, which the read finds from it).
 * - Workspace variables belong to shard 0.
 * - Hook for anything else that names repositories (a project's repositories once they are fanned
 *   out, repositories an inventory lists as removed): keep those for which `inShard` is true.
 */
import { createHash } from 'node:crypto';
import type { DesiredState, ScopeRef } from '../core/types.ts';
import { UsageError } from '../errors.ts';

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

/** The most shards a run may be split into (Bitbucket Pipelines allows up to 100 parallel steps). */
export const MAX_SHARDS = 1000;

/** Parses `--shard <i>/<n>` (0-based i < n). */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index >= count) {
    throw new UsageError(
      `--shard must be <i>/<n> with 0 <= i < n <= ${MAX_SHARDS} (i counts from 0), got '${text}'. ` +
        'In Bitbucket Pipelines parallel steps: --shard "$BITBUCKET_PARALLEL_STEP/$BITBUCKET_PARALLEL_STEP_COUNT".',
    );
  }
  return { index, count };
}

/** `1/3`. */
export function shardLabel(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** The shard (0 … count-1) a repository belongs to. */
export function shardOf(repository: string, count: number): number {
  return createHash('sha256').update(repository.toLowerCase(), 'utf8').digest().readUInt32BE(0) % count;
}

/** True when the scope belongs to the shard: workspace variables to shard 0, the rest by repository. */
export function inShard(scope: ScopeRef, shard: Shard): boolean {
  if (scope.type === 'workspace') return shard.index === 0;
  return shardOf(scope.repository, shard.count) === shard.index;
}

/** The desired state limited to one shard, and what that shard covers (`shard 1/3: 34 of 100 repositories`). */
export function selectShard(desired: DesiredState, shard: Shard): { desired: DesiredState; note: string } {
  const scopes = desired.scopes.filter((s) => inShard(s.scope, shard));
  const repositories = (list: DesiredState['scopes']) =>
    new Set(list.flatMap((s) => (s.scope.type === 'workspace' ? [] : [s.scope.repository]))).size;
  const workspace = scopes.some((s) => s.scope.type === 'workspace') ? ' and the workspace variables' : '';
  return {
    desired: { ...desired, scopes },
    note: `shard ${shardLabel(shard)}: ${repositories(scopes)} of ${repositories(desired.scopes)} repositories${workspace}`,
  };
}
