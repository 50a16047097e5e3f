/**
 * `--changed-since <git-ref>` (issue 17), through the built CLI against the sandbox, in a git
 * repository made for each test: only the scopes whose declared state differs from that at the
 * ref are read and planned; everything else is counted as not checked, never called in sync.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitRepository, readSince } from '../support/changed-since.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { generatedWorkspace } from '../support/generated-workspace.ts';

const REPOSITORIES = 6;
const ws = generatedWorkspace(REPOSITORIES, 2);
/** Declared scopes: the workspace, and each repository with its two environments. */
const SCOPES = 1 + REPOSITORIES * 3;

/**
 * The generated manifest with sources of every kind: repo-0002 and repo-0003 read one Terraform
 * outputs file (different outputs), repo-0004 an environment variable, repo-0006 a tracked file.
 * Every value equals the live one, so the first apply only records ownership.
 */
function manifest(): string {
  const [head, rest] = ws.manifest.split('repositories:\n');
  const sources = 'sources:\n  infra:\n    terraform:\n      outputs: infra/outputs.json\n';
  const blocks = rest!.split(/(?=^ {2}repo-)/m).map((block) => {
    const replace = (value: string) =>
      block.replace('      REPO_VAR_0002: repo-value-2\n', `      REPO_VAR_0002: ${value}\n`);
    if (block.startsWith('  repo-0002:')) return replace('{ from: infra.db_host }');
    if (block.startsWith('  repo-0003:')) return replace('{ from: infra.queue_url }');
    if (block.startsWith('  repo-0004:')) return replace('{ env: REPO_VALUE_FROM_CI }');
    if (block.startsWith('  repo-0006:')) return replace('{ file: config/repo-value.txt }');
    return block;
  });
  return `${head!.replace('workspace: acme\n', `workspace: acme\n${sources}`)}repositories:\n${blocks.join('')}`;
}

const outputs = (db: string) =>
  JSON.stringify({
    db_host: { value: db, type: 'string', sensitive: false },
    queue_url: { value: 'repo-value-2', type: 'string', sensitive: false },
  });

interface Repo extends Cli {
  manifest: string;
  reconcile(...args: string[]): Promise<RunResult>;
  /** Repositories named by the requests since `from` in the sandbox's log, and whether workspace variables were read. */
  readSince(from: number): { repositories: string[]; workspace: boolean };
  commit(message: string): void;
}

