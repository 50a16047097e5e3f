/**
 * After a faulted apply: re-run apply without faults until a plan shows no changes, then check
 * the store. Shared by the kill-at-every-step, random-fault and concurrency tests.
 */
import { assert } from 'vitest';
import { convergenceProblems, isCrash, type World } from './in-process.ts';

export interface Convergence {
  /** Applies after the faulted one until the plan was clean (1 = the first re-run did it). */
  reruns: number;
  problems: string[];
}

/**
 * Re-applies up to `maxReruns` times (no faults), stopping as soon as a plan with
 * --detailed-exitcode exits 0; then compares the store with the scenario's expectations.
 */
export async function rerunUntilClean(
  world: World,
  maxReruns = 3,
  expected?: Parameters<typeof convergenceProblems>[1],
): Promise<Convergence> {
  world.sandbox.setFaults(undefined);
  for (let reruns = 1; reruns <= maxReruns; reruns++) {
    const apply = await world.run('reconcile', '--apply');
    assert.strictEqual(isCrash(apply), false, apply.stderr);
    const plan = await world.run('reconcile', '--detailed-exitcode');
    assert.strictEqual(isCrash(plan), false, plan.stderr);
    if (apply.code === 0 && plan.code === 0) return { reruns, problems: convergenceProblems(world.sandbox, expected) };
  }
  return {
    reruns: Infinity,
    problems: ['no clean plan after re-runs', ...convergenceProblems(world.sandbox, expected)],
  };
}
