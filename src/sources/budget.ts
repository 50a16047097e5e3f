/**
 * The size budget per pipeline step over the declared variables (pure), located at the scope
 * whose step is over: `validate` and `doctor` check it; `reconcile` checks the state after the
 * apply instead, live variables included (src/plan/budget.ts). The measuring is src/core/budget.ts.
 */
import type { Problem } from '../config/locate.ts';
import type { ScopeDecl } from '../config/scopes.ts';
import { describeStepBudget, stepBudgets } from '../core/budget.ts';
import { scopeId, type DesiredScope } from '../core/types.ts';

/** `desired[i]` was resolved from `decls[i]`. */
export function checkBudget(desired: readonly DesiredScope[], decls: readonly ScopeDecl[]): Problem[] {
  const declOf = new Map(desired.map((d, i) => [scopeId(d.scope), decls[i]!]));
  const problems: Problem[] = [];
  for (const step of stepBudgets(desired.map((d) => ({ scope: d.scope, entries: d.variables })))) {
    const found = describeStepBudget(step);
    if (!found) continue;
    problems.push({
      path: declOf.get(scopeId(step.scope))!.path,
      at: 'key',
      message: found.message,
      ...(found.severity === 'warning' ? { severity: 'warning' as const } : {}),
      ...(found.hint ? { hint: found.hint } : {}),
    });
  }
  return problems;
}
