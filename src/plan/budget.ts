/**
 * The size budget per pipeline step at plan time (pure): measured on the state the apply leaves —
 * the declared values, every live variable the plan keeps (those bb-vars does not manage, other
 * manifests' records), and this manifest's record as apply will write it — for the scopes read.
 * Secured live values Bitbucket never returns count by their key only, and say so.
 */
import { describeStepBudget, stepBudgets, type BudgetEntry, type BudgetScope } from '../core/budget.ts';
import { scopeId, type DesiredState, type LiveState } from '../core/types.ts';
import { encodeBookkeeping } from './bookkeeping.ts';
import type { Plan } from './types.ts';

export interface BudgetFinding {
  severity: 'error' | 'warning';
  /** One line, naming the step and its biggest variables. */
  message: string;
}

export function planBudget(
  desired: DesiredState,
  live: LiveState,
  plan: Plan,
  fingerprintKey: Buffer,
): BudgetFinding[] {
  const desiredOf = new Map(desired.scopes.map((s) => [scopeId(s.scope), s]));
  const planOf = new Map(plan.scopes.map((s) => [scopeId(s.scope), s]));
  const scopes: BudgetScope[] = live.scopes.map((liveScope) => {
    const id = scopeId(liveScope.scope);
    const declared = desiredOf.get(id)?.variables ?? [];
    const scopePlan = planOf.get(id);
    const deleted = new Set(scopePlan?.changes.filter((c) => c.action === 'delete').map((c) => c.key));
    const keys = new Set(declared.map((v) => v.key));
    const liveSecured = new Set(liveScope.variables.filter((v) => v.secured).map((v) => v.key));
    const entries: BudgetEntry[] = declared.map((v) => ({
      key: v.key,
      value: v.value,
      secured: v.secured || v.sensitive || liveSecured.has(v.key),
    }));
    for (const v of liveScope.variables) {
      if (keys.has(v.key) || deleted.has(v.key) || v.key === scopePlan?.recordKey) continue;
      entries.push(v.value === undefined ? { key: v.key } : { key: v.key, value: v.value });
    }
    if (scopePlan) {
      const binding = { scope: liveScope.scope, manifestId: plan.manifestId };
      entries.push({
        key: scopePlan.recordKey,
        value: encodeBookkeeping(scopePlan.bookkeepingAfter, fingerprintKey, binding),
      });
    }
    return { scope: liveScope.scope, entries };
  });
  return stepBudgets(scopes).flatMap((step) => {
    const found = describeStepBudget(step);
    if (!found) return [];
    return [{ severity: found.severity, message: found.hint ? `${found.message}. Fix: ${found.hint}` : found.message }];
  });
}
