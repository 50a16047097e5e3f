/**
 * The per-step size budget: measured per step (workspace + repository, and workspace + repository
 * + each deployment), with a narrower scope overriding a key once; at plan time on the state the
 * apply leaves, live variables bb-vars does not manage and its records included.
 */
import { describe, expect, it } from 'vitest';
import { describeStepBudget, stepBudgets, STEP_BUDGET } from '../../src/core/budget.ts';
import type { DesiredState, LiveState } from '../../src/core/types.ts';
import { planBudget } from '../../src/plan/budget.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import {
  KEY,
  WS,
  dep,
  desired,
  live,
  livePlain,
  liveSecured,
  plain,
  repo,
  stateVar,
  ws,
} from '../support/plan-builders.ts';

const x = (n: number): string => 'x'.repeat(n);

describe('stepBudgets', () => {
  it('measures workspace + repository, and workspace + repository + each deployment, each key once', () => {
    const steps = stepBudgets([
      {
        scope: ws,
        entries: [
          { key: 'W', value: x(9) },
          { key: 'SHARED', value: x(99) },
        ],
      },
      { scope: repo(), entries: [{ key: 'R', value: x(19) }] },
      { scope: dep('api', 'production'), entries: [{ key: 'SHARED', value: x(4) }] },
      { scope: dep('api', 'staging'), entries: [{ key: 'S', value: 'é'.repeat(9) }] },
    ]);
    expect(steps.map((s) => [s.scope.type === 'workspace' ? 'workspace' : s.scope, s.total])).toEqual([
      [repo(), 10 + 105 + 20],
      [dep('api', 'production'), 10 + 20 + 10],
      // Code points, not bytes.
      [dep('api', 'staging'), 10 + 105 + 20 + 10],
    ]);
    expect(steps[0]!.biggest.map((b) => b.key)).toEqual(['SHARED', 'R', 'W']);
  });

  it('measures the workspace alone when nothing else is declared', () => {
    expect(stepBudgets([{ scope: ws, entries: [{ key: 'W', value: '1' }] }]).map((s) => s.total)).toEqual([2]);
  });

  it('never names the size of a secured value (a length says something about a secret)', () => {
    const [step] = stepBudgets([
      {
        scope: repo(),
        entries: [
          { key: 'BIG', value: x(110_000) },
          { key: 'PIN', value: '4711', secured: true },
        ],
      },
    ]);
    const said = describeStepBudget(step!)!.message;
    expect(said).toContain('PIN in repository api (secured)');
    expect(said).not.toContain('(7)');
    expect(said).toContain('BIG in repository api (110,003)');
  });

  it('warns above 90%, fails above the limit, naming the biggest variables and what it could not count', () => {
    const [near] = stepBudgets([{ scope: repo(), entries: [{ key: 'BIG', value: x(110_000) }, { key: 'SECRET' }] }]);
    expect(describeStepBudget(near!)).toEqual({
      severity: 'warning',
      message:
        "variables reaching a step of repository api total 110,009 characters, over 90% of Bitbucket's 120,000; biggest: BIG in repository api (110,003), SECRET in repository api (6); 1 secured value not counted (Bitbucket never returns them)",
    });
    const [over] = stepBudgets([
      { scope: ws, entries: [{ key: 'W', value: x(STEP_BUDGET / 2) }] },
      { scope: repo(), entries: [{ key: 'R', value: x(STEP_BUDGET / 2) }] },
    ]);
    expect(describeStepBudget(over!)).toMatchObject({
      severity: 'error',
      message:
        'variables reaching a step of repository api total 120,002 characters; Bitbucket allows 120,000; biggest: W in workspace acme (60,001), R in repository api (60,001)',
    });
    const [fine] = stepBudgets([{ scope: repo(), entries: [{ key: 'A', value: x(108_000 - 1) }] }]);
    expect(describeStepBudget(fine!)).toBeUndefined();
  });
});

describe('planBudget (plan time)', () => {
  function budgetOf(d: DesiredState, l: LiveState) {
    const plan = planReconcile(d, l, { fingerprintKey: KEY, forceSecured: false });
    return planBudget(d, l, plan, KEY);
  }

  it('counts live variables bb-vars does not manage, and its own records', () => {
    const d: DesiredState = { workspace: WS, scopes: [desired(repo(), [plain('MINE', x(60_000))])] };
    const l: LiveState = { workspace: WS, scopes: [live(repo(), [livePlain('HAND_MADE', x(60_000))])] };
    const [finding] = budgetOf(d, l);
    expect(finding!.severity).toBe('error');
    expect(finding!.message).toMatch(
      /^variables reaching a step of repository api total 120,\d{3} characters; Bitbucket allows 120,000; biggest: (MINE|HAND_MADE) in repository api \(60,00\d\), (MINE|HAND_MADE) in repository api \(60,00\d\), BB_VARS_STATE in repository api \(\d+\)\. Fix: move large values/,
    );
    // Declared alone, it fits: only the live variable makes it fail.
    expect(budgetOf(d, { workspace: WS, scopes: [live(repo(), [])] })).toEqual([]);
  });

  it('leaves out what the apply deletes, and counts a declared value once, as declared', () => {
    const d: DesiredState = {
      workspace: WS,
      scopes: [desired(repo(), [plain('A', x(108_000))]), desired(dep(), [plain('D', 'd')])],
    };
    const l: LiveState = {
      workspace: WS,
      scopes: [
        // OLD is managed and no longer declared: deleted, so not counted. A is updated.
        live(repo(), [livePlain('A', 'short'), livePlain('OLD', x(50_000)), stateVar({ A: '', OLD: '' })]),
        live(dep(), [liveSecured('TOKEN')]),
      ],
    };
    const found = budgetOf(d, l);
    expect(found.map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(found[1]!.message).toMatch(/step of deployment api\/production total 108,\d{3} characters/);
    expect(found[1]!.message).toMatch(/1 secured value not counted/);
    expect(found.map((f) => f.message).join('\n')).not.toMatch(/OLD/);
  });

  it('includes the workspace when it was read', () => {
    const d: DesiredState = {
      workspace: WS,
      scopes: [desired(ws, [plain('W', '1')]), desired(repo(), [plain('R', '1')])],
    };
    const l: LiveState = {
      workspace: WS,
      scopes: [live(ws, [livePlain('ORG', x(115_000))]), live(repo(), [])],
    };
    const [finding] = budgetOf(d, l);
    expect(finding!.message).toMatch(
      /^variables reaching a step of repository api total 115,\d{3} characters, over 90%.*biggest: ORG in workspace acme/,
    );
  });
});
