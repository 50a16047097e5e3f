/**
 * Bitbucket's size budget per pipeline step (pure): the names and values of all variables that
 * reach one step may total about 120,000 characters. A step sees the workspace's variables, its
 * repository's, and — in a deployment step — one environment's: so the budget holds for
 * workspace + repository and for workspace + repository + each deployment. A narrower scope
 * overrides a key of a wider one, so each key counts once, with the narrower value.
 *
 * `validate` measures the declared variables (src/sources/budget.ts); `reconcile` the state after
 * the apply, live variables it does not manage and its own records included (src/plan/budget.ts).
 */
import { scopeLabel, type ScopeRef } from './types.ts';

export const STEP_BUDGET = 120_000;
/** 90%: a warning from here. */
export const STEP_BUDGET_WARNING = 108_000;
/** How many of the biggest variables a message names. */
const BIGGEST = 3;

/** A variable as the budget sees it; `value` undefined: not known (a secured live value), only the key counts. */
export interface BudgetEntry {
  key: string;
  value?: string;
  /** A secured (or sensitive) value: counted, but its size is never named (it says something about the secret). */
  secured?: boolean;
  sensitive?: boolean;
}

/** One scope's variables. */
export interface BudgetScope {
  scope: ScopeRef;
  entries: readonly BudgetEntry[];
}

export interface StepBudget {
  /** The narrowest scope of the step: a repository (a step without deployment) or a deployment. */
  scope: ScopeRef;
  /** Characters (code points) of the keys and values that reach the step. */
  total: number;
  /** Variables counted by their key only, their value being unknown (secured values Bitbucket never returns). */
  unknown: number;
  /** The biggest variables, largest first. */
  biggest: Array<{ scope: ScopeRef; key: string; size: number; secret: boolean }>;
}

/** Code points: what a person counts as characters. */
function sizeOf(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Measures one step from its layers, widest first. */
function measure(scope: ScopeRef, layers: ReadonlyArray<BudgetScope | undefined>): StepBudget {
  const effective = new Map<string, { scope: ScopeRef; key: string; size: number; known: boolean; secret: boolean }>();
  for (const layer of layers)
    for (const entry of layer?.entries ?? [])
      effective.set(entry.key, {
        scope: layer!.scope,
        key: entry.key,
        size: sizeOf(entry.key) + (entry.value === undefined ? 0 : sizeOf(entry.value)),
        known: entry.value !== undefined,
        secret: entry.secured === true || entry.sensitive === true,
      });
  const all = [...effective.values()];
  return {
    scope,
    total: all.reduce((n, e) => n + e.size, 0),
    unknown: all.filter((e) => !e.known).length,
    biggest: all
      .sort((a, b) => b.size - a.size)
      .slice(0, BIGGEST)
      .map(({ scope: where, key, size, secret }) => ({ scope: where, key, size, secret })),
  };
}

/**
 * Every step the scopes make: workspace + repository for each repository, workspace + repository
 * + deployment for each deployment (its repository's layer when present), or the workspace alone
 * when there is nothing else.
 */
export function stepBudgets(scopes: readonly BudgetScope[]): StepBudget[] {
  const workspace = scopes.find((s) => s.scope.type === 'workspace');
  const repository = (name: string) => scopes.find((s) => s.scope.type === 'repository' && s.scope.repository === name);
  const steps: StepBudget[] = [];
  for (const s of scopes) {
    if (s.scope.type === 'repository') steps.push(measure(s.scope, [workspace, s]));
    else if (s.scope.type === 'deployment')
      steps.push(measure(s.scope, [workspace, repository(s.scope.repository), s]));
  }
  if (workspace && steps.length === 0) steps.push(measure(workspace.scope, [workspace]));
  return steps;
}

/** What to say about a step over 90% of the budget (undefined below). Names the biggest variables. */
export function describeStepBudget(
  step: StepBudget,
): { severity: 'error' | 'warning'; message: string; hint?: string } | undefined {
  if (step.total <= STEP_BUDGET_WARNING) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  const biggest = step.biggest
    .map((b) => `${b.key} in ${scopeLabel(b.scope)} (${b.secret ? 'secured' : n(b.size)})`)
    .join(', ');
  const unknown =
    step.unknown > 0
      ? `; ${step.unknown} secured value${step.unknown === 1 ? '' : 's'} not counted (Bitbucket never returns them)`
      : '';
  const what = `variables reaching a step of ${scopeLabel(step.scope)} total ${n(step.total)} characters`;
  const tail = `; biggest: ${biggest}${unknown}`;
  if (step.total > STEP_BUDGET)
    return {
      severity: 'error',
      message: `${what}; Bitbucket allows ${n(STEP_BUDGET)}${tail}`,
      hint: 'move large values (certificates, JSON documents) to files fetched at run time, or drop unused variables',
    };
  return { severity: 'warning', message: `${what}, over 90% of Bitbucket's ${n(STEP_BUDGET)}${tail}` };
}
