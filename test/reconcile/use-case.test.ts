/**
 * The reconcile use case without the CLI: load → plan → apply return data. Against the sandbox,
 * so another run's writes can be made exactly between this run's plan and its apply.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { formatApplySummary } from '../../src/cli/commands/reconcile-output.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { applyLive, loadDesired, planLive, type LivePlan } from '../../src/reconcile/index.ts';
import { sandboxEnv, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { ROOT } from '../support/cli.ts';
import { e2eEnv, e2eSeed } from '../support/seeds.ts';

const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const workspace: ScopeRef = { type: 'workspace', workspace: 'acme' };

async function planned(): Promise<{ sandbox: Sandbox; plan: LivePlan }> {
  const sandbox = await startSandbox({ seed: e2eSeed() });
  const dir = await mkdtemp(join(tmpdir(), 'bb-vars-use-case-'));
  onTestFinished(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  await cp(join(ROOT, 'test/e2e/fixtures/basic'), dir, { recursive: true });
  const env = { ...sandboxEnv(sandbox), ...e2eEnv(), BB_VARS_RETRY_BASE_MS: '1', BB_VARS_RETRY_MAX_MS: '5' };
  const desired = await loadDesired({ cwd: dir, io: { env }, targets: [] });
  return { sandbox, plan: await planLive(desired, { env, forceSecured: false }) };
}

const apply = (plan: LivePlan) => applyLive(plan, { renderer: 'silent', output: new PassThrough() });

describe('what an apply reports', () => {
  it('a create that another run made in the meantime (409) is not counted as created by this run', async () => {
    const { sandbox, plan } = await planned();
    expect(plan.plan.summary.create).toBe(8);
    // Another run creates two of the planned variables between this run's plan and its apply.
    sandbox.store.setVariable(workspace, { key: 'REGION', value: 'eu-west-1' });
    sandbox.store.setVariable(api, { key: 'LOG_LEVEL', value: 'debug' });
    const applied = await apply(plan);
    expect(applied.counts).toMatchObject({ created: 6, existed: 2, failed: 0, environments: 1 });
    expect(sandbox.store.variable(api, 'LOG_LEVEL')?.value).toBe('info');
    const summary = formatApplySummary(applied);
    expect(summary).toContain(
      'Apply complete: 1 environment created, 6 created, 0 updated, 0 replaced, 0 deleted, 0 failed.',
    );
    expect(summary).toContain(
      '2 were already created by another run (Bitbucket answered 409): set to the desired value, not counted as created by this run.',
    );
  });

  it("a 409 after this run's own answer was lost counts as created by this run", async () => {
    const { sandbox, plan } = await planned();
    // The first write is applied, then its connection is reset: the retry meets our own variable.
    sandbox.setFaults({ mutationsOnly: true, at: { 1: 'reset-after' } });
    const applied = await apply(plan);
    expect(sandbox.requests.filter((r) => r.status === 409)).toHaveLength(1);
    expect(applied.counts).toMatchObject({ created: 8, existed: 0, failed: 0, environments: 1 });
  });
});

describe('stopping', () => {
  it('an aborted apply starts nothing and reports every change as not started', async () => {
    const { sandbox, plan } = await planned();
    const before = sandbox.requests.length;
    const applied = await applyLive(plan, {
      renderer: 'silent',
      output: new PassThrough(),
      signal: AbortSignal.abort(),
    });
    expect(applied.stopped).toEqual({ reason: 'interrupted' });
    expect(applied.counts).toMatchObject({ created: 0, failed: 0, notStarted: 9 });
    expect(sandbox.requests.length).toBe(before);
  });
});
