/**
 * Deployments taken out of the manifest that bb-vars still manages variables in. Their
 * repository's bookkeeping record lists them (`environments`), so they are read and pruned —
 * only what bb-vars manages, never the environment — until nothing of bb-vars' is left. A
 * deployment still declared under another case (`production` → `Production`) is the same
 * environment to Bitbucket, and is never pruned as removed. Pure.
 */
import { scopeId, type DesiredScope, type DesiredState, type LiveState, type ScopeRef } from '../core/types.ts';
import { DEFAULT_MANIFEST_ID, decodeBookkeeping, recordKey } from './bookkeeping.ts';
import type { FingerprintKeys } from './fingerprint.ts';

/** A scope's identity as Bitbucket sees it: environment names ignore case. */
export function sameScopeId(scope: ScopeRef): string {
  return scope.type === 'deployment'
    ? scopeId({ ...scope, environment: scope.environment.toLowerCase() })
    : scopeId(scope);
}

/**
 * `alsoDeclared`: scope ids (as `sameScopeId` gives them) declared in the manifest but not read by
 * this run (`--changed-since` may read a repository without its deployments): never orphans.
 */
export function findOrphanDeployments(
  desired: DesiredState,
  live: LiveState,
  keys: FingerprintKeys,
  manifestId = DEFAULT_MANIFEST_ID,
  alsoDeclared: ReadonlySet<string> = new Set(),
): DesiredScope[] {
  const declared = new Set([...desired.scopes.map((d) => sameScopeId(d.scope)), ...alsoDeclared]);
  const liveById = new Map(live.scopes.map((l) => [scopeId(l.scope), l]));
  const name = recordKey(manifestId);
  const orphans: DesiredScope[] = [];
  for (const d of desired.scopes) {
    // `prune: none` never deletes, so there is nothing to look for.
    if (d.scope.type !== 'repository' || d.prune === 'none') continue;
    const record = liveById.get(scopeId(d.scope))?.variables.find((v) => v.key === name && !v.secured);
    // Only an authentic record says where bb-vars manages variables (the planner warns about the others).
    let environments: string[] = [];
    try {
      environments =
        decodeBookkeeping(record?.value, { keys, binding: { scope: d.scope, manifestId }, name }).ok?.environments ??
        [];
    } catch {
      // A newer record format: the planner refuses it with its message.
    }
    for (const environment of environments) {
      const scope = {
        type: 'deployment' as const,
        workspace: d.scope.workspace,
        repository: d.scope.repository,
        environment,
      };
      if (declared.has(sameScopeId(scope))) continue;
      declared.add(sameScopeId(scope));
      orphans.push({ scope, prune: 'managed', variables: [], orphan: true });
    }
  }
  return orphans;
}
