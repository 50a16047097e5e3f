/**
 * Two manifests in one repository (issue 12, item 4), end to end with the built CLI against the
 * sandbox: manifests with ids `app` and `infra` apply into the same scopes (the workspace, a
 * repository, a deployment). Each keeps its own records and inventory; neither prunes the
 * other's variables, even under `prune: all` or when it stops declaring a scope altogether; a key
 * both declare is an error naming the other manifest.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import type { SandboxSeed } from '../../src/sandbox/index.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { lockOnly, writesOf } from '../support/lock.ts';
import { CLIENT_ID, CLIENT_SECRET, TEST_FINGERPRINT_KEY } from '../support/seeds.ts';

const workspace: ScopeRef = { type: 'workspace', workspace: 'acme' };
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const production: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'production' };

const APP = `version: 1
id: app
workspace: acme
home: api
workspace_variables:
  APP_REGION: eu-west-1
repositories:
  api:
    prune: all
    variables:
      APP_MODE: strict
      APP_LEVEL: info
    deployments:
      production:
        type: Production
        prune: all
        variables:
          APP_URL: https://app.example
`;

const INFRA = `version: 1
id: infra
workspace: acme
home: api
workspace_variables:
  INFRA_REGION: us-east-1
repositories:
  api:
    variables:
      INFRA_DB: db.internal
    deployments:
      production:
        type: Production
        variables:
          INFRA_URL: https://infra.example
`;

function seed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['pipeline', 'pipeline:variable', 'repository'] },
      ],
    },
    workspaces: {
      acme: {
        repositories: { api: { environments: [{ name: 'production', type: 'Production' }] } },
      },
    },
  };
}

type Setup = Cli & { with(id: 'app' | 'infra', ...args: string[]): Promise<RunResult>; path(id: string): string };

async function setup(): Promise<Setup> {
  const cli = await setupCli({ sandbox: { seed: seed() } });
  Object.assign(cli.env, {
    BITBUCKET_CLIENT_ID: CLIENT_ID,
    BITBUCKET_CLIENT_SECRET: CLIENT_SECRET,
    BB_VARS_FINGERPRINT_KEY: TEST_FINGERPRINT_KEY,
  });
  const path = (id: string) => join(cli.dir, id, 'bb-vars.yaml');
  for (const [id, text] of [
    ['app', APP],
    ['infra', INFRA],
  ] as const) {
    await mkdir(join(cli.dir, id));
    await writeFile(path(id), text);
  }
  return Object.assign(cli, {
    path,
    with: (id: 'app' | 'infra', ...args: string[]) => cli.run(['reconcile', '-c', path(id), ...args]),
  });
}

async function applied(cli: Setup, id: 'app' | 'infra'): Promise<RunResult> {
  const result = await cli.with(id, '--apply');
  assert.strictEqual(result.code, 0, result.stdout + result.stderr);
  return result;
}

async function clean(cli: Setup, id: 'app' | 'infra'): Promise<void> {
  const plan = await cli.with(id, '--detailed-exitcode');
  assert.strictEqual(plan.code, 0, `${id}: ${plan.stdout}${plan.stderr}`);
  expect(plan.stdout).toContain('No changes');
  expect(plan.stdout).not.toMatch(/Warning/);
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

function keys(cli: Setup, scope: ScopeRef): string[] {
  return cli.sandbox.store
    .variables(scope)
    .map((v) => v.key)
    .sort();
}

describe('two manifests in one repository (issue 12, item 4)', () => {
  it('ids app and infra share the workspace, a repository and a deployment, each with its own records', async () => {
    const cli = await setup();
    await applied(cli, 'app');
    await applied(cli, 'infra');
    // Each run's plan is clean, and the other's apply changed nothing it manages.
    await clean(cli, 'app');
    await clean(cli, 'infra');
    expect(keys(cli, workspace)).toEqual(['APP_REGION', 'BB_VARS_STATE_APP', 'BB_VARS_STATE_INFRA', 'INFRA_REGION']);
    expect(keys(cli, api)).toEqual([
      'APP_LEVEL',
      'APP_MODE',
      'BB_VARS_INVENTORY_APP',
      'BB_VARS_INVENTORY_INFRA',
      'BB_VARS_STATE_APP',
      'BB_VARS_STATE_INFRA',
      'INFRA_DB',
    ]);
    expect(keys(cli, production)).toEqual(['APP_URL', 'BB_VARS_STATE_APP', 'BB_VARS_STATE_INFRA', 'INFRA_URL']);
  });

  it("pruning by one never deletes the other's variables: prune: all, a dropped key, a whole scope removed", async () => {
    const cli = await setup();
    await applied(cli, 'app');
    await applied(cli, 'infra');

    // app drops a key under `prune: all`: only that key goes.
    await edit(cli.path('app'), (text) => text.replace('      APP_LEVEL: info\n', ''));
    const plan = await cli.with('app', '--format', 'json');
    assert.strictEqual(plan.code, 0, plan.stderr);
    const changes = (JSON.parse(plan.stdout) as { changes: { action: string; key: string }[] }).changes;
    expect(changes.map((c) => `${c.action} ${c.key}`)).toEqual(['delete APP_LEVEL']);
    await applied(cli, 'app');
    expect(cli.sandbox.store.variable(api, 'INFRA_DB')?.value).toBe('db.internal');

    // infra stops declaring the workspace and the deployment: only its own variables there go.
    await edit(cli.path('infra'), (text) =>
      text
        .replace('workspace_variables:\n  INFRA_REGION: us-east-1\n', '')
        .replace(/ {4}deployments:\n(?: {6,}.*\n)+/, ''),
    );
    await applied(cli, 'infra');
    expect(keys(cli, workspace)).toEqual(['APP_REGION', 'BB_VARS_STATE_APP']);
    expect(keys(cli, production)).toEqual(['APP_URL', 'BB_VARS_STATE_APP']);
    expect(cli.sandbox.store.variable(api, 'APP_MODE')?.value).toBe('strict');
    await clean(cli, 'app');
    await clean(cli, 'infra');
  });

  it("a key both declare is an error naming the other manifest's id (exit 1), and nothing is written", async () => {
    const cli = await setup();
    await applied(cli, 'app');
    await edit(cli.path('infra'), (text) => text.replace('      INFRA_DB: db.internal\n', '      APP_MODE: lax\n'));
    const before = cli.sandbox.requests.at(-1)!.seq;
    for (const args of [[], ['--apply']]) {
      const run = await cli.with('infra', ...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/repository api: APP_MODE is managed by manifest id 'app'.*\(id 'infra'\)/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    // The apply took its lock and released it; it wrote nothing else.
    expect(writesOf(cli.sandbox, before)).toEqual(lockOnly('api', 'BB_VARS_LOCK_INFRA'));
    expect(cli.sandbox.store.variable(api, 'APP_MODE')?.value).toBe('strict');
  });
});
