/**
 * Bitbucket's size budget (pure): all variable names and values that reach one pipeline step —
 * workspace, repository and one deployment environment — may total about 120,000 characters.
 * A more specific scope overrides a key of a wider one, so each key counts once.
 */
import type { Problem } from '../config/locate.ts';
import type { ScopeDecl } from '../config/scopes.ts';
import type { DesiredScope } from '../core/types.ts';

export const STEP_BUDGET = 120_000;
export const STEP_BUDGET_WARNING = 108_000;

export function checkBudget(desired: readonly DesiredScope[], decls: readonly ScopeDecl[]): Problem[] {
  const problems: Problem[] = [];
  const sizeOf = (s: string): number => {
    let n = 0;
    for (const _ of s) n++; // code points: what a person counts as characters
    return n;
  };
  const workspace = desired.find((d) => d.scope.type === 'workspace');
  const check = (layers: Array<DesiredScope | undefined>, decl: ScopeDecl, label: string): void => {
    const effective = new Map<string, string>();
    for (const layer of layers) for (const v of layer?.variables ?? []) effective.set(v.key, v.value);
    let total = 0;
    for (const [k, v] of effective) total += sizeOf(k) + sizeOf(v);
    if (total <= STEP_BUDGET_WARNING) return;
    const amount = `${total.toLocaleString('en-US')} characters`;
    if (total > STEP_BUDGET) {
      problems.push({
        path: decl.path,
        at: 'key',
        message: `variables reaching a step of ${label} total ${amount}; Bitbucket allows ${STEP_BUDGET.toLocaleString('en-US')}`,
        hint: 'move large values (certificates, JSON documents) to files fetched at run time, or drop unused variables',
      });
    } else {
      problems.push({
        path: decl.path,
        at: 'key',
        severity: 'warning',
        message: `variables reaching a step of ${label} total ${amount}, over 90% of Bitbucket's ${STEP_BUDGET.toLocaleString('en-US')}`,
      });
    }
  };
  for (let i = 0; i < desired.length; i++) {
    const scope = desired[i]!;
    const decl = decls[i]!;
    if (scope.scope.type === 'repository') {
      const repo = scope.scope.repository;
      const deployments = desired.filter((d) => d.scope.type === 'deployment' && d.scope.repository === repo);
      if (deployments.length === 0) check([workspace, scope], decl, `repository ${repo}`);
    } else if (scope.scope.type === 'deployment') {
      const repo = desired.find(
        (d) =>
          d.scope.type === 'repository' && d.scope.repository === (scope.scope as { repository: string }).repository,
      );
      check([workspace, repo, scope], decl, `${scope.scope.repository}/${scope.scope.environment}`);
    }
  }
  if (workspace && desired.length === 1) check([workspace], decls[0]!, 'the workspace');
  return problems;
}
