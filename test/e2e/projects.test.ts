/**
 * Fleets (issue 15): `projects:` sets variables in every repository of a Bitbucket project, now
 * and later. End to end with the built CLI against the sandbox; assertions on what a user sees
 * (output, exit codes) and on the sandbox's state.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import { generateSeed, LARGE_PROJECT_KEY, type SandboxSeed } from '../../src/sandbox/index.ts';
import type { JsonPlanDocument } from '../../src/render/json.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { dep as production, repo } from '../support/plan-builders.ts';

const CLIENT = { clientId: 'fleet-client', clientSecret: 'fleet-secret-CANARY-77aa' };
const SONAR = 'CANARY-sonar-token-31f0';
const PLAT = ['svc-a', 'svc-b', 'svc-c', 'svc-d', 'legacy'];

/** Workspace acme: project PLAT (5 repositories, each with an unmanaged variable), WEB (1), and an empty EMPTY. */
function fleetSeed(scopes = ['pipeline', 'pipeline:variable', 'pullrequest', 'repository', 'project']): SandboxSeed {
  const repositories: NonNullable<SandboxSeed['workspaces'][string]['repositories']> = {};
  for (const slug of PLAT)
    repositories[slug] = {
      project: 'PLAT',
      variables: [{ key: 'UNMANAGED', value: `keep-${slug}` }],
      ...(slug === 'svc-a' ? { environments: [{ name: 'Production', type: 'Production' as const }] } : {}),
    };
  repositories['web-app'] = { project: 'WEB', variables: [{ key: 'NODE_ENV', value: 'production' }] };
  return {
    credentials: { oauthConsumers: [{ ...CLIENT, scopes }] },
    workspaces: {
      acme: {
        projects: { PLAT: { name: 'Platform' }, WEB: { name: 'Web' }, EMPTY: { name: 'Nothing yet' } },
        repositories,
      },
    },
  };
}

const MANIFEST = `version: 1
workspace: acme
repositories:
  web-app:
    variables:
      NODE_ENV: production
  svc-b:
    variables:
      SONAR_HOST: https://sonar.svc-b.example
projects:
  PLAT:
    exclude: [legacy]
    variables:
      SONAR_HOST: https://sonar.example
      SONAR_TOKEN: { env: SONAR_TOKEN, secured: true }
    deployments:
      production:
        type: Production
        variables:
          DEPLOY_ROLE: arn:aws:iam::1:role/deploy
`;

interface FleetCli extends Cli {
  reconcile(...args: string[]): Promise<RunResult>;
  manifest(text: string): Promise<void>;
}

async function setup(seed = fleetSeed(), manifest = MANIFEST): Promise<FleetCli> {
  const cli = await setupCli({ sandbox: { seed } });
  Object.assign(cli.env, { BITBUCKET_CLIENT_ID: CLIENT.clientId, BITBUCKET_CLIENT_SECRET: CLIENT.clientSecret });
  cli.env.SONAR_TOKEN = SONAR;
  const write = (text: string) => writeFile(join(cli.dir, 'bb-vars.yaml'), text);
  await write(manifest);
  return Object.assign(cli, { reconcile: (...args: string[]) => cli.run(['reconcile', ...args]), manifest: write });
}

function noSecrets(...results: RunResult[]): void {
  for (const r of results)
    for (const secret of [SONAR, CLIENT.clientSecret]) expect(r.stdout + r.stderr).not.toContain(secret);
}

async function applied(cli: FleetCli, ...args: string[]): Promise<RunResult> {
  const result = await cli.reconcile('--apply', ...args);
  assert.strictEqual(result.code, 0, result.stdout + result.stderr);
  return result;
}

async function clean(cli: FleetCli, ...args: string[]): Promise<void> {
  const again = await cli.reconcile('--detailed-exitcode', ...args);
  assert.strictEqual(again.code, 0, again.stdout + again.stderr);
  expect(again.stdout).toContain('No changes');
}

