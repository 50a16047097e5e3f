/**
 * One review from several plans: saved JSON plans (`reconcile --format json --out`, one per shard
 * or step) merged into the plan they partition, and every plan put in one canonical order, so the
 * comment and report of n shards are exactly those of the unsharded plan. Pure.
 */
import { compare } from '../core/data.ts';
import { scopeId, type ScopeRef } from '../core/types.ts';
import { UserError } from '../errors.ts';
import { checkPolicy, WHOLE_PLAN } from '../plan/policy.ts';
import type { Change, PlanSummary, PlanView, Violation } from '../plan/types.ts';
import { canonicalJson, type JsonChange, type JsonPlanDocument, type JsonScope } from '../render/json.ts';

/** Scopes in a fixed order (workspace, then each repository followed by its deployments, by name); warnings sorted, once each; violations by scope and key, the plan-wide one last. */
export function reviewView(plan: PlanView): PlanView {
  const scopes = [...plan.scopes].sort((a, b) => compareScopes(a.scope, b.scope));
  const violations = [...plan.violations].sort(
    (a, b) =>
      Number(a.scope === WHOLE_PLAN) - Number(b.scope === WHOLE_PLAN) ||
      compare(a.scope, b.scope) ||
      compare(a.key ?? '', b.key ?? '') ||
      compare(a.message, b.message),
  );
  return { ...plan, scopes, warnings: [...new Set(plan.warnings)].sort(compare), violations };
}

function compareScopes(a: ScopeRef, b: ScopeRef): number {
  const repo = (s: ScopeRef) => (s.type === 'workspace' ? '' : s.repository);
  const env = (s: ScopeRef) => (s.type === 'deployment' ? s.environment : '');
  return (
    Number(a.type !== 'workspace') - Number(b.type !== 'workspace') ||
    compare(repo(a), repo(b)) ||
    Number(a.type === 'deployment') - Number(b.type === 'deployment') ||
    compare(env(a), env(b))
  );
}

/** A saved plan as publish reads it. */
export interface NamedPlan {
  file: string;
  doc: JsonPlanDocument;
}

/** The merged plan and what its review needs besides. */
export interface MergedPlans {
  view: PlanView;
  workspace: string;
  manifestId: string;
  /** The plans' `--target`s: shared when every plan has the same, else all of them. */
  targets: string[];
}

/**
 * Merges saved plans of one manifest into the plan they make up together: changes of each scope
 * in order, summaries added, violations checked again against the manifest's policy (max_deletes
 * counts the deletes of all of them).
 *
 * @throws UserError when the plans come from different workspaces, manifests or policies, or one
 *   was written by a bb-vars without `manifest_id`.
 */
export function mergeSavedPlans(plans: readonly NamedPlan[]): MergedPlans {
  const first = plans[0];
  if (!first)
    throw new UserError('bb-vars publish needs at least one saved plan (reconcile --format json --out <file>).');
  for (const { file, doc } of plans) {
    if (doc.manifest_id === undefined)
      throw new UserError(
        `${file} has no manifest_id: it was written by an older bb-vars. Make it again with 'bb-vars reconcile --format json --out ${file}'.`,
      );
    if (doc.workspace !== first.doc.workspace)
      throw new UserError(
        `${file} is a plan for workspace '${doc.workspace}', ${first.file} for '${first.doc.workspace}': publish merges the plans of one manifest only.`,
      );
    if (doc.manifest_id !== first.doc.manifest_id)
      throw new UserError(
        `${file} is a plan of manifest id '${doc.manifest_id}', ${first.file} of '${first.doc.manifest_id}': publish merges the plans of one manifest only.`,
      );
    if (canonicalJson(doc.policy ?? {}) !== canonicalJson(first.doc.policy ?? {}))
      throw new UserError(
        `${file} and ${first.file} were planned with different policy: sections: they are not plans of the same manifest version. Plan them again from one commit.`,
      );
  }
  const byScope = new Map<string, { scope: ScopeRef; changes: Change[] }>();
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const { file, doc } of plans) {
    for (const k of Object.keys(summary) as Array<keyof PlanSummary>) summary[k] += doc.summary[k];
    warnings.push(...doc.warnings);
    const mine = new Set<string>();
    for (const json of doc.changes) {
      const change = fromJson(json);
      const id = scopeId(change.scope);
      if (seen.has(id) && !mine.has(id))
        throw new UserError(
          `${file} plans ${id} again: the plans overlap. Publish plans that partition the manifest (--shard i/n, one each).`,
        );
      mine.add(id);
      let entry = byScope.get(id);
      if (!entry) byScope.set(id, (entry = { scope: change.scope, changes: [] }));
      entry.changes.push(change);
    }
    for (const id of mine) seen.add(id);
  }
  const scopes = [...byScope.values()];
  const violations: Violation[] = checkPolicy({ scopes }, first.doc.policy);
  const all = plans.map((p) => p.doc.targets ?? []);
  const same = all.every((t) => canonicalJson(t) === canonicalJson(all[0]));
  const targets = same ? [...all[0]!] : [...new Set(all.flat())].sort(compare);
  return {
    view: { workspace: first.doc.workspace, scopes, summary, warnings, violations },
    workspace: first.doc.workspace,
    manifestId: first.doc.manifest_id!,
    targets,
  };
}

function scopeOf(json: JsonScope): ScopeRef {
  if (json.type === 'workspace') return { type: 'workspace', workspace: json.workspace };
  if (json.type === 'repository')
    return { type: 'repository', workspace: json.workspace, repository: json.repository! };
  return {
    type: 'deployment',
    workspace: json.workspace,
    repository: json.repository!,
    environment: json.environment!,
  };
}

function fromJson(json: JsonChange): Change {
  const scope = scopeOf(json.scope);
  const extra = {
    ...(json.location ? { location: { ...json.location } } : {}),
    ...(json.origin ? { origin: { ...json.origin } } : {}),
  };
  if (json.action === 'create-environment') {
    if (scope.type !== 'deployment')
      throw new UserError(`a create-environment change outside a deployment: ${json.key}`);
    return {
      action: 'create-environment',
      scope,
      key: json.key,
      environmentType: json.environment_type!,
      secured: false,
      sensitive: false,
      reason: 'missing-environment',
      ...extra,
    };
  }
  return {
    action: json.action,
    scope,
    key: json.key,
    secured: json.secured,
    sensitive: json.sensitive,
    reason: json.reason,
    ...(json.before ? { before: { ...json.before } } : {}),
    ...(json.after ? { after: { ...json.after } } : {}),
    ...extra,
  };
}
