import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UserError } from '../../src/errors.ts';
import {
  defaultSeed,
  generateSeed,
  LARGE_PROJECT_KEY,
  loadSeedFile,
  sandboxEnv,
  validateSeed,
} from '../../src/sandbox/index.ts';
import { client, sandbox } from '../support/sandbox.ts';

async function tempFile(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bb-vars-seed-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('seed files', () => {
  it('loads a valid seed file and serves it', async () => {
    const file = await tempFile(
      'seed.json',
      JSON.stringify({
        credentials: {
          oauthConsumers: [{ clientId: 'bb-vars-demo', clientSecret: 'demo-secret-change-me', scopes: ['pipeline'] }],
        },
        workspaces: { widgets: { repositories: { shop: { variables: [{ key: 'FROM_FILE', value: 'yes' }] } } } },
      }),
    );
    const sb = await sandbox({ seed: loadSeedFile(file) });
    const api = await client(sb);
    expect((await api.get('/repositories/widgets/shop/pipelines_config/variables')).body.values).toMatchObject([
      { key: 'FROM_FILE', value: 'yes' },
    ]);
  });

  it('explains a missing file, bad JSON and each schema problem with its JSON path', async () => {
    expect(errorOf(() => loadSeedFile('/nonexistent/seed.json')).message).toBe(
      'Cannot read seed file /nonexistent/seed.json: no such file. Pass an existing JSON file to --seed.',
    );
    const bad = await tempFile('bad.json', '{"workspaces": ');
    expect(errorOf(() => loadSeedFile(bad)).message).toMatch(
      /bad\.json: not valid JSON \(.+\)\. A seed file is a JSON document/,
    );
    const wrong = await tempFile(
      'wrong.json',
      JSON.stringify({
        workspaces: {
          acme: {
            variables: [{ key: 'OK', value: 1 }],
            repositories: {
              api: {
                environments: [
                  { name: 'prod', type: 'Prod' },
                  { name: 'x', type: 'Test', colour: 'red' },
                ],
              },
            },
          },
        },
      }),
    );
    const message = errorOf(() => loadSeedFile(wrong)).message;
    expect(message).toContain(`${wrong}: invalid sandbox seed`);
    expect(message).toContain('workspaces.acme.variables.0.value: must be string');
    expect(message).toContain(
      'workspaces.acme.repositories.api.environments.0.type: must be one of Test, Staging, Production',
    );
    expect(message).toContain("workspaces.acme.repositories.api.environments.1: unknown property 'colour'");
    expect(message).toContain('See docs/sandbox.md');
  });

  it('applies Bitbucket rules: key syntax, unique keys, unique environment names and pull-request ids', () => {
    const message = errorOf(() =>
      validateSeed(
        {
          workspaces: {
            acme: {
              variables: [
                { key: '9LIVES', value: 'x' },
                { key: 'A', value: '1' },
                { key: 'A', value: '2' },
              ],
              repositories: {
                api: {
                  environments: [
                    { name: 'Prod', type: 'Production' },
                    { name: 'prod', type: 'Production' },
                  ],
                  pullRequests: [
                    { id: 1, title: 'a' },
                    { id: 1, title: 'b' },
                  ],
                },
              },
            },
          },
        },
        'inline',
      ),
    ).message;
    expect(message.split('\n').slice(1, 5)).toEqual([
      "  workspaces.acme.variables.0.key: '9LIVES' is not a valid variable name (letters, digits and _, not starting with a digit)",
      "  workspaces.acme.variables.2.key: 'A' appears twice in this scope",
      "  workspaces.acme.repositories.api.environments.1.name: environment 'prod' appears twice",
      '  workspaces.acme.repositories.api.pullRequests.1.id: pull request 1 appears twice',
    ]);
  });
});

describe('default seed and sandboxEnv', () => {
  it('holds the realistic acme workspace the demo relies on', async () => {
    const sb = await sandbox();
    const repos = [...sb.store.workspaces.get('acme')!.repositories.keys()];
    expect(repos).toEqual(['api-service', 'web-frontend', 'billing-worker', 'notification-service']);
    expect(sb.store.projects('acme').map((p) => `${p.key}:${p.name}`)).toEqual(['PLAT:Platform', 'WEB:Web']);
    expect(sb.store.repositories('acme').map((r) => `${r.slug}:${r.project}`)).toEqual([
      'api-service:PLAT',
      'web-frontend:WEB',
      'billing-worker:PLAT',
      'notification-service:PLAT',
    ]);
    expect(sb.store.environments('acme', 'api-service').map((e) => `${e.name}:${e.type}`)).toEqual([
      'test:Test',
      'staging:Staging',
      'production:Production',
    ]);
    expect(sb.store.environments('acme', 'web-frontend').map((e) => e.name)).toEqual(['staging', 'production']);
    expect(sb.store.environments('acme', 'billing-worker')).toEqual([]);
    const repo = { type: 'repository', workspace: 'acme', repository: 'api-service' } as const;
    expect(sb.store.variable(repo, 'LEGACY_FEATURE_FLAG')?.value).toBe('on');
    expect(sb.store.variable(repo, 'NPM_TOKEN')?.secured).toBe(true);
    expect(sb.store.variable({ type: 'workspace', workspace: 'acme' }, 'DEFAULT_REGION')?.value).toBe('eu-west-1');
    expect(sb.store.variable({ type: 'workspace', workspace: 'acme' }, 'SLACK_WEBHOOK_URL')?.secured).toBe(true);
    expect(sandboxEnv(sb)).toEqual({
      BITBUCKET_API_URL: sb.url,
      BITBUCKET_TOKEN_URL: sb.tokenUrl,
      BITBUCKET_CLIENT_ID: 'bb-vars-demo',
      BITBUCKET_CLIENT_SECRET: 'demo-secret-change-me',
      BITBUCKET_WORKSPACE: 'acme',
      BITBUCKET_REPO_SLUG: 'api-service',
      BITBUCKET_PR_ID: '1',
    });
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2\.0$/);
  });

  it('gives the same UUIDs for the same uuidSeed', async () => {
    const a = await sandbox({ uuidSeed: 5 });
    const b = await sandbox({ uuidSeed: 5 });
    const c = await sandbox({ uuidSeed: 6 });
    const uuids = (s: typeof a) => s.store.environments('acme', 'api-service').map((e) => e.uuid);
    expect(uuids(a)).toEqual(uuids(b));
    expect(uuids(a)).not.toEqual(uuids(c));
    expect(defaultSeed()).toEqual(defaultSeed());
  });
});

