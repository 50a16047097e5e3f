/**
 * `--changed-since <git-ref>` with `projects:` (issues 15, 17), through the built CLI against the
 * sandbox, in a git repository made for each test. The state at the ref is fanned out with the
 * same listings as now, so a scope is planned only when what is declared for it (its own
 * declaration and its project's) changed; the projects' listing pages are read every time.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import type { JsonPlanDocument } from '../../src/render/json.ts';
import type { SandboxSeed } from '../../src/sandbox/index.ts';
import { gitRepository, readSince } from '../support/changed-since.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { dep as production } from '../support/plan-builders.ts';

const CLIENT = { clientId: 'since-client', clientSecret: 'since-secret-9e1c' };
const PROJECTS: Record<string, string[]> = {
  PLAT: ['svc-a', 'svc-b', 'svc-c', 'svc-d'],
  WEB: ['web-1', 'web-2'],
  OPS: ['ops-1'],
};

const repositoryScope = (repository: string): ScopeRef => ({ type: 'repository', workspace: 'acme', repository });

/** Workspace acme: the home `infra` (project HOME), and the repositories of PLAT, WEB and OPS, each with an unmanaged variable. */
function seed(): SandboxSeed {
  const repositories: NonNullable<SandboxSeed['workspaces'][string]['repositories']> = {
    infra: { project: 'HOME', variables: [{ key: 'UNMANAGED', value: 'keep-infra' }] },
  };
  for (const [project, slugs] of Object.entries(PROJECTS))
    for (const slug of slugs)
      repositories[slug] = { project, variables: [{ key: 'UNMANAGED', value: `keep-${slug}` }] };
  return {
    credentials: {
      oauthConsumers: [{ ...CLIENT, scopes: ['pipeline', 'pipeline:variable', 'repository', 'project'] }],
    },
    workspaces: {
      acme: {
        projects: {
          HOME: { name: 'Home' },
          PLAT: { name: 'Platform' },
          WEB: { name: 'Web' },
          OPS: { name: 'Operations' },
        },
        repositories,
      },
    },
  };
}

/** svc-b and web-1 also declare variables of their own; OPS is not in the manifest. */
const MANIFEST = `version: 1
workspace: acme
home: infra
repositories:
  infra:
    variables:
      INFRA: one
  svc-b:
    variables:
      OWN: b
  web-1:
    variables:
      OWN: w
projects:
  PLAT:
    exclude: [svc-d]
    variables:
      SHARED: one
    deployments:
      production:
        variables:
          ROLE: deploy
  WEB:
    variables:
      CDN: cdn.example
`;

/** Declared scopes once fanned out: infra, svc-b, web-1, svc-a, svc-c, web-2, and PLAT's production in svc-a, svc-b, svc-c. */
const SCOPES = 9;

interface Repo extends Cli {
  manifest: string;
  reconcile(...args: string[]): Promise<RunResult>;
  commit(message: string): void;
}

/** A sandbox, and a git repository holding the manifest, applied once and committed. */
async function setup(): Promise<Repo> {
  const cli = await setupCli({ sandbox: { seed: seed() } });
  const file = join(cli.dir, 'bb-vars.yaml');
  await writeFile(file, MANIFEST);
  const repo: Repo = Object.assign(cli, {
    manifest: file,
    reconcile: (...args: string[]) => cli.run(['reconcile', ...args]),
    ...gitRepository(cli.dir),
  });
  repo.commit('base');
  await succeeds(repo, '--apply');
  await clean(repo);
  return repo;
}

async function succeeds(repo: Repo, ...args: string[]): Promise<RunResult> {
  const result = await repo.reconcile(...args);
  assert.strictEqual(result.code, 0, result.stdout + result.stderr);
  return result;
}

/** A full run (no --changed-since) finds nothing to do. */
async function clean(repo: Repo): Promise<void> {
  const full = await repo.reconcile('--detailed-exitcode');
  assert.strictEqual(full.code, 0, full.stdout + full.stderr);
}