describe('projects: fan-out (issue 15)', () => {
  it('sets the variables in every repository of the project, one line per key; unmanaged and excluded untouched; second plan clean', async () => {
    const cli = await setup();
    const plan = await cli.reconcile();
    expect(plan.code).toBe(0);
    // One line per key, not one per repository.
    expect(plan.stdout).toContain('project PLAT: (changes in 4 repositories)');
    expect(plan.stdout).toContain('SONAR_TOKEN: create in 4 repositories of PLAT');
    expect(plan.stdout).toContain('SONAR_HOST = "https://sonar.example": create in 3 repositories of PLAT');
    expect(plan.stdout).toContain('environment production: create in 3 repositories of PLAT');
    expect(plan.stdout).toContain(
      'production/DEPLOY_ROLE = "arn:aws:iam::1:role/deploy": create in 4 repositories of PLAT',
    );
    expect(plan.stdout).not.toMatch(/svc-c/);

    const apply = await applied(cli);
    const store = cli.sandbox.store;
    for (const slug of ['svc-a', 'svc-b', 'svc-c', 'svc-d']) {
      expect(store.variable(repo(slug), 'SONAR_TOKEN')).toMatchObject({ value: SONAR, secured: true });
      expect(store.variable(repo(slug), 'UNMANAGED')?.value).toBe(`keep-${slug}`);
    }
    // The existing environment `Production` is the project's `production` (names match without case).
    expect(store.environments('acme', 'svc-a').map((e) => e.name)).toEqual(['Production']);
    expect(store.variable(production('svc-c'), 'DEPLOY_ROLE')?.value).toBe('arn:aws:iam::1:role/deploy');
    expect(store.environments('acme', 'svc-c').find((e) => e.name === 'production')?.type).toBe('Production');
    // Excluded: nothing of the project's.
    expect(store.variables(repo('legacy')).map((v) => v.key)).toEqual(['UNMANAGED']);
    expect(store.environments('acme', 'legacy')).toEqual([]);
    expect(store.variables(repo('web-app')).map((v) => v.key)).not.toContain('SONAR_TOKEN');
    await clean(cli);
    noSecrets(plan, apply);
  });

  it("a repository's own declaration wins per key, and each change says where its value came from", async () => {
    const cli = await setup();
    const json = await cli.reconcile('--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as JsonPlanDocument;
    const host = (slug: string) =>
      doc.changes.find((c) => c.key === 'SONAR_HOST' && c.scope.repository === slug && c.scope.type === 'repository');
    expect(host('svc-b')).toMatchObject({ action: 'create', after: { value: 'https://sonar.svc-b.example' } });
    expect(host('svc-b')!.origin).toBeUndefined();
    expect(host('svc-c')).toMatchObject({ after: { value: 'https://sonar.example' }, origin: { project: 'PLAT' } });
    // The repository's own key is listed under the repository, in text and markdown.
    const text = await cli.reconcile();
    expect(text.stdout).toMatch(/repository svc-b:\n\s+\+ SONAR_HOST = "https:\/\/sonar\.svc-b\.example"/);
    const markdown = await cli.reconcile('--format', 'markdown');
    expect(markdown.stdout).toContain('#### project `PLAT`: changes in 4 repositories');
    expect(markdown.stdout).toContain('| `SONAR_TOKEN` | yes | create in 4 repositories of PLAT |');
    expect(markdown.stdout).toContain('#### repository svc-b');
    expect(markdown.stdout).toContain('#### Per-repository detail of project changes');
    expect(markdown.stdout).toMatch(/\| svc-c \| create \| `SONAR_TOKEN` \| yes \| \*\(secured\)\* \|/);

    await applied(cli);
    expect(cli.sandbox.store.variable(repo('svc-b'), 'SONAR_HOST')?.value).toBe('https://sonar.svc-b.example');
    expect(cli.sandbox.store.variable(repo('svc-c'), 'SONAR_HOST')?.value).toBe('https://sonar.example');
    await clean(cli);
    noSecrets(json, text, markdown);
  });

  it('a repository that joins the project gets the variables on the next run', async () => {
    const cli = await setup();
    await applied(cli);
    cli.sandbox.store.addRepository('acme', 'svc-new', undefined, { project: 'PLAT' });
    cli.sandbox.store.setVariable(repo('svc-new'), { key: 'HAND_MADE', value: 'mine' });
    const plan = await cli.reconcile('--detailed-exitcode');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('SONAR_TOKEN: create in 1 repository of PLAT');
    expect(plan.stdout).toContain('environment production: create in 1 repository of PLAT');
    await applied(cli);
    expect(cli.sandbox.store.variable(repo('svc-new'), 'SONAR_TOKEN')?.secured).toBe(true);
    expect(cli.sandbox.store.variable(repo('svc-new'), 'HAND_MADE')?.value).toBe('mine');
    await clean(cli);
  });

  it('a repository newly excluded, one leaving the project, then the whole project removed: pruned, nothing else', async () => {
    const cli = await setup();
    await applied(cli);
    expect(cli.sandbox.store.variable(repo('svc-c'), 'SONAR_TOKEN')?.secured).toBe(true);

    await cli.manifest(MANIFEST.replace('exclude: [legacy]', 'exclude: [legacy, svc-c]'));
    const excluded = await cli.reconcile('--detailed-exitcode');
    expect(excluded.code).toBe(2);
    expect(excluded.stdout).toMatch(/repository svc-c:\n(.*\n)*? {4}- SONAR_TOKEN/);
    await applied(cli);
    for (const key of ['SONAR_HOST', 'SONAR_TOKEN'])
      expect(cli.sandbox.store.variable(repo('svc-c'), key)).toBeUndefined();
    expect(cli.sandbox.store.variable(production('svc-c'), 'DEPLOY_ROLE')).toBeUndefined();
    expect(cli.sandbox.store.variable(repo('svc-c'), 'UNMANAGED')?.value).toBe('keep-svc-c');
    expect(cli.sandbox.store.variable(repo('svc-a'), 'SONAR_TOKEN')?.secured).toBe(true);
    await clean(cli);

    // svc-d moves to project WEB: it leaves PLAT, and what bb-vars manages there is pruned.
    cli.sandbox.store.moveRepository('acme', 'svc-d', 'WEB');
    const left = await cli.reconcile('--detailed-exitcode');
    expect(left.code).toBe(2);
    expect(left.stdout).toMatch(/repository svc-d:\n(.*\n)*? {4}- SONAR_TOKEN/);
    await applied(cli);
    expect(cli.sandbox.store.variable(repo('svc-d'), 'SONAR_TOKEN')).toBeUndefined();
    expect(cli.sandbox.store.variable(production('svc-d'), 'DEPLOY_ROLE')).toBeUndefined();
    expect(cli.sandbox.store.variable(repo('svc-d'), 'UNMANAGED')?.value).toBe('keep-svc-d');
    await clean(cli);

    // The project leaves the manifest: its repositories are pruned through the home's inventory.
    await cli.manifest(MANIFEST.slice(0, MANIFEST.indexOf('projects:')));
    await applied(cli);
    for (const slug of ['svc-a', 'svc-c', 'svc-d']) {
      expect(cli.sandbox.store.variable(repo(slug), 'SONAR_TOKEN')).toBeUndefined();
      expect(cli.sandbox.store.variable(repo(slug), 'UNMANAGED')?.value).toBe(`keep-${slug}`);
    }
    // svc-b is still declared under repositories: its own SONAR_HOST stays.
    expect(cli.sandbox.store.variable(repo('svc-b'), 'SONAR_HOST')?.value).toBe('https://sonar.svc-b.example');
    expect(cli.sandbox.store.variable(repo('svc-b'), 'SONAR_TOKEN')).toBeUndefined();
    expect(cli.sandbox.store.variable(repo('legacy'), 'UNMANAGED')?.value).toBe('keep-legacy');
    await clean(cli);
  });

  it('a manifest of projects alone keeps its lock and inventory in the pipeline repository, when a project lists it', async () => {
    const projectsOnly = `version: 1\nworkspace: acme\n${MANIFEST.slice(MANIFEST.indexOf('projects:'))}`;
    const cli = await setup(fleetSeed(), projectsOnly);
    // Outside a pipeline of the project's repositories there is no home: apply refuses, writes nothing.
    delete cli.env.BITBUCKET_REPO_SLUG;
    const homeless = await cli.reconcile('--apply');
    expect(homeless.code).toBe(1);
    expect(homeless.stderr).toContain('Applying needs a home repository');
    expect(homeless.stderr).toContain('add `home: <repository slug>`');
    expect(cli.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);

    cli.env.BITBUCKET_REPO_SLUG = 'svc-b';
    await applied(cli);
    expect(cli.sandbox.store.variable(repo('svc-b'), 'BB_VARS_INVENTORY')).toBeDefined();
    expect(cli.sandbox.store.variable(repo('svc-b'), 'BB_VARS_LOCK')).toBeUndefined();
    await clean(cli);

    // The inventory names the project's repositories: excluding one prunes it.
    await cli.manifest(projectsOnly.replace('exclude: [legacy]', 'exclude: [legacy, svc-c]'));
    await applied(cli);
    expect(cli.sandbox.store.variable(repo('svc-c'), 'SONAR_TOKEN')).toBeUndefined();
    expect(cli.sandbox.store.variable(repo('svc-c'), 'UNMANAGED')?.value).toBe('keep-svc-c');
    await clean(cli);
  });

  it('--target project:<KEY> plans only the repositories of that project', async () => {
    const cli = await setup();
    cli.sandbox.store.setVariable(repo('web-app'), { key: 'NODE_ENV', value: 'development' });
    const json = await cli.reconcile('--format', 'json', '--target', 'project:PLAT');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as JsonPlanDocument;
    const repositories = new Set(doc.changes.map((c) => c.scope.repository));
    expect([...repositories].sort()).toEqual(['svc-a', 'svc-b', 'svc-c', 'svc-d']);
    // svc-b's own declaration comes along: a targeted repository is planned whole.
    expect(doc.changes.some((c) => c.scope.repository === 'svc-b' && c.key === 'SONAR_HOST' && !c.origin)).toBe(true);
    await applied(cli, '--target', 'project:PLAT');
    expect(cli.sandbox.store.variable(repo('web-app'), 'NODE_ENV')?.value).toBe('development');
    await clean(cli, '--target', 'project:PLAT');

    const typo = await cli.reconcile('--target', 'project:PLTA');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("--target project:PLTA: no such scope in the manifest. Did you mean 'project:PLAT'?");
  });

  it('an unknown project key is a located error naming the closest key; an empty project a located warning', async () => {
    const cli = await setup(fleetSeed(), MANIFEST.replace('  PLAT:', '  PLTA:'));
    const typo = await cli.reconcile();
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(
      /bb-vars\.yaml:11:3 {2}projects\.PLTA: no project PLTA in workspace acme; did you mean 'PLAT'\?/,
    );
    expect(typo.stderr).not.toMatch(/\n\s+at /);

    await cli.manifest(MANIFEST + '  EMPTY:\n    variables:\n      X: y\n');
    const empty = await cli.reconcile();
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/Warning: bb-vars\.yaml:\d+:3 {2}projects\.EMPTY: project EMPTY has no repositories/);
  });

  it('credentials without the repository scope get the clear 403 message', async () => {
    const cli = await setup(fleetSeed(['pipeline', 'pipeline:variable']));
    const plan = await cli.reconcile();
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/\(403\): the credentials lack the scope repository/);
    noSecrets(plan);
  });
});

