import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { ROOT, setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { e2eEnv, e2eSeed, SECRETS } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const production: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'production' };
const staging: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'staging' };
const workspace: ScopeRef = { type: 'workspace', workspace: 'acme' };

async function setup(): Promise<Cli & { outputs: RunResult[]; reconcile(...args: string[]): Promise<RunResult> }> {
  const cli = await setupCli({ sandbox: { seed: e2eSeed() }, fixture: FIXTURE });
  Object.assign(cli.env, e2eEnv());
  const outputs: RunResult[] = [];
  return Object.assign(cli, {
    outputs,
    async reconcile(...args: string[]) {
      const result = await cli.run(['reconcile', ...args]);
      outputs.push(result);
      return result;
    },
  });
}

function expectNoSecrets(results: RunResult[]): void {
  for (const r of results)
    for (const secret of SECRETS) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
}

async function editFile(path: string, edit: (text: string) => string): Promise<void> {
  await writeFile(path, edit(await readFile(path, 'utf8')));
}

describe('reconcile end to end', () => {
  it('plans, applies, and then plans no changes (secured values included)', async () => {
    const cli = await setup();
    const plan = await cli.reconcile('--detailed-exitcode');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/\+ .*REGION/);
    expect(plan.stdout).toMatch(/\+ .*DB_PASSWORD/);
    expect(plan.stdout).toMatch(/create environment staging \(Staging\)/);
    expect(plan.stdout).toContain('Plan: 8 to create, 0 to update, 0 to replace, 0 to delete.');
    // a plan writes nothing
    expect(cli.sandbox.requests.filter((r) => r.method !== 'GET' && !r.path.includes('oauth2'))).toEqual([]);

    const apply = await cli.reconcile('--apply');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(
      /Apply complete: 1 environment created, 8 created, 0 updated, 0 replaced, 0 deleted, 0 failed\./,
    );

    const store = cli.sandbox.store;
    expect(store.variable(api, 'DB_PASSWORD')).toMatchObject({ secured: true, value: 'CANARY-db-pass-7f3a' });
    expect(store.variable(api, 'API_KEY')).toMatchObject({ secured: true, value: 'CANARY-api-key-91bc' });
    expect(store.variable(api, 'DATABASE_URL')).toMatchObject({
      secured: true,
      value: 'postgres://app:CANARY-db-pass-7f3a@db.internal/app',
    });
    expect(store.variable(api, 'LOG_LEVEL')).toMatchObject({ secured: false, value: 'info' });
    expect(store.variable(production, 'URL')?.value).toBe('https://api.example');
    expect(store.variable(staging, 'URL')?.value).toBe('https://staging.example');
    expect(store.environments('acme', 'api').find((e) => e.name === 'staging')?.type).toBe('Staging');
    expect(store.variable(workspace, 'REGION')?.value).toBe('eu-west-1');
    // unmanaged variables untouched
    expect(store.variable(api, 'UNMANAGED')?.value).toBe('keep-me');
    expect(store.variable(api, 'LEGACY_SECRET')?.value).toBe('CANARY-legacy-0c4d');
    expect(store.variable(production, 'HAND_MADE')?.value).toBe('x');
    expect(store.variable(workspace, 'ORG_WIDE')?.value).toBe('untouched');
    // bookkeeping is plain and holds no secret
    const record = store.variable(api, 'BB_VARS_STATE');
    expect(record?.secured).toBe(false);
    for (const secret of SECRETS) expect(record?.value).not.toContain(secret);

    const again = await cli.reconcile('--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
    expectNoSecrets(cli.outputs);
  });

  it('a rotated sensitive output is exactly one update per dependent value, and a re-run is quiet', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await editFile(join(cli.dir, 'outputs.json'), (t) => t.replace('CANARY-db-pass-7f3a', 'CANARY-db-pass-rotated-2'));
    const plan = await cli.reconcile('--format', 'json');
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout);
    expect(doc.format_version).toBe('1');
    expect(doc.summary).toMatchObject({ create: 0, update: 2, replace: 0, delete: 0 });
    expect(doc.changes.map((c: { key: string; action: string }) => `${c.action} ${c.key}`).sort()).toEqual([
      'update DATABASE_URL',
      'update DB_PASSWORD',
    ]);
    expect(plan.stdout).not.toContain('CANARY-db-pass-rotated-2');
    expect((await cli.reconcile('--apply')).code).toBe(0);
    expect(cli.sandbox.store.variable(api, 'DB_PASSWORD')?.value).toBe('CANARY-db-pass-rotated-2');
    expect((await cli.reconcile('--detailed-exitcode')).code).toBe(0);
    expectNoSecrets(cli.outputs);
  });

  it('removing a key deletes only managed variables; flipping secured is a replace', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await editFile(join(cli.dir, 'bb-vars.yaml'), (t) =>
      t
        .replace('      LOG_LEVEL: info\n', '')
        .replace('REGION: eu-west-1', 'REGION: { value: eu-west-1, secured: true }'),
    );
    const plan = await cli.reconcile('--format', 'json');
    const doc = JSON.parse(plan.stdout);
    expect(doc.changes.map((c: { key: string; action: string }) => `${c.action} ${c.key}`).sort()).toEqual([
      'delete LOG_LEVEL',
      'replace REGION',
    ]);
    const apply = await cli.reconcile('--apply');
    expect(apply.code).toBe(0);
    const store = cli.sandbox.store;
    expect(store.variable(api, 'LOG_LEVEL')).toBeUndefined();
    expect(store.variable(workspace, 'REGION')).toMatchObject({ secured: true, value: 'eu-west-1' });
    expect(store.variable(api, 'UNMANAGED')?.value).toBe('keep-me');
    expect(store.variable(workspace, 'ORG_WIDE')?.value).toBe('untouched');
    expect((await cli.reconcile('--detailed-exitcode')).code).toBe(0);
  });

  it('--target limits reading and writing to the named scopes', async () => {
    const cli = await setup();
    const plan = await cli.reconcile('--format', 'json', '--target', 'api/staging');
    const doc = JSON.parse(plan.stdout);
    expect(new Set(doc.changes.map((c: { scope: { environment?: string } }) => c.scope.environment))).toEqual(
      new Set(['staging']),
    );
    expect(cli.sandbox.requests.some((r) => r.path.includes('/workspaces/'))).toBe(false);
    expect((await cli.reconcile('--apply', '--target', 'workspace')).code).toBe(0);
    expect(cli.sandbox.store.variable(workspace, 'REGION')?.value).toBe('eu-west-1');
    expect(cli.sandbox.store.variable(api, 'LOG_LEVEL')).toBeUndefined();
    const unknown = await cli.reconcile('--target', 'apii');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('api');
  });

  it('markdown output is plain markdown with a table and masks secrets', async () => {
    const cli = await setup();
    const md = await cli.reconcile('--format', 'markdown');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('|');
    expect(md.stdout).not.toMatch(/<\/?(details|summary|br|table)/i);
    expectNoSecrets(cli.outputs);
  });

  it('--out writes the plan file; a plan prints how many API requests it made', async () => {
    const cli = await setup();
    const out = join(cli.dir, 'plan.json');
    const r = await cli.reconcile('--format', 'json', '--out', out);
    expect(JSON.parse(await readFile(out, 'utf8')).summary.create).toBe(8);
    // JSON on stdout stays pure JSON; the count goes to stderr.
    expect(JSON.parse(r.stdout).summary.create).toBe(8);
    expect(r.stderr).toBe('Bitbucket API requests for this plan: 5 (1 token).\n');
    const text = await cli.reconcile();
    // token + workspace vars + repo vars + environments list + production vars
    expect(text.stdout).toMatch(/Bitbucket API requests for this plan: 5\b/);
    expect(r.code).toBe(0);
    const md = await cli.reconcile('--format', 'markdown');
    expect(md.stdout).not.toContain('Bitbucket API requests');
    expect(md.stderr).toBe('Bitbucket API requests for this plan: 5 (1 token).\n');
  });

  it('a failed write is reported, the rest carry on, exit 1, and a re-run converges', async () => {
    const cli = await setup();
    cli.sandbox.setFaults({ mutationsOnly: true, at: { 3: '500', 6: '500' } });
    const failed = await cli.run(['reconcile', '--apply'], { env: { BB_VARS_MAX_RETRIES: '0' } });
    expect(failed.code).toBe(1);
    expect(failed.stderr.match(/^✖ /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(failed.stdout).toMatch(/Apply finished with errors: .* [2-9] failed\./);
    expect(failed.stdout).toContain('Run `bb-vars reconcile --apply` again');
    const succeeded = cli.sandbox.requests.filter(
      (r) => r.method !== 'GET' && r.status !== null && r.status < 300,
    ).length;
    expect(succeeded).toBeGreaterThan(4);
    cli.sandbox.setFaults(undefined);
    const retry = await cli.run(['reconcile', '--apply']);
    expect(retry.code).toBe(0);
    expect(cli.sandbox.store.variable(api, 'DB_PASSWORD')?.value).toBe('CANARY-db-pass-7f3a');
    expect(cli.sandbox.store.variable(staging, 'URL')?.value).toBe('https://staging.example');
    const quiet = await cli.run(['reconcile', '--detailed-exitcode']);
    expect(quiet.code).toBe(0);
    for (const r of [failed, retry, quiet])
      for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it("emptying a repository's variables prunes what bb-vars created there and nothing else", async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const manifest = join(cli.dir, 'bb-vars.yaml');
    const text = await readFile(manifest, 'utf8');
    const emptied =
      text.slice(0, text.indexOf('repositories:')) +
      'repositories:\n  api:\n    variables: {}\n    deployments:\n      production: { variables: {} }\n      staging: { variables: {} }\n';
    await writeFile(manifest, emptied);
    const plan = await cli.reconcile('--format', 'json');
    const doc = JSON.parse(plan.stdout);
    expect(doc.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 7 });
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const store = cli.sandbox.store;
    expect(
      store
        .variables(api)
        .map((v) => v.key)
        .sort(),
    ).toEqual(['BB_VARS_INVENTORY', 'BB_VARS_STATE', 'LEGACY_SECRET', 'UNMANAGED']);
    // an emptied scope keeps no record: nothing of bb-vars' is left there
    expect(
      store
        .variables(production)
        .map((v) => v.key)
        .sort(),
    ).toEqual(['HAND_MADE']);
    expect(store.variable(workspace, 'REGION')?.value).toBe('eu-west-1');
    expect((await cli.reconcile('--detailed-exitcode')).code).toBe(0);
  });

  it('a deployment removed from the manifest is still pruned of what bb-vars manages, then forgotten', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    expect(cli.sandbox.store.variable(staging, 'URL')?.value).toBe('https://staging.example');
    cli.sandbox.store.setVariable(staging, { key: 'PLACEHOLDER', value: 'made by hand' });
    await editFile(join(cli.dir, 'bb-vars.yaml'), (t) => t.replace(/ {6}staging:\n(?: {8}.*\n)+/, ''));
    const before = cli.sandbox.requests.length;
    const plan = await cli.reconcile('--format', 'json');
    const doc = JSON.parse(plan.stdout);
    expect(
      doc.changes.map(
        (c: { action: string; key: string; scope: { environment?: string } }) =>
          `${c.action} ${c.scope.environment ?? ''}/${c.key}`,
      ),
    ).toEqual(['delete staging/URL']);
    // the second round reuses the environments list of the first: listed once
    expect(cli.sandbox.requests.slice(before).filter((r) => r.path.endsWith('/environments')).length).toBe(1);
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const store = cli.sandbox.store;
    expect(store.variables(staging).map((v) => v.key)).toEqual(['PLACEHOLDER']);
    expect(store.environments('acme', 'api').some((e) => e.name === 'staging')).toBe(true);
    const quiet = await cli.reconcile('--detailed-exitcode');
    expect(quiet.code).toBe(0);
    // the next apply (nothing to change) lets the repository's record forget it; then it is not even read
    expect((await cli.reconcile('--apply')).stdout).toContain('No changes');
    const from = cli.sandbox.requests.length;
    expect((await cli.reconcile('--detailed-exitcode')).code).toBe(0);
    const stagingUuid = store.environments('acme', 'api').find((e) => e.name === 'staging')!.uuid;
    expect(cli.sandbox.requests.slice(from).some((r) => decodeURIComponent(r.path).includes(stagingUuid))).toBe(false);
  });
});
