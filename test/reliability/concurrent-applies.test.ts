/**
 * Two applies of the same manifest at once (two CI pipelines racing): the store must end up
 * exactly as desired, without duplicates or lost secured values, and a third run must plan no
 * changes.
 */
import { afterAll, assert, describe, it } from 'vitest';
import {
  convergenceProblems,
  isCrash,
  leaksInResults,
  preparedWorld,
  recordFigures,
  runInProcess,
  startWorld,
  type World,
} from '../support/in-process.ts';
import { MANIFEST_V2, SECRET_V2 } from '../support/scenario.ts';

/** A world where nothing was applied yet: every bookkeeping record is created by the race. */
async function freshWorld(): Promise<World> {
  const world = await startWorld();
  await world.write(MANIFEST_V2, SECRET_V2);
  return world;
}

const figures = { scenarios: 0, faultsInjected: 0, maxRunsToConverge: 0, leaks: 0, crashes: 0, notes: [] as string[] };
afterAll(() => recordFigures('concurrent-applies', figures));

describe('concurrent applies', () => {
  const cases = [0, 3, 10].flatMap((latencyMs) => [
    { latencyMs, start: 'after an earlier apply', world: () => preparedWorld() },
    { latencyMs, start: 'first apply ever', world: freshWorld },
  ]);
  for (const { latencyMs, start, world: makeWorld } of cases) {
    it(`two applies of the same manifest at once both succeed; a third run plans no changes (${start}, latency ${latencyMs} ms)`, async () => {
      const world = await makeWorld();
      world.sandbox.setLatency(latencyMs);
      const [a, b] = await Promise.all([world.run('reconcile', '--apply'), world.run('reconcile', '--apply')]);
      const label = `latency ${latencyMs}: exits ${a.code}/${b.code}\n${a.stdout}${a.stderr}\n---\n${b.stdout}${b.stderr}`;
      figures.scenarios++;
      assert.isFalse(isCrash(a) || isCrash(b), label);
      // A 409 from the other run's create is adopted, not reported as a failure.
      assert.deepEqual([a.code, b.code], [0, 0], label);
      world.sandbox.setLatency(0);
      const third = await runInProcess(['reconcile', '--detailed-exitcode'], world.dir, world.env);
      world.results.push(third);
      assert.strictEqual(third.code, 0, `${label}\n--- third run:\n${third.stdout}`);
      assert.deepEqual(convergenceProblems(world.sandbox), [], label);
      // Both racing runs count as the runs it took.
      figures.maxRunsToConverge = Math.max(figures.maxRunsToConverge, 2);
      const leaks = leaksInResults(world.results);
      figures.leaks += leaks.length;
      figures.crashes += world.results.filter(isCrash).length;
      assert.deepEqual(leaks, []);
    });
  }
});