describe('projects: requests', () => {
  it('a plan costs the lower bound of the same repositories declared one by one, plus ⌈repositories/100⌉ listing pages', async () => {
    const repositories = 150;
    const seed = generateSeed({
      repositories,
      largeProject: repositories,
      variablesPerScope: 3,
      securedEvery: 0,
      environments: [{ name: 'production', type: 'Production' }],
    });
    const cli = await setupCli({ sandbox: { seed } });
    const requests = () => cli.sandbox.requests.length + cli.sandbox.tokenRequests.length;
    const body = (indent: string) => [
      `${indent}variables:`,
      `${indent}  SHARED: one`,
      `${indent}deployments:`,
      `${indent}  production:`,
      `${indent}    variables:`,
      `${indent}      ROLE: deploy`,
    ];
    const fanned = ['version: 1', 'workspace: acme', 'projects:', `  ${LARGE_PROJECT_KEY}:`, ...body('    ')];
    const slugs = Object.keys(seed.workspaces.acme!.repositories!);
    const explicit = [
      'version: 1',
      'workspace: acme',
      'repositories:',
      ...slugs.flatMap((s) => [`  ${s}:`, ...body('    ')]),
    ];

    await writeFile(join(cli.dir, 'bb-vars.yaml'), explicit.join('\n') + '\n');
    const start = requests();
    expect((await cli.run(['reconcile'])).code).toBe(0);
    const lowerBound = requests() - start;
    // 1 token + per repository: its variables, its environments, production's variables.
    expect(lowerBound).toBe(1 + repositories * 3);

    await writeFile(join(cli.dir, 'bb-vars.yaml'), fanned.join('\n') + '\n');
    const before = requests();
    const logged = cli.sandbox.requests.length;
    const plan = await cli.run(['reconcile']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`SHARED = "one": create in ${repositories} repositories of ${LARGE_PROJECT_KEY}`);
    expect(requests() - before).toBe(lowerBound + Math.ceil(repositories / 100));
    const listings = cli.sandbox.requests.slice(logged).filter((r) => r.route === 'GET /repositories/{workspace}');
    expect(listings.map((r) => [r.query.q, r.query.page])).toEqual([
      [`project.key="${LARGE_PROJECT_KEY}"`, '1'],
      [`project.key="${LARGE_PROJECT_KEY}"`, '2'],
    ]);
  });
});
