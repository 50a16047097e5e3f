/**
 * Seeded random fault mixes against the whole apply (reads included): 429 storms without
 * Retry-After, 5xx, connection resets before and after the write, slow answers beyond the
 * client's timeout, and OAuth tokens expiring mid-run. Each mix must converge within 3 apply
 * runs while the faults keep coming; then a fault-free plan must show no changes and the store
 * must hold exactly the desired values. Backoff must stay bounded and be reported on stderr.
 */
import { afterAll, assert, describe, expect, it } from 'vitest';
import type { FaultOptions } from '../../src/sandbox/index.ts';
import {
  convergenceProblems,
  isCrash,
  preparedWorld,
  recordFigures,
  type RunResult,
  type World,
  noFigures,
  tallyRuns,
} from '../support/in-process.ts';

const figures = noFigures();
afterAll(() => recordFigures('random-faults', figures));

interface Mix {
  name: string;
  faults: Omit<FaultOptions, 'seed'>;
  rateLimit?: { limit: number; windowMs: number };
  /** Expire every OAuth token once per run, when this many API requests of the run have arrived. */
  expireAt?: number;
  /** Client knobs for this mix (the defaults wait 2–20 ms, which no rolling window outlasts). */
  env?: Record<string, string>;
}

/**
 * The client's timeout, and how long a slow answer takes: far enough apart that a busy machine's
 * ordinary answers never time out, while every slow one does.
 */
const TIMEOUT_MS = 3_000;
const SLOW_MS = 8_000;

const MIXES: Mix[] = [
  { name: '429 storm', faults: { rate429: 0.45 } },
  {
    name: 'rolling-window rate limit',
    faults: {},
    rateLimit: { limit: 6, windowMs: 150 },
    env: { BB_VARS_RETRY_BASE_MS: '40', BB_VARS_RETRY_MAX_MS: '300' },
  },
  { name: '5xx', faults: { rate5xx: 0.3 } },
  { name: 'resets before and after the write', faults: { resetBefore: 0.12, resetAfter: 0.12 } },
  { name: 'slow answers past the timeout', faults: { slow: 0.15, slowMs: SLOW_MS } },
  { name: 'token expiry mid-run', faults: { rate429: 0.1 }, expireAt: 9 },
  {
    name: 'everything at once',
    faults: { rate429: 0.15, rate5xx: 0.1, resetBefore: 0.05, resetAfter: 0.05, slow: 0.05, slowMs: SLOW_MS },
    expireAt: 12,
  },
];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const MAX_RUNS = 3;

/**
 * Runs one apply, expiring every OAuth token once when the run's `expireAt`-th API request has
 * arrived — as a 2-hour token does when it runs out in the middle of a long apply.
 */
async function applyWithExpiry(
  world: World,
  expireAt: number | undefined,
): Promise<{ result: RunResult; expiries: number }> {
  let expiries = 0;
  const at = world.sandbox.requests.length + (expireAt ?? 0);
  const timer = expireAt
    ? setInterval(() => {
        if (expiries === 0 && world.sandbox.requests.length >= at) {
          world.sandbox.expireTokens();
          expiries++;
        }
      }, 1)
    : undefined;
  try {
    return { result: await world.run('reconcile', '--apply'), expiries };
  } finally {
    clearInterval(timer);
  }
}