describe('projects in seeds', () => {
  it('puts repositories without a project in the first project, or in the default PROJ', async () => {
    const sb = await sandbox({
      seed: {
        workspaces: {
          one: { projects: { CORE: {}, EDGE: { name: 'Edge' } }, repositories: { a: {}, b: { project: 'EDGE' } } },
          two: { repositories: { c: {} } },
        },
      },
    });
    expect(sb.store.repositories('one')).toMatchObject([
      { slug: 'a', project: 'CORE' },
      { slug: 'b', project: 'EDGE' },
    ]);
    expect(sb.store.projects('two')).toMatchObject([{ key: 'PROJ', name: 'Untitled project' }]);
    expect(sb.store.repositories('two')).toMatchObject([{ slug: 'c', project: 'PROJ' }]);
    sb.store.moveRepository('one', 'a', 'EDGE');
    expect(sb.store.repositories('one').map((r) => r.project)).toEqual(['EDGE', 'EDGE']);
    expect(() => sb.store.moveRepository('one', 'a', 'NOPE')).toThrow(/No project 'NOPE' in workspace 'one'/);
    expect(sb.store.removeRepository('one', 'b')).toBe(true);
    expect(sb.store.repositories('one').map((r) => r.slug)).toEqual(['a']);
  });

  it('refuses a repository naming an undeclared project, and a bad project key', () => {
    expect(() =>
      validateSeed(
        { workspaces: { a: { projects: { CORE: {} }, repositories: { r: { project: 'NOPE' } } } } },
        'seed.json',
      ),
    ).toThrow("workspaces.a.repositories.r.project: no project 'NOPE' in workspace 'a' (declared: CORE)");
    expect(() => validateSeed({ workspaces: { a: { projects: { '1X': {} } } } }, 'seed.json')).toThrow(
      "workspaces.a.projects: project key '1X' must start with a letter and hold only letters, digits and _",
    );
  });

  it('generated seeds spread repositories over projects, and can fill one large project', () => {
    const spread = generateSeed({ repositories: 25, variablesPerScope: 1, projects: 4 }).workspaces.acme!;
    expect(Object.keys(spread.projects!)).toEqual(['P01', 'P02', 'P03', 'P04']);
    const perProject = (ws: typeof spread) =>
      Object.values(ws.repositories!).reduce<Record<string, number>>(
        (acc, r) => ({ ...acc, [r.project!]: (acc[r.project!] ?? 0) + 1 }),
        {},
      );
    expect(perProject(spread)).toEqual({ P01: 7, P02: 6, P03: 6, P04: 6 });
    const large = generateSeed({
      repositories: 1010,
      variablesPerScope: 0,
      environments: [],
      largeProject: 1000,
      projects: 5,
    }).workspaces.acme!;
    expect(perProject(large)).toEqual({ [LARGE_PROJECT_KEY]: 1000, P01: 2, P02: 2, P03: 2, P04: 2, P05: 2 });
    expect(large.repositories!['repo-1000']!.project).toBe(LARGE_PROJECT_KEY);
  });
});

describe('scale', () => {
  it('serves a generated workspace of 1,000 repositories × 150 variables per scope', { timeout: 120_000 }, async () => {
    const sb = await sandbox({
      seed: generateSeed({
        repositories: 1000,
        variablesPerScope: 150,
        environments: [{ name: 'production', type: 'Production' }],
      }),
    });
    expect(sb.store.counts()).toEqual({
      workspaces: 1,
      repositories: 1000,
      environments: 1000,
      variables: 150 + 1000 * 300,
    });
    const api = await client(sb);
    for (const repo of ['repo-0001', 'repo-0500', 'repo-1000']) {
      const page = await api.get(`/repositories/acme/${repo}/pipelines_config/variables?pagelen=100&page=2`);
      expect(page.body).toMatchObject({ size: 150, page: 2 });
      expect(page.body.values).toHaveLength(50);
    }
  });
});
