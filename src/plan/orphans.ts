/**
 * Deployments taken out of the manifest that bb-vars still manages variables in. Their
 * repository's bookkeeping record lists them (`environments`), so they are read and pruned —
 * only what bb-vars manages, never the environment — until nothing of bb-vars' is left. Pure.
 */
import { scopeId, type DesiredScope, type DesiredState, type LiveState } from '../core/types.ts';
import { BB_VARS_STATE, decodeBookkeeping } from './bookkeeping.ts';

export function findOrphanDeployments(desired: DesiredState, live: LiveState): DesiredScope[] {
  const declared = new Set(desired.scopes.map((d) => scopeId(d.scope)));
  const liveById = new Map(live.scopes.map((l) => [scopeId(l.scope), l]));
  const orphans: DesiredScope[] = [];
  for (const d of desired.scopes) {
    // `prune: none` never deletes, so there is nothing to look for.
    if (d.scope.type !== 'repository' || d.prune === 'none') continue;
    const record = liveById.get(scopeId(d.scope))?.variables.find((v) => v.key === BB_VARS_STATE && !v.secured);
    const environments = decodeBookkeeping(record?.value).ok?.environments ?? [];
    for (const environment of environments) {
      const scope = { type: 'deployment' as const, workspace: d.scope.workspace, repository: d.scope.repository, environment };
      if (!declared.has(scopeId(scope))) orphans.push({ scope, prune: 'managed', variables: [], orphan: true });
    }
  }
  return orphans;
}