describe('random fault mixes (seeded)', () => {
  for (const mix of MIXES) {
    it(
      `${mix.name}: converges within ${MAX_RUNS} runs under faults, seeds ${SEEDS.join(', ')}`,
      { timeout: 180_000 },
      async () => {
        await Promise.all(
          SEEDS.map(async (seed) => {
            // Slow answers time out (and are retried or reconciled).
            const world = await preparedWorld({}, { BB_VARS_TIMEOUT_MS: String(TIMEOUT_MS), ...mix.env });
            const label = `${mix.name}, seed ${seed}`;
            world.sandbox.setFaults({ ...mix.faults, seed });
            if (mix.rateLimit) world.sandbox.setRateLimit(mix.rateLimit);
            const from = world.sandbox.requests.length;
            let runs = 0;
            let expiries = 0;
            let last: RunResult | undefined;
            while (runs < MAX_RUNS) {
              runs++;
              const applied = await applyWithExpiry(world, mix.expireAt);
              expiries += applied.expiries;
              last = applied.result;
              assert.isFalse(isCrash(last), `${label}: crash\n${last.stderr}`);
              if (last.code === 0) break;
              assert.strictEqual(last.code, 1, `${label}: exit code`);
            }
            const faulted = world.sandbox.requests.slice(from).filter((r) => r.fault !== undefined);
            figures.scenarios++;
            figures.faultsInjected += faulted.length + expiries;
            figures.maxRunsToConverge = Math.max(figures.maxRunsToConverge, last?.code === 0 ? runs : Infinity);
            assert.strictEqual(last?.code, 0, `${label}: not converged after ${MAX_RUNS} runs\n${last?.stderr ?? ''}`);
            // The mix really injected faults, and the CLI said what it was waiting for.
            assert.isAbove(faulted.length + expiries, 0, `${label}: no fault injected`);
            const waits = world.results.flatMap((r) => r.stderr.split('\n')).filter((l) => l.startsWith('Waiting '));
            if (faulted.some((r) => r.fault !== 'reset-after' && r.fault !== 'slow'))
              assert.isAbove(waits.length, 0, `${label}: no retry reported`);
            for (const line of waits)
              assert.match(line, /^Waiting \d+\.\ds before retry \d+\/\d+ of (GET|POST|PUT|DELETE) \/\S+: .+$/, label);

            world.sandbox.setFaults(undefined);
            world.sandbox.setRateLimit(undefined);
            const plan = await world.run('reconcile', '--detailed-exitcode');
            assert.strictEqual(plan.code, 0, `${label}: plan after convergence\n${plan.stdout}`);
            assert.deepEqual(convergenceProblems(world.sandbox), [], label);
            tallyRuns(figures, world.results, label);
          }),
        );
      },
    );
  }

  it(
    'a 429 storm that never ends: bounded waits, each one reported, then a clear failure',
    { timeout: 120_000 },
    async () => {
      // 100–400 ms waits, 6 retries, at most 4 s in total per request (10 × the per-wait cap).
      const world = await preparedWorld(
        {},
        { BB_VARS_RETRY_BASE_MS: '100', BB_VARS_RETRY_MAX_MS: '400', BB_VARS_MAX_RETRIES: '6' },
      );
      world.sandbox.setFaults({ rate429: 1, mutationsOnly: true });
      const apply = await world.run('reconcile', '--apply', '--concurrency', '4');
      figures.scenarios++;
      figures.faultsInjected += world.sandbox.requests.filter((r) => r.fault === '429').length;
      figures.crashes += isCrash(apply) ? 1 : 0;
      expect(apply.code).toBe(1);
      expect(isCrash(apply)).toBe(false);
      const waits = apply.stderr.split('\n').filter((l) => l.startsWith('Waiting '));
      expect(waits.length).toBeGreaterThan(0);
      const seconds = waits.map((l) => Number(/^Waiting (\d+\.\d)s/.exec(l)?.[1]));
      expect(Math.max(...seconds)).toBeLessThanOrEqual(0.4);
      for (const line of waits) expect(line).toMatch(/rate limited \(429\)$/);
      // Never more than 6 retries of one call.
      expect(waits.every((l) => /retry [1-6]\/6 /.test(l))).toBe(true);
      expect(apply.stdout + apply.stderr).toMatch(/rate limit/i);
      // Nothing was written, so nothing was lost: the unmanaged secret is still there.
      world.sandbox.setFaults(undefined);
      expect((await world.run('reconcile', '--apply')).code).toBe(0);
      expect(convergenceProblems(world.sandbox)).toEqual([]);
    },
  );
});
