/**
 * Complete removal (issue 12, item 5), end to end with the built CLI against the sandbox: however
 * something leaves the manifest, what bb-vars manages there is pruned, what it does not manage is
 * left alone, and the plan after is clean. The inventory of managed repositories
 * (BB_VARS_INVENTORY in the home repository) is what finds a repository or the workspace that the
 * manifest no longer names.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { spawnAndKillAt } from '../support/in-process.ts';
import { expireLocks } from '../support/lock.ts';
import { e2eEnv, e2eSeed, SECRETS } from '../support/seeds.ts';

const workspace: ScopeRef = { type: 'workspace', workspace: 'acme' };
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const web: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'web' };
const webProduction: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'web', environment: 'production' };

const WORKSPACE_SECTION = 'workspace_variables:\n  REGION: eu-west-1\n';
const WEB_BLOCK = `  web:
    variables:
      WEB_MODE: strict
      WEB_TOKEN: { env: API_KEY, secured: true }
    deployments:
      production:
        type: Production
        variables:
          WEB_URL: https://web.example
`;
/** `api` sorts first, so it is the home repository (where the inventory lives) in every test. */
const MANIFEST = `version: 1
workspace: acme
${WORKSPACE_SECTION}repositories:
  api:
    variables:
      LOG_LEVEL: info
${WEB_BLOCK}`;

type Setup = Cli & { reconcile(...args: string[]): Promise<RunResult>; manifest: string; outputs: RunResult[] };

