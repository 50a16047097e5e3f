/**
 * Behaviour under Bitbucket's rate limit (the sandbox's rolling-window limiter): runs complete,
 * adaptive concurrency wastes fewer requests on 429 than a fixed limit, and an exhausted hourly
 * allowance ends with a message that says how long to wait.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BitbucketClient } from '../../src/bitbucket/client.ts';
import { clientOptionsFromEnv } from '../../src/bitbucket/credentials.ts';
import { readLiveState } from '../../src/bitbucket/read-state.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { sandboxEnv, startSandbox } from '../../src/sandbox/index.ts';
import { setupCli } from '../support/cli.ts';
import { generatedWorkspace } from '../support/generated-workspace.ts';

/** Every scope of the generated workspace, as the plan would read them. */
function scopesOf(repositories: number): ScopeRef[] {
  const scopes: ScopeRef[] = [{ type: 'workspace', workspace: 'acme' }];
  for (let r = 1; r <= repositories; r++) {
    const repository = `repo-${String(r).padStart(4, '0')}`;
    scopes.push({ type: 'repository', workspace: 'acme', repository });
    for (const environment of ['staging', 'production'])
      scopes.push({ type: 'deployment', workspace: 'acme', repository, environment });
  }
  return scopes;
}

/** Reads the whole workspace under a rolling-window limit; returns the client's counters. */
async function readUnderLimit(adaptiveConcurrency: boolean) {
  const ws = generatedWorkspace(12, 5);
  const sandbox = await startSandbox({ seed: ws.seed, latencyMs: 5, rateLimit: { limit: 12, windowMs: 250 } });
  onTestFinished(() => sandbox.close());
  const client = new BitbucketClient({
    ...clientOptionsFromEnv(sandboxEnv(sandbox)),
    concurrency: 16,
    adaptiveConcurrency,
    // Fixed jitter: both runs wait the same way, so only the concurrency policy differs.
    random: () => 0.5,
    retry: { baseDelayMs: 100, maxDelayMs: 400, maxRetries: 30, maxTotalWaitMs: 60_000 },
  });
  const live = await readLiveState(client, scopesOf(12));
  return { live, stats: { ...client.stats }, effective: client.concurrency.effective, lowerBound: ws.planLowerBound };
}

describe('429 adaptation', () => {
  it('completes every read under the limit, and wastes fewer requests than a fixed concurrency', async () => {
    const adaptive = await readUnderLimit(true);
    const fixed = await readUnderLimit(false);
    for (const run of [adaptive, fixed]) {
      expect(run.live.scopes.every((s) => s.exists && s.variables.length === 5)).toBe(true);
      // Every request beyond the lower bound was a 429 and its retry: nothing else was repeated.
      expect(run.stats.requests - run.stats.rateLimited).toBe(run.lowerBound);
      expect(run.stats.rateLimited).toBeGreaterThan(0);
    }
    expect(adaptive.effective).toBeLessThan(16);
    expect(fixed.effective).toBe(16);
    expect(adaptive.stats.rateLimited).toBeLessThan(fixed.stats.rateLimited);
  });

  it('a reconcile under the limit finishes and reports the 429s it absorbed', async () => {
    const ws = generatedWorkspace(6, 5);
    const cli = await setupCli({ sandbox: { seed: ws.seed, rateLimit: { limit: 10, windowMs: 200 } } });
    await writeFile(join(cli.dir, 'bb-vars.yaml'), ws.manifest);
    const result = await cli.run(['reconcile', '--detailed-exitcode'], {
      env: { BB_VARS_RETRY_BASE_MS: '50', BB_VARS_RETRY_MAX_MS: '200', BB_VARS_MAX_RETRIES: '30' },
    });
    expect(result.code).toBe(2);
    const limited = cli.sandbox.requests.filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThan(0);
    expect(result.stdout).toContain(
      `Bitbucket API requests for this plan: ${ws.planLowerBound + limited} (1 token, ${limited} retries, ${limited} rate-limited).`,
    );
    expect(result.stderr).toMatch(/^Waiting \d+\.\ds before retry 1\/30 of GET \/\S+: rate limited \(429\)$/m);
  });
});

describe('an exhausted hourly allowance', () => {
  it('stops with one clear message that says how long to wait, and no stack trace', async () => {
    const ws = generatedWorkspace(3, 5);
    const cli = await setupCli({ sandbox: { seed: ws.seed, rateLimit: { limit: 4, windowMs: 3_600_000 } } });
    await writeFile(join(cli.dir, 'bb-vars.yaml'), ws.manifest);
    const result = await cli.run(['reconcile'], {
      env: { BB_VARS_RETRY_BASE_MS: '1', BB_VARS_RETRY_MAX_MS: '5', BB_VARS_MAX_RETRIES: '2' },
    });
    expect(result.code).toBe(1);
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('Error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^Error: Bitbucket's rate limit is exhausted: GET \/\S+ still answered 429 after 3 tries over \d+ ms\./,
    );
    expect(errors[0]).toContain('per rolling hour');
    expect(errors[0]).toContain('wait up to an hour and run again');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(cli.sandbox.requests.filter((r) => r.status === 200)).toHaveLength(4);
  });
});
