/**
 * The manifest's guard rails (`policy:`), checked against a plan. Pure. A change is a violation
 * when it deletes, replaces or un-secures a variable in a protected scope; a plan deleting more
 * variables than `max_deletes` is one more. `--apply` refuses a plan with any (unless
 * `--allow-destructive`), so a wrong `prune: all` or a broken source cannot wipe a scope.
 */
import { parseProtectedScope, type ProtectedScope } from '../core/protected.ts';
import { scopeId, type ScopeRef } from '../core/types.ts';
import type { Change, PlanView, Violation } from './types.ts';

/** `policy:` as the manifest (and a saved JSON plan) writes it. */
export interface PolicyConfig {
  protected?: readonly string[];
  max_deletes?: number;
}

/** The `scope` of a violation that concerns the whole plan (max_deletes). */
export const WHOLE_PLAN = '*';

/** Every violation of `policy` in `plan`, in plan order; the max_deletes one last. */
export function checkPolicy(plan: Pick<PlanView, 'scopes'>, policy: PolicyConfig | undefined): Violation[] {
  if (!policy) return [];
  const entries = (policy.protected ?? []).flatMap((raw) => {
    const parsed = parseProtectedScope(raw);
    return parsed ? [{ raw, parsed }] : [];
  });
  // A project covers each repository that any change says came from it (`origin`, set by
  // project fan-out): its deletes of keys no longer declared carry no origin of their own.
  const fromProject = new Set<string>();
  for (const scope of plan.scopes)
    for (const change of scope.changes)
      if (change.origin && change.scope.type !== 'workspace')
        fromProject.add(`${change.origin.project}\0${change.scope.repository}`);
  const violations: Violation[] = [];
  let deletes = 0;
  for (const scope of plan.scopes) {
    for (const change of scope.changes) {
      if (change.action === 'delete') deletes++;
      const what = forbidden(change);
      if (what === undefined) continue;
      const entry = entries.find((e) => protects(e.parsed, change, fromProject));
      if (!entry) continue;
      const where = scopeId(change.scope);
      violations.push({
        rule: 'protected',
        scope: where,
        key: change.key,
        message: `${what} ${change.key} in ${where}, which policy.protected protects ('${entry.raw}')`,
      });
    }
  }
  const max = policy.max_deletes;
  if (max !== undefined && deletes > max) {
    violations.push({
      rule: 'max_deletes',
      scope: WHOLE_PLAN,
      message: `the plan deletes ${deletes} variable${deletes === 1 ? '' : 's'}; policy.max_deletes allows at most ${max}`,
    });
  }
  return violations;
}

/** What a protected scope forbids this change to do, in words; undefined when it may. */
function forbidden(change: Change): string | undefined {
  switch (change.action) {
    case 'delete':
      return 'deletes';
    case 'replace':
      return change.before?.secured === true && !change.secured ? 'un-secures' : 'replaces';
    default:
      return undefined;
  }
}

/**
 * Whether `entry` covers the change's scope: a repository covers its deployments; environment
 * names compare without case, as Bitbucket's do; `project:<KEY>` covers the changes a project
 * fans out to (see above; a plan without projects matches none).
 */
function protects(entry: ProtectedScope, change: Change, fromProject: ReadonlySet<string>): boolean {
  const scope: ScopeRef = change.scope;
  switch (entry.kind) {
    case 'workspace':
      return scope.type === 'workspace';
    case 'repository':
      return scope.type !== 'workspace' && scope.repository === entry.repository;
    case 'deployment':
      return (
        scope.type === 'deployment' &&
        scope.repository === entry.repository &&
        scope.environment.toLowerCase() === entry.environment.toLowerCase()
      );
    case 'project':
      return scope.type !== 'workspace' && fromProject.has(`${entry.project}\0${scope.repository}`);
  }
}
