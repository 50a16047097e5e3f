/**
 * Two applies at once (two CI pipelines racing). Of the same manifest: the store must end up
 * exactly as desired, without duplicates or lost secured values, and a third run must plan no
 * changes. Of different secured values (v1, then v2 started while v1 holds the lock): every
 * secured value must agree with its recorded fingerprint, and the last writer's plan is clean.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, assert, describe, it, onTestFinished } from 'vitest';
import { isRecord } from '../../src/core/data.ts';
import { fingerprintKeysFromEnv, fingerprintValue } from '../../src/plan/fingerprint.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  convergenceProblems,
  isCrash,
  preparedWorld,
  recordFigures,
  runInProcess,
  startWorld,
  type World,
  noFigures,
  tallyRuns,
} from '../support/in-process.ts';
import { MANIFEST_V1, MANIFEST_V2, outputs, SCOPE_BY_NAME, SECRET_V1, SECRET_V2 } from '../support/scenario.ts';

/** A world where nothing was applied yet: every bookkeeping record is created by the race. */
async function freshWorld(): Promise<World> {
  const world = await startWorld();
  await world.write(MANIFEST_V2, SECRET_V2);
  return world;
}

const figures = {
  ...noFigures(),
  // Applies of different values, and how many of them overlapped (the later one waited for the lock).
  overlapping: { trials: 0, waited: 0 },
};
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
      tallyRuns(figures, world.results);
    });
  }
});

/**
 * Where a secured (or any) value and its recorded fingerprint disagree, as `<scope> <key>`: the
 * failure issue 12 reproduced (records with v2 fingerprints over v1 values). Values never printed.
 */
function fingerprintMismatches(sandbox: Sandbox, env: Record<string, string>): string[] {
  const key = fingerprintKeysFromEnv(env).current;
  const problems: string[] = [];
  for (const [name, scope] of Object.entries(SCOPE_BY_NAME)) {
    const variables = sandbox.store.variables(scope);
    const record = variables.find((v) => v.key === 'BB_VARS_STATE');
    if (!record) continue;
    const parsed: unknown = JSON.parse(record.value);
    const managed = isRecord(parsed) && isRecord(parsed.m) ? parsed.m : {};
    for (const v of variables) {
      const recorded = managed[v.key];
      if (typeof recorded !== 'string' || recorded === '') continue;
      if (fingerprintValue(key, scope, v.key, v.value) !== recorded) problems.push(`${name} ${v.key}`);
    }
  }
  return problems;
}

/** A second directory next to the world's, holding another manifest and outputs. */
async function otherDir(manifest: string, secret: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bb-vars-rel-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'bb-vars.yaml'), manifest);
  await writeFile(join(dir, 'outputs.json'), outputs(secret));
  return dir;
}

/** Resolves once a run created an apply lock after request `fromSeq` (or `done` settled first). */
async function lockTaken(sandbox: Sandbox, fromSeq: number, done: Promise<unknown>): Promise<void> {
  let settled = false;
  void done.finally(() => (settled = true));
  const taken = () =>
    sandbox.requests.some(
      (r) =>
        r.seq > fromSeq && r.method === 'POST' && r.status === 201 && isRecord(r.body) && r.body.key === 'BB_VARS_LOCK',
    );
  while (!settled && !taken()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('overlapping applies of different secured values', () => {
  const TRIALS = 4;
  const cases = [0, 3].flatMap((latencyMs) =>
    [
      { start: 'after an earlier apply', applied: true },
      { start: 'first apply ever', applied: false },
    ].flatMap((c) => Array.from({ length: TRIALS }, (_, trial) => ({ ...c, latencyMs, trial }))),
  );
  for (const { latencyMs, start, applied, trial } of cases) {
    it(`v1, then v2 while v1 holds the lock: values agree with their fingerprints, v2 plans no changes (${start}, latency ${latencyMs} ms, trial ${trial + 1})`, async () => {
      const world = await startWorld();
      if (applied) {
        await world.write(MANIFEST_V2, SECRET_V2);
        assert.strictEqual((await world.run('reconcile', '--apply')).code, 0);
      }
      await world.write(MANIFEST_V1, SECRET_V1);
      const v2dir = await otherDir(MANIFEST_V2, SECRET_V2);
      world.sandbox.setLatency(latencyMs);

      const seen = world.sandbox.requests.at(-1)?.seq ?? 0;
      const first = runInProcess(['reconcile', '--apply'], world.dir, world.env);
      await lockTaken(world.sandbox, seen, first);
      const second = runInProcess(['reconcile', '--apply'], v2dir, world.env);
      const [a, b] = await Promise.all([first, second]);
      world.results.push(a, b);
      const label = `${start}, latency ${latencyMs}: exits ${a.code}/${b.code}\n${a.stdout}${a.stderr}\n---\n${b.stdout}${b.stderr}`;
      figures.scenarios++;
      figures.overlapping.trials++;
      if (b.stderr.includes('Waiting for the lock held by')) figures.overlapping.waited++;
      assert.isFalse(isCrash(a) || isCrash(b), label);
      assert.deepEqual([a.code, b.code], [0, 0], label);
      // Serialised: neither run absorbed the other's creations (a 409) and reported them as its own.
      for (const r of [a, b]) assert.notInclude(r.stdout, 'already created by another run', label);

      world.sandbox.setLatency(0);
      assert.deepEqual(fingerprintMismatches(world.sandbox, world.env), [], label);
      const plan = await runInProcess(['reconcile', '--detailed-exitcode'], v2dir, world.env);
      world.results.push(plan);
      assert.strictEqual(plan.code, 0, `${label}\n--- plan of v2:\n${plan.stdout}${plan.stderr}`);
      assert.include(plan.stdout, 'No changes', label);
      assert.deepEqual(convergenceProblems(world.sandbox), [], label);
      figures.maxRunsToConverge = Math.max(figures.maxRunsToConverge, 2);
      tallyRuns(figures, world.results);
    });
  }
});