/** A sandbox, and a git repository holding the manifest and its sources, applied once and committed. */
async function setup(): Promise<Repo> {
  const cli = await setupCli({ sandbox: { seed: ws.seed } });
  Object.assign(cli.env, { REPO_VALUE_FROM_CI: 'repo-value-2' });
  const file = join(cli.dir, 'bb-vars.yaml');
  await writeFile(file, manifest());
  await mkdir(join(cli.dir, 'infra'));
  await writeFile(join(cli.dir, 'infra/outputs.json'), outputs('repo-value-2'));
  await mkdir(join(cli.dir, 'config'));
  await writeFile(join(cli.dir, 'config/repo-value.txt'), 'repo-value-2\n');
  const { commit } = gitRepository(cli.dir);
  const repo: Repo = Object.assign(cli, {
    manifest: file,
    reconcile: (...args: string[]) => cli.run(['reconcile', ...args]),
    readSince: (from: number) => readSince(cli.sandbox, from),
    commit,
  });
  repo.commit('base');
  const applied = await repo.reconcile('--apply');
  expect(applied.code).toBe(0);
  expect((await repo.reconcile('--detailed-exitcode')).code).toBe(0);
  return repo;
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

interface JsonPlan {
  changes: Array<{ action: string; key: string; scope: { repository?: string; environment?: string } }>;
  unchecked_scopes?: number;
  unchecked_reason?: string;
  changed_since?: string;
}

async function jsonPlan(repo: Repo, ...args: string[]): Promise<JsonPlan> {
  const result = await repo.reconcile('--format', 'json', ...args);
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonPlan;
}

describe('--changed-since <git-ref>', { timeout: 120_000 }, () => {
  it('nothing changed: only the scope fed by an environment variable is read; the rest is counted, not called in sync', async () => {
    const repo = await setup();
    const from = repo.sandbox.requests.length;
    const tokens = repo.sandbox.tokenRequests.length;
    const text = await repo.reconcile('--changed-since', 'HEAD');
    expect(text.code).toBe(0);
    expect(repo.readSince(from)).toEqual({ repositories: ['repo-0004'], workspace: false });
    // 1 token + repo-0004's variables (a repository scope alone needs no environments list).
    expect(repo.sandbox.requests.length - from + repo.sandbox.tokenRequests.length - tokens).toBe(2);
    expect(text.stdout).toContain('No changes in the checked scopes: they match the manifest.');
    expect(text.stdout).toContain(`Limited: ${SCOPES - 1} scopes unchanged since HEAD, not checked for drift.`);
    expect(text.stdout).not.toContain('Bitbucket matches the manifest');
    const json = await jsonPlan(repo, '--changed-since', 'HEAD');
    // The workspace scope is declared, so it is counted.
    expect(json.unchecked_scopes).toBe(SCOPES - 1);
    expect(json.changed_since).toBe('HEAD');
    const markdown = await repo.reconcile('--changed-since', 'HEAD', '--format', 'markdown');
    expect(markdown.stdout).toContain(`${SCOPES - 1} scopes unchanged since HEAD, not checked for drift`);
  });

  it('a literal changed in the working tree: that scope is planned, and only it is read', async () => {
    const repo = await setup();
    await edit(repo.manifest, (t) =>
      t.replace(
        '  repo-0005:\n    variables:\n      REPO_VAR_0001: repo-value-1-changed\n',
        '  repo-0005:\n    variables:\n      REPO_VAR_0001: edited-in-this-branch\n',
      ),
    );
    const from = repo.sandbox.requests.length;
    const json = await jsonPlan(repo, '--changed-since', 'HEAD');
    expect(repo.readSince(from)).toEqual({ repositories: ['repo-0004', 'repo-0005'], workspace: false });
    expect(json.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        key: 'REPO_VAR_0001',
        scope: expect.objectContaining({ repository: 'repo-0005' }),
      }),
    ]);
    expect(json.unchecked_scopes).toBe(SCOPES - 2);
    // Committed, the same change is found against the commit before it.
    repo.commit('change repo-0005');
    expect((await jsonPlan(repo, '--changed-since', 'HEAD~1')).changes).toEqual(json.changes);
    expect((await jsonPlan(repo, '--changed-since', 'HEAD')).changes).toEqual([]);

    // Applying the repository alone keeps its record's list of environments: a deployment removed
    // later is still found and pruned.
    expect((await repo.reconcile('--apply', '--changed-since', 'HEAD~1')).code).toBe(0);
    expect((await repo.reconcile('--detailed-exitcode')).code).toBe(0);
    await edit(repo.manifest, (t) =>
      t.replace(/( {2}repo-0005:\n(?:.*\n)*? {4}deployments:\n)( {6}staging:\n(?: {8}.*\n)+)/, '$1'),
    );
    repo.commit('drop repo-0005 staging');
    const pruned = await jsonPlan(repo, '--changed-since', 'HEAD~1');
    expect(pruned.changes.map((c) => `${c.action} ${c.scope.environment} ${c.key}`).sort()).toEqual([
      'delete staging STAGING_VAR_0001',
      'delete staging STAGING_VAR_0002',
    ]);
  });

  it('an outputs file changed: only the scope using the changed output is planned', async () => {
    const repo = await setup();
    await writeFile(join(repo.dir, 'infra/outputs.json'), outputs('db.internal'));
    repo.commit('new database');
    const from = repo.sandbox.requests.length;
    const json = await jsonPlan(repo, '--changed-since', 'HEAD~1');
    // repo-0003 reads another output of the same file: unchanged, not read.
    expect(repo.readSince(from).repositories).toEqual(['repo-0002', 'repo-0004']);
    expect(json.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        key: 'REPO_VAR_0002',
        scope: expect.objectContaining({ repository: 'repo-0002' }),
      }),
    ]);
  });

  it('a tracked file and an environment variable: the file is compared, the environment always counts as changed', async () => {
    const repo = await setup();
    await writeFile(join(repo.dir, 'config/repo-value.txt'), 'from-a-file\n');
    repo.env.REPO_VALUE_FROM_CI = 'rotated-in-ci';
    const from = repo.sandbox.requests.length;
    const json = await jsonPlan(repo, '--changed-since', 'HEAD');
    expect(repo.readSince(from).repositories).toEqual(['repo-0004', 'repo-0006']);
    expect(json.changes.map((c) => `${c.scope.repository}:${c.key}`).sort()).toEqual([
      'repo-0004:REPO_VAR_0002',
      'repo-0006:REPO_VAR_0002',
    ]);
  });

  it('a removed deployment counts as changed: its repository is read and its managed variables pruned', async () => {
    const repo = await setup();
    await edit(repo.manifest, (t) =>
      t.replace(
        /( {2}repo-0003:\n(?:.*\n)*? {4}deployments:\n(?: {6}staging:\n(?: {8}.*\n)+))( {6}production:\n(?: {8}.*\n)+)/,
        '$1',
      ),
    );
    repo.commit('drop repo-0003 production');
    const from = repo.sandbox.requests.length;
    const json = await jsonPlan(repo, '--changed-since', 'HEAD~1');
    expect(repo.readSince(from).repositories).toEqual(['repo-0003', 'repo-0004']);
    expect(json.changes.map((c) => `${c.action} ${c.scope.repository}/${c.scope.environment} ${c.key}`).sort()).toEqual(
      ['delete repo-0003/production PRODUCTION_VAR_0001', 'delete repo-0003/production PRODUCTION_VAR_0002'],
    );
    const apply = await repo.reconcile('--apply', '--changed-since', 'HEAD~1');
    expect(apply.code).toBe(0);
    const production = {
      type: 'deployment' as const,
      workspace: 'acme',
      repository: 'repo-0003',
      environment: 'production',
    };
    expect(repo.sandbox.store.variable(production, 'PRODUCTION_VAR_0001')).toBeUndefined();
  });

  it('a removed repository counts as changed: the home repository’s inventory is read and the repository pruned', async () => {
    const repo = await setup();
    await edit(repo.manifest, (t) => t.replace(/ {2}repo-0006:\n(?: {4}.*\n)+/, ''));
    repo.commit('drop repo-0006');
    const from = repo.sandbox.requests.length;
    const json = await jsonPlan(repo, '--changed-since', 'HEAD~1');
    // The home (BITBUCKET_REPO_SLUG, repo-0001) for its inventory, the environment-fed repo-0004, and repo-0006.
    expect(repo.readSince(from).repositories).toEqual(['repo-0001', 'repo-0004', 'repo-0006']);
    const deleted = json.changes.map((c) => `${c.action} ${c.scope.repository}/${c.scope.environment ?? ''}`);
    expect(new Set(deleted)).toEqual(
      new Set(['delete repo-0006/', 'delete repo-0006/staging', 'delete repo-0006/production']),
    );
  });

  it('combines with --shard: a shard plans only its changed scopes', async () => {
    const repo = await setup();
    await edit(repo.manifest, (t) => t.replace('WS_VAR_0001: ws-value-1\n', 'WS_VAR_0001: ws-value-1-new\n'));
    const zero = await jsonPlan(repo, '--changed-since', 'HEAD', '--shard', '0/2');
    const one = await jsonPlan(repo, '--changed-since', 'HEAD', '--shard', '1/2');
    // The workspace belongs to shard 0; repo-0004 (environment-fed) to one of them.
    expect([...zero.changes, ...one.changes].map((c) => c.key)).toEqual(['WS_VAR_0001']);
    expect(zero.unchecked_scopes! + one.unchecked_scopes!).toBe(2 * SCOPES - 2);
    expect(zero.unchecked_reason).toMatch(
      /^shard 0\/2: \d+ of 6 repositories and the workspace variables; \d+ scopes? unchanged since HEAD; \d+ scopes not checked for drift$/,
    );
  });

  it('outside a git repository, or with an unknown ref: a clear error before any request', async () => {
    const repo = await setup();
    const from = repo.sandbox.requests.length;
    const bad = await repo.reconcile('--changed-since', 'origin/no-such-branch');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^Error: --changed-since origin\/no-such-branch: no such commit in .*\. Check the name, and fetch it first/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const option = await repo.reconcile('--changed-since', '--output=x');
    expect(option.code).toBe(1);
    await import('node:fs/promises').then(({ rm }) => rm(join(repo.dir, '.git'), { recursive: true, force: true }));
    const outside = await repo.reconcile('--changed-since', 'HEAD');
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/--changed-since: the manifest's directory .* is not in a git repository/);
    expect(repo.sandbox.requests.length).toBe(from);
  });
});