async function setup(manifest = MANIFEST): Promise<Setup> {
  const seed = e2eSeed();
  seed.workspaces.acme!.repositories!.web = {
    variables: [{ key: 'WEB_HAND', value: 'made by hand' }],
    environments: [{ name: 'production', type: 'Production', variables: [{ key: 'HAND', value: 'by hand' }] }],
  };
  const cli = await setupCli({ sandbox: { seed } });
  Object.assign(cli.env, e2eEnv());
  const path = join(cli.dir, 'bb-vars.yaml');
  await writeFile(path, manifest);
  const outputs: RunResult[] = [];
  return Object.assign(cli, {
    manifest: path,
    outputs,
    reconcile: async (...args: string[]) => {
      const result = await cli.run(['reconcile', ...args]);
      outputs.push(result);
      return result;
    },
  });
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

async function applied(cli: Setup, ...args: string[]): Promise<RunResult> {
  const result = await cli.reconcile('--apply', ...args);
  assert.strictEqual(result.code, 0, result.stdout + result.stderr);
  return result;
}

/** `delete <scope id>/<key>` for each change of a JSON plan. */
async function plannedChanges(cli: Setup): Promise<string[]> {
  const plan = await cli.reconcile('--format', 'json');
  assert.strictEqual(plan.code, 0, plan.stderr);
  const doc = JSON.parse(plan.stdout) as {
    changes: { action: string; key: string; scope: { type: string; repository?: string; environment?: string } }[];
  };
  return doc.changes.map((c) => {
    const where =
      c.scope.type === 'workspace' ? 'workspace' : [c.scope.repository, c.scope.environment].filter(Boolean);
    return `${c.action} ${typeof where === 'string' ? where : where.join('/')}/${c.key}`;
  });
}

/** A plan that says nothing is left to do. */
async function expectClean(cli: Setup): Promise<void> {
  const again = await cli.reconcile('--detailed-exitcode');
  assert.strictEqual(again.code, 0, again.stdout + again.stderr);
  expect(again.stdout).toContain('No changes');
  expect(again.stdout).not.toMatch(/Warning/);
}

/** Variables bb-vars never managed are all still there, as they were. */
function expectUnmanagedUntouched(cli: Setup): void {
  const store = cli.sandbox.store;
  expect(store.variable(workspace, 'ORG_WIDE')?.value).toBe('untouched');
  expect(store.variable(api, 'UNMANAGED')?.value).toBe('keep-me');
  expect(store.variable(web, 'WEB_HAND')?.value).toBe('made by hand');
  expect(store.variable(webProduction, 'HAND')?.value).toBe('by hand');
}

function noSecrets(cli: Setup): void {
  for (const r of cli.outputs) for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
}

const requestsTo = (cli: Setup, from: number, fragment: string) =>
  cli.sandbox.requests.slice(from).filter((r) => decodeURIComponent(r.path).includes(fragment));

describe('complete removal (issue 12, item 5)', () => {
  it('a whole repository block removed from `repositories:`: its variables and its deployments’ are pruned', async () => {
    const cli = await setup();
    await applied(cli);
    expect(cli.sandbox.store.variable(webProduction, 'WEB_URL')?.value).toBe('https://web.example');
    await edit(cli.manifest, (text) => text.replace(WEB_BLOCK, ''));

    expect((await plannedChanges(cli)).sort()).toEqual([
      'delete web/WEB_MODE',
      'delete web/WEB_TOKEN',
      'delete web/production/WEB_URL',
    ]);
    await applied(cli);
    const store = cli.sandbox.store;
    for (const key of ['WEB_MODE', 'WEB_TOKEN']) expect(store.variable(web, key)).toBeUndefined();
    expect(store.variable(webProduction, 'WEB_URL')).toBeUndefined();
    expectUnmanagedUntouched(cli);
    await expectClean(cli);

    // The next apply lets go of the repository: nothing of bb-vars' is left in it, and later
    // plans no longer read it.
    await applied(cli);
    expect(store.variables(web).map((v) => v.key)).toEqual(['WEB_HAND']);
    expect(store.variables(webProduction).map((v) => v.key)).toEqual(['HAND']);
    expect(store.variable(api, 'BB_VARS_INVENTORY')?.value).not.toContain('"web"');
    const from = cli.sandbox.requests.length;
    await expectClean(cli);
    expect(requestsTo(cli, from, '/repositories/acme/web/')).toEqual([]);
    expectUnmanagedUntouched(cli);
    noSecrets(cli);
  });

  it('the whole `workspace_variables:` section removed: what bb-vars manages in the workspace is pruned', async () => {
    const cli = await setup();
    await applied(cli);
    expect(cli.sandbox.store.variable(workspace, 'REGION')?.value).toBe('eu-west-1');
    await edit(cli.manifest, (text) => text.replace(WORKSPACE_SECTION, ''));

    expect(await plannedChanges(cli)).toEqual(['delete workspace/REGION']);
    await applied(cli);
    const store = cli.sandbox.store;
    expect(store.variable(workspace, 'REGION')).toBeUndefined();
    // Nothing of bb-vars' is left in the workspace, so it is no longer read.
    expect(store.variables(workspace).map((v) => v.key)).toEqual(['ORG_WIDE']);
    const from = cli.sandbox.requests.length;
    await expectClean(cli);
    expect(requestsTo(cli, from, '/workspaces/acme/')).toEqual([]);
    expectUnmanagedUntouched(cli);
    noSecrets(cli);
  });

  it('a deployment only ever applied with `--target repo/env`, then removed, is pruned', async () => {
    const cli = await setup();
    const targeted = await applied(cli, '--target', 'web/production');
    expect(targeted.stdout).toMatch(/1 created/);
    expect(cli.sandbox.store.variable(webProduction, 'WEB_URL')?.value).toBe('https://web.example');
    // The repository's own variables were not part of that run.
    expect(cli.sandbox.store.variable(web, 'WEB_MODE')).toBeUndefined();
    await edit(cli.manifest, (text) => text.replace(/ {4}deployments:\n(?: {6,}.*\n)+/, ''));

    const changes = await plannedChanges(cli);
    expect(changes).toContain('delete web/production/WEB_URL');
    expect(changes.filter((c) => c.startsWith('delete'))).toEqual(['delete web/production/WEB_URL']);
    await applied(cli);
    expect(cli.sandbox.store.variable(webProduction, 'WEB_URL')).toBeUndefined();
    expect(cli.sandbox.store.variable(web, 'WEB_MODE')?.value).toBe('strict');
    expectUnmanagedUntouched(cli);
    await expectClean(cli);
    noSecrets(cli);
  });

  it('variables created by an apply killed before it wrote its record, in a repository then removed, are pruned', async () => {
    const cli = await setup(MANIFEST.replace(WEB_BLOCK, ''));
    await applied(cli);
    const webOnly = WEB_BLOCK.replace(/ {4}deployments:\n(?: {6,}.*\n)+/, '');
    await edit(cli.manifest, (text) => text + webOnly);
    // Mutations of this apply: 1 the lock, 2 the inventory (now listing web), 3 web's intent
    // record, 4 the first create. The sandbox makes that create, then holds its answer while the
    // CLI is killed.
    cli.sandbox.setFaults({ mutationsOnly: true, at: { 4: 'slow' }, slowMs: 10_000 });
    const killed = await spawnAndKillAt(cli, 4);
    assert.strictEqual(killed.signal, 'SIGKILL', killed.stdout + killed.stderr);
    cli.sandbox.setFaults({});
    // The killed run's lock, as the next apply finds it once its lease has run out.
    expect(expireLocks(cli.sandbox)).toBe(1);
    const store = cli.sandbox.store;
    const created = ['WEB_MODE', 'WEB_TOKEN'].filter((key) => store.variable(web, key) !== undefined);
    expect(created.length).toBeGreaterThan(0);

    // The repository leaves the manifest before any run finished there.
    await edit(cli.manifest, (text) => text.replace(webOnly, ''));
    expect((await plannedChanges(cli)).sort()).toEqual(created.map((key) => `delete web/${key}`));
    await applied(cli);
    for (const key of created) expect(store.variable(web, key)).toBeUndefined();
    expectUnmanagedUntouched(cli);
    await expectClean(cli);
    noSecrets(cli);
  });

  it('with --shard, the shard holding the home repository prunes a removed repository: once, across the shards', async () => {
    const cli = await setup();
    await applied(cli);
    await edit(cli.manifest, (text) => text.replace(WEB_BLOCK, ''));
    const union: string[] = [];
    for (const shard of ['0/2', '1/2']) {
      const plan = await cli.reconcile('--format', 'json', '--shard', shard);
      assert.strictEqual(plan.code, 0, plan.stderr);
      const doc = JSON.parse(plan.stdout) as { changes: { action: string; key: string }[] };
      union.push(...doc.changes.map((c) => `${c.action} ${c.key}`));
    }
    expect(union.sort()).toEqual(['delete WEB_MODE', 'delete WEB_TOKEN', 'delete WEB_URL']);
  });

  it('the home moves (`home:` changed) as a repository is removed: still pruned, one inventory left', async () => {
    const cli = await setup(MANIFEST.replace('workspace: acme\n', 'workspace: acme\nhome: api\n'));
    await applied(cli);
    const aaa: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'aaa' };
    const store = cli.sandbox.store;
    store.setVariable(aaa, { key: 'AAA_HAND', value: 'by hand' });
    // The home becomes aaa; the inventory that lists web is still in api.
    await edit(cli.manifest, (text) =>
      text
        .replace('home: api', 'home: aaa')
        .replace(WEB_BLOCK, '')
        .replace('repositories:\n', 'repositories:\n  aaa:\n    variables:\n      AAA_MODE: on\n'),
    );
    expect((await plannedChanges(cli)).sort()).toEqual([
      'create aaa/AAA_MODE',
      'delete web/WEB_MODE',
      'delete web/WEB_TOKEN',
      'delete web/production/WEB_URL',
    ]);
    await applied(cli);
    expect(store.variable(web, 'WEB_MODE')).toBeUndefined();
    // One inventory, in the new home, listing what the old one did.
    expect(store.variable(api, 'BB_VARS_INVENTORY')).toBeUndefined();
    expect(store.variable(aaa, 'BB_VARS_INVENTORY')?.value).toMatch(/"r":\["aaa","api","web"\]/);
    expect(store.variable(aaa, 'AAA_HAND')?.value).toBe('by hand');
    expectUnmanagedUntouched(cli);
    await expectClean(cli);
  });

  it('a forged inventory is not trusted: the plan warns, deletes nothing on its strength, and apply rewrites it', async () => {
    const cli = await setup(MANIFEST.replace(WEB_BLOCK, ''));
    await applied(cli);
    const store = cli.sandbox.store;
    // Someone with write access to the home repository lists web, where WEB_HAND lives, and fakes
    // a record there claiming it.
    store.setVariable(api, {
      key: 'BB_VARS_INVENTORY',
      value: '{"v":1,"k":"AAAAAAAA","r":["api","web"],"w":1,"h":"AAAAAAAAAAAAAAAAAAAAAA"}',
    });
    store.setVariable(web, { key: 'BB_VARS_STATE', value: '{"v":2,"k":"AAAAAAAA","m":{"WEB_HAND":""},"h":"AAAA"}' });
    const from = cli.sandbox.requests.length;
    const plan = await cli.reconcile('--detailed-exitcode');
    assert.strictEqual(plan.code, 0, plan.stdout + plan.stderr);
    expect(plan.stdout).toMatch(/Warning: repository api: BB_VARS_INVENTORY is not trusted/);
    expect(plan.stdout).not.toMatch(/WEB_HAND/);
    // Not even read on its strength.
    expect(requestsTo(cli, from, '/repositories/acme/web/')).toEqual([]);
    await applied(cli);
    expect(store.variable(web, 'WEB_HAND')?.value).toBe('made by hand');
    await expectClean(cli);
  });
});