async function edit(repo: Repo, change: (text: string) => string): Promise<void> {
  const before = await readFile(repo.manifest, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(repo.manifest, after);
}

async function jsonPlan(repo: Repo, ...args: string[]): Promise<JsonPlanDocument> {
  const result = await succeeds(repo, '--format', 'json', ...args);
  return JSON.parse(result.stdout) as JsonPlanDocument;
}

/** `action repository[/environment] KEY`, sorted. */
function changes(plan: JsonPlanDocument): string[] {
  return plan.changes
    .map((c) => `${c.action} ${c.scope.repository}${c.scope.environment ? `/${c.scope.environment}` : ''} ${c.key}`)
    .sort();
}

/** Runs a plan, returning it with the repositories it read. */
async function planned(repo: Repo, ref: string): Promise<{ plan: JsonPlanDocument; read: string[] }> {
  const from = repo.sandbox.requests.length;
  const plan = await jsonPlan(repo, '--changed-since', ref);
  const read = readSince(repo.sandbox, from);
  expect(read.workspace).toBe(false);
  return { plan, read: read.repositories };
}

describe('--changed-since with projects:', { timeout: 120_000 }, () => {
  it("a project's variable changed: every repository of the project but the excluded one is planned, nothing else", async () => {
    const repo = await setup();
    await edit(repo, (t) => t.replace('SHARED: one', 'SHARED: two'));
    const { plan, read } = await planned(repo, 'HEAD');
    expect(read).toEqual(['svc-a', 'svc-b', 'svc-c']);
    expect(changes(plan)).toEqual(['update svc-a SHARED', 'update svc-b SHARED', 'update svc-c SHARED']);
    expect(plan.unchecked_scopes).toBe(SCOPES - 3);

    // A project's deployment variable: only that deployment in each repository.
    repo.commit('SHARED two');
    await edit(repo, (t) => t.replace('ROLE: deploy', 'ROLE: deploy-2'));
    repo.commit('ROLE deploy-2');
    const role = await planned(repo, 'HEAD~1');
    expect(role.read).toEqual(['svc-a', 'svc-b', 'svc-c']);
    expect(changes(role.plan)).toEqual([
      'update svc-a/production ROLE',
      'update svc-b/production ROLE',
      'update svc-c/production ROLE',
    ]);
    expect(role.plan.unchecked_scopes).toBe(SCOPES - 3);
  });

  it("one repository's own variable changed (the repository is in a project): only it is planned", async () => {
    const repo = await setup();
    await edit(repo, (t) => t.replace('OWN: b', 'OWN: b2'));
    repo.commit('svc-b OWN');
    const { plan, read } = await planned(repo, 'HEAD~1');
    expect(read).toEqual(['svc-b']);
    expect(changes(plan)).toEqual(['update svc-b OWN']);
    expect(plan.unchecked_scopes).toBe(SCOPES - 1);
  });

  it('a repository excluded since the ref: it and the home are read, and what bb-vars manages there is pruned', async () => {
    const repo = await setup();
    await edit(repo, (t) => t.replace('exclude: [svc-d]', 'exclude: [svc-d, svc-c]'));
    repo.commit('exclude svc-c');
    const { plan, read } = await planned(repo, 'HEAD~1');
    // The home (infra) for its inventory, which names svc-c.
    expect(read).toEqual(['infra', 'svc-c']);
    expect(changes(plan)).toEqual(['delete svc-c SHARED', 'delete svc-c/production ROLE']);

    await succeeds(repo, '--apply', '--changed-since', 'HEAD~1');
    const store = repo.sandbox.store;
    expect(store.variable(repositoryScope('svc-c'), 'SHARED')).toBeUndefined();
    expect(store.variable(production('svc-c'), 'ROLE')).toBeUndefined();
    expect(store.variable(repositoryScope('svc-c'), 'UNMANAGED')?.value).toBe('keep-svc-c');
    expect(store.variable(repositoryScope('svc-a'), 'SHARED')?.value).toBe('one');
    await clean(repo);
  });

  it('a project removed since the ref: its repositories are pruned, through the inventory or read as declared', async () => {
    const repo = await setup();
    await edit(repo, (t) => t.replace(/ {2}WEB:\n(?: {4}.*\n)+/, ''));
    repo.commit('drop WEB');
    const { plan, read } = await planned(repo, 'HEAD~1');
    // web-1 is declared and in no listed project; web-2 is named by the home's (infra) inventory.
    expect(read).toEqual(['infra', 'web-1', 'web-2']);
    expect(changes(plan)).toEqual(['delete web-1 CDN', 'delete web-2 CDN']);

    await succeeds(repo, '--apply', '--changed-since', 'HEAD~1');
    const store = repo.sandbox.store;
    for (const slug of ['web-1', 'web-2']) {
      expect(store.variable(repositoryScope(slug), 'CDN')).toBeUndefined();
      expect(store.variable(repositoryScope(slug), 'UNMANAGED')?.value).toBe(`keep-${slug}`);
    }
    expect(store.variable(repositoryScope('web-1'), 'OWN')?.value).toBe('w');
    await clean(repo);
  });

  it('a project added since the ref: its repositories are planned, and only they', async () => {
    const repo = await setup();
    await writeFile(repo.manifest, MANIFEST + '  OPS:\n    variables:\n      PAGER: ops@example.com\n');
    repo.commit('add OPS');
    const { plan, read } = await planned(repo, 'HEAD~1');
    expect(read).toEqual(['ops-1']);
    expect(changes(plan)).toEqual(['create ops-1 PAGER']);
    expect(plan.unchecked_scopes).toBe(SCOPES);
  });

  it("what git cannot show counts as changed: a project's deployment variable from the environment", async () => {
    const repo = await setup();
    repo.env.ROLE_FROM_CI = 'deploy-rotated';
    await edit(repo, (t) => t.replace('ROLE: deploy', 'ROLE: { env: ROLE_FROM_CI }'));
    repo.commit('ROLE from CI');
    const production = ['svc-a/production', 'svc-b/production', 'svc-c/production'];
    const rotated = await planned(repo, 'HEAD');
    expect(rotated.read).toEqual(['svc-a', 'svc-b', 'svc-c']);
    expect(changes(rotated.plan)).toEqual(production.map((scope) => `update ${scope} ROLE`));
    await succeeds(repo, '--apply', '--changed-since', 'HEAD');

    // Gone from the manifest, the variable is pruned where it was set (the deployments stay declared).
    await edit(repo, (t) => t.replace('variables:\n          ROLE: { env: ROLE_FROM_CI }\n', 'variables: {}\n'));
    repo.commit('no ROLE');
    const dropped = await planned(repo, 'HEAD~1');
    expect(dropped.read).toEqual(['svc-a', 'svc-b', 'svc-c']);
    expect(changes(dropped.plan)).toEqual(production.map((scope) => `delete ${scope} ROLE`));
  });

  it('nothing changed: only the token and the listing pages are read; the plan says what it left out, never "in sync"', async () => {
    const repo = await setup();
    const from = repo.sandbox.requests.length;
    const tokens = repo.sandbox.tokenRequests.length;
    const text = await succeeds(repo, '--changed-since', 'HEAD');
    expect(readSince(repo.sandbox, from)).toEqual({ repositories: [], workspace: false });
    // 1 token + one listing page per project (PLAT, WEB).
    expect(repo.sandbox.tokenRequests.length - tokens).toBe(1);
    const listed = repo.sandbox.requests
      .slice(from)
      .map((r) => `${r.method} ${r.path.replace(/^.*\/repositories\//, '')} ${r.query.q}`);
    expect(listed.sort()).toEqual(['GET acme project.key="PLAT"', 'GET acme project.key="WEB"']);
    expect(text.stdout).toContain('No changes in the checked scopes: they match the manifest.');
    expect(text.stdout).toContain(`Limited: ${SCOPES} scopes unchanged since HEAD, not checked for drift.`);
    expect(text.stdout).not.toContain('Bitbucket matches the manifest');

    // A repository that joined a project is no manifest change: a full run finds it.
    repo.sandbox.store.addRepository('acme', 'svc-new', undefined, { project: 'PLAT' });
    const joined = await jsonPlan(repo, '--changed-since', 'HEAD');
    expect(joined.changes).toEqual([]);
    expect(joined.unchecked_scopes).toBe(SCOPES + 2);
    const full = await repo.reconcile('--detailed-exitcode', '--format', 'json');
    expect(full.code).toBe(2);
    expect(changes(JSON.parse(full.stdout) as JsonPlanDocument)).toEqual([
      'create svc-new SHARED',
      'create svc-new/production ROLE',
      'create-environment svc-new/production production',
    ]);
  });
});
