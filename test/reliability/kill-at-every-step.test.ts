/**
 * Kill-at-every-step: for every mutating request of a realistic apply, lose the request (reset
 * before the sandbox applies it), lose its answer (reset after), or SIGKILL the CLI while the
 * sandbox holds that request — then prove the next runs converge: a clean plan, every desired
 * value exact (secured ones read in-process), unmanaged variables untouched, no duplicates.
 */
import { afterAll, assert, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/sandbox/index.ts';
import { rerunUntilClean } from '../support/converge.ts';
import { expireLocks } from '../support/lock.ts';
import {
  isCrash,
  leaksInResults,
  mutations,
  preparedWorld,
  recordFigures,
  spawnAndKillAt,
  type World,
  noFigures,
  tallyRuns,
} from '../support/in-process.ts';
import { api, EXPECTED_DROPPED, MANIFEST_V2_DROPPED, SECRET_V2, type EXPECTED } from '../support/scenario.ts';

/** Parallel worlds per batch: each has its own sandbox and directory. */
const BATCH = 6;

const figures = noFigures();
afterAll(() => recordFigures('kill-at-every-step', figures));

/** How many mutations a fault-free apply of the scenario makes. */
async function countMutations(): Promise<number> {
  const world = await preparedWorld();
  const before = mutations(world.sandbox).length;
  const apply = await world.run('reconcile', '--apply');
  assert.strictEqual(apply.code, 0, apply.stderr);
  return mutations(world.sandbox).length - before;
}

async function inBatches<T>(items: readonly T[], body: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(body));
}

function describeFaulted(world: World): string {
  const hit = world.sandbox.requests.filter((r) => r.fault !== undefined);
  return hit.map((r) => `${r.method} ${r.route ?? r.path}`).join(', ');
}

/** Convergence after a faulted run, recorded into the figures. */
async function expectConverges(
  world: World,
  label: string,
  faultedRuns = 1,
  expected?: typeof EXPECTED,
): Promise<void> {
  const { reruns, problems } = await rerunUntilClean(world, 3, expected);
  assert.deepEqual(problems, [], label);
  figures.maxRunsToConverge = Math.max(figures.maxRunsToConverge, faultedRuns + reruns);
  tallyRuns(figures, world.results, label);
}

describe('kill at every step', () => {
  // Measured once, inside whichever test runs first (a world's cleanup is tied to a test).
  let total: Promise<number> | undefined;
  const totalMutations = () => (total ??= countMutations());

  it('a fault-free apply of the scenario makes a known number of writes', async () => {
    // The apply lock (taken first, released last: 2), 1 environment, 5 creates, 4 updates,
    // 1 replace (2 requests), 3 deletes, 5 bookkeeping records, and 3 intents (records written
    // before creating, in the 3 scopes that create keys not yet recorded).
    expect(await totalMutations()).toBe(25);
  });

  for (const kind of ['reset-before', 'reset-after'] as const satisfies readonly FaultKind[]) {
    it(
      `${kind} at each mutating request, no retries: the run fails there, the next run converges`,
      { timeout: 120_000 },
      async () => {
        const positions = Array.from({ length: await totalMutations() }, (_, i) => i + 1);
        expect(positions.length).toBeGreaterThan(0);
        await inBatches(positions, async (position) => {
          const world = await preparedWorld({}, { BB_VARS_MAX_RETRIES: '0' });
          world.sandbox.setFaults({ mutationsOnly: true, at: { [position]: kind } });
          const faulted = await world.run('reconcile', '--apply');
          const label = `${kind} at mutation ${position} (${describeFaulted(world)})`;
          figures.scenarios++;
          const injected = world.sandbox.requests.filter((r) => r.fault !== undefined);
          figures.faultsInjected += injected.length;
          assert.deepEqual(
            injected.map((r) => r.fault),
            [kind],
            label,
          );
          // The last write releases the apply lock; it is tried once more when it gets no answer
          // (a lock left behind would block applies for a lease), so that run succeeds.
          const release = position === positions.length;
          assert.strictEqual(faulted.code, release ? 0 : 1, label);
          assert.strictEqual(isCrash(faulted), false, `${label}\n${faulted.stderr}`);
          if (release) assert.isUndefined(world.sandbox.store.variable(api, 'BB_VARS_LOCK'), label);
          // The failure is reported as such, naming the call that lost its answer.
          else assert.match(faulted.stdout + faulted.stderr, /failed|Lost the answer|No answer/, label);
          await expectConverges(world, label);
        });
      },
    );
  }

  it(
    'SIGKILL of the CLI while the sandbox holds each mutating request: the next run converges',
    { timeout: 120_000 },
    async () => {
      const positions = Array.from({ length: await totalMutations() }, (_, i) => i + 1);
      expect(positions.length).toBeGreaterThan(0);
      await inBatches(positions, async (position) => {
        const world = await preparedWorld();
        // The sandbox applies request `position`, then holds its answer: the kill lands while the
        // write is done but unacknowledged, with other requests in flight around it.
        world.sandbox.setFaults({ mutationsOnly: true, at: { [position]: 'slow' }, slowMs: 10_000 });
        const killed = await spawnAndKillAt(world, position);
        // The killed run's lock is taken over once its lease has run out: moved into the past
        // here rather than waited for (test/e2e/lock.test.ts shows the wait).
        expireLocks(world.sandbox);
        const label = `SIGKILL at mutation ${position} (${describeFaulted(world)})`;
        figures.scenarios++;
        figures.faultsInjected++;
        assert.strictEqual(killed.signal, 'SIGKILL', `${label}\n${killed.stdout}\n${killed.stderr}`);
        assert.lengthOf(
          world.sandbox.requests.filter((r) => r.fault === 'slow'),
          1,
          label,
        );
        assert.deepEqual(leaksInResults([{ code: 0, stdout: killed.stdout, stderr: killed.stderr }]), [], label);
        await expectConverges(world, label);
      });
    },
  );
});

describe('kill at every step, then drop what the killed run created', () => {
  it(
    'SIGKILL at each mutating request, and the next manifest no longer declares the keys it was creating: they are pruned',
    { timeout: 180_000 },
    async () => {
      expect(MANIFEST_V2_DROPPED).not.toMatch(/NEW_VAR|DATABASE_URL|FOO/);
      const positions = Array.from({ length: await countMutations() }, (_, i) => i + 1);
      await inBatches(positions, async (position) => {
        const world = await preparedWorld();
        world.sandbox.setFaults({ mutationsOnly: true, at: { [position]: 'slow' }, slowMs: 10_000 });
        const killed = await spawnAndKillAt(world, position);
        // The killed run's lock is taken over once its lease has run out: moved into the past
        // here rather than waited for (test/e2e/lock.test.ts shows the wait).
        expireLocks(world.sandbox);
        const label = `SIGKILL at mutation ${position}, then the created keys dropped (${describeFaulted(world)})`;
        figures.scenarios++;
        figures.faultsInjected++;
        assert.strictEqual(killed.signal, 'SIGKILL', label);
        // The killed run may have created NEW_VAR, DATABASE_URL or FOO before writing its record:
        // its intent says they are bb-vars', so the next run prunes them.
        await world.write(MANIFEST_V2_DROPPED, SECRET_V2);
        await expectConverges(world, label, 1, EXPECTED_DROPPED);
      });
    },
  );
});
