/**
 * `bb-vars import --project` (issue 15): every repository of a Bitbucket project is read, what
 * they share is written once under `projects:`, what differs stays with each repository. End to
 * end with the built CLI against the sandbox, then the round trip: the imported manifest plans no
 * change for non-secured variables, converges after one apply, and imports back to the same text.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonPlanDocument } from '../../src/render/json.ts';
import type { SandboxSeed } from '../../src/sandbox/index.ts';
import { setupCli, type Cli } from '../support/cli.ts';
import { dep as production, repo } from '../support/plan-builders.ts';

const CLIENT = { clientId: 'import-client', clientSecret: 'import-secret-CANARY-5b1e' };
const NPM = (slug: string) => `CANARY-npm-${slug}-90c2`;
const SERVICES = ['svc-a', 'svc-b', 'svc-c', 'svc-d'];

type Repositories = NonNullable<SandboxSeed['workspaces'][string]['repositories']>;

/**
 * Project PLAT: four services that share SONAR_HOST (all), LOG_LEVEL (three of four: svc-d
 * overrides), a production environment with DEPLOY_ROLE (all) and REGION (three of four: not
 * shared, one repository lacks it); each has its own DB_NAME and a secured NPM_TOKEN. Project WEB
 * (web-app) is not imported.
 */
function seed(): SandboxSeed {
  const repositories: Repositories = {};
  for (const [i, slug] of SERVICES.entries()) {
    repositories[slug] = {
      project: 'PLAT',
      variables: [
        { key: 'SONAR_HOST', value: 'https://sonar.example' },
        { key: 'LOG_LEVEL', value: slug === 'svc-d' ? 'debug' : 'info' },
        { key: 'DB_NAME', value: `${slug}_db` },
        { key: 'NPM_TOKEN', value: NPM(slug), secured: true },
        ...(slug === 'svc-a' ? [{ key: 'QUEUE_NAME', value: 'jobs' }] : []),
      ],
      environments: [
        {
          name: 'production',
          type: 'Production' as const,
          variables: [
            { key: 'DEPLOY_ROLE', value: 'arn:aws:iam::1:role/deploy' },
            ...(i < 3 ? [{ key: 'REGION', value: 'eu-west-1' }] : []),
          ],
        },
        ...(slug === 'svc-a' ? [{ name: 'staging', type: 'Staging' as const, variables: [] }] : []),
      ],
    };
  }
  repositories['web-app'] = { project: 'WEB', variables: [{ key: 'NODE_ENV', value: 'production' }] };
  return {
    credentials: {
      oauthConsumers: [{ ...CLIENT, scopes: ['pipeline', 'pipeline:variable', 'repository', 'project'] }],
    },
    workspaces: {
      acme: { projects: { PLAT: { name: 'Platform' }, WEB: { name: 'Web' } }, repositories },
    },
  };
}

async function setup(): Promise<Cli> {
  const cli = await setupCli({ sandbox: { seed: seed() } });
  Object.assign(cli.env, { BITBUCKET_CLIENT_ID: CLIENT.clientId, BITBUCKET_CLIENT_SECRET: CLIENT.clientSecret });
  delete cli.env.BITBUCKET_REPO_SLUG;
  return cli;
}

/** The env names the imported manifest asks for, with the seed's values, so the first apply changes nothing real. */
const SECURED_ENV = Object.fromEntries(SERVICES.map((s) => [`${s.replace('-', '_').toUpperCase()}_NPM_TOKEN`, NPM(s)]));

describe('bb-vars import --project (issue 15)', () => {
  it('declares what every repository shares once, keeps the rest per repository, and round-trips', async () => {
    const cli = await setup();
    const imported = await cli.run(['import', '--project', 'PLAT', '-o', 'bb-vars.yaml']);
    assert.strictEqual(imported.code, 0, imported.stderr);
    expect(imported.stderr).toContain('Imported 16 variables (4 secured) to bb-vars.yaml in 15 API requests.');
    expect(imported.stderr).toContain(
      'Project PLAT: 4 repositories; 3 variables declared once under projects.PLAT; 1 per-repository value kept as an override.',
    );
    expect(imported.stderr).toContain('Hint: NPM_TOKEN is secured in every repository of PLAT');
    // Reads only: one listing page, then per repository its variables and environments, and each
    // environment's variables; nothing of project WEB.
    const requests = cli.sandbox.requests;
    expect(requests.filter((r) => r.route === 'GET /repositories/{workspace}')).toHaveLength(1);
    expect(requests).toHaveLength(1 + SERVICES.length * 2 + SERVICES.length + 1);
    expect(requests.some((r) => r.path.includes('web-app'))).toBe(false);
    expect(requests.every((r) => r.method === 'GET')).toBe(true);

    const text = await readFile(join(cli.dir, 'bb-vars.yaml'), 'utf8');
    const manifest = parse(text) as Record<string, unknown>;
    expect(manifest.projects).toEqual({
      PLAT: {
        variables: { LOG_LEVEL: 'info', SONAR_HOST: 'https://sonar.example' },
        deployments: { production: { type: 'Production', variables: { DEPLOY_ROLE: 'arn:aws:iam::1:role/deploy' } } },
      },
    });
    const own = (slug: string) => (manifest.repositories as Record<string, Record<string, unknown>>)[slug];
    expect(own('svc-a')).toEqual({
      variables: {
        DB_NAME: 'svc-a_db',
        NPM_TOKEN: { env: 'SVC_A_NPM_TOKEN', secured: true },
        QUEUE_NAME: 'jobs',
      },
      deployments: {
        production: { type: 'Production', variables: { REGION: 'eu-west-1' } },
        staging: { type: 'Staging' },
      },
    });
    // svc-d overrides the shared LOG_LEVEL; it has no REGION, so its production is the project's alone.
    expect(own('svc-d')).toEqual({
      variables: { DB_NAME: 'svc-d_db', LOG_LEVEL: 'debug', NPM_TOKEN: { env: 'SVC_D_NPM_TOKEN', secured: true } },
    });
    expect(manifest.home).toBe('svc-a');
    for (const s of SERVICES) expect(text + imported.stderr).not.toContain(NPM(s));

    // Round trip: no change for non-secured variables; the secured ones are rewritten once (no record yet).
    const env = SECURED_ENV;
    const planned = await cli.run(['reconcile', '--format', 'json'], { env });
    assert.strictEqual(planned.code, 0, planned.stderr);
    const plan = JSON.parse(planned.stdout) as JsonPlanDocument;
    expect(plan.changes.filter((c) => !c.secured)).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.key, c.scope.repository])).toEqual(
      SERVICES.map((s) => ['update', 'NPM_TOKEN', s]),
    );
    const applied = await cli.run(['reconcile', '--apply'], { env });
    assert.strictEqual(applied.code, 0, applied.stdout + applied.stderr);
    const again = await cli.run(['reconcile', '--detailed-exitcode'], { env });
    assert.strictEqual(again.code, 0, again.stdout + again.stderr);
    expect(again.stdout).toContain('No changes');
    const store = cli.sandbox.store;
    expect(store.variable(repo('svc-d'), 'LOG_LEVEL')?.value).toBe('debug');
    expect(store.variable(repo('svc-b'), 'LOG_LEVEL')?.value).toBe('info');
    expect(store.variable(production('svc-d'), 'DEPLOY_ROLE')?.value).toBe('arn:aws:iam::1:role/deploy');
    expect(store.variables(repo('web-app')).map((v) => v.key)).toEqual(['NODE_ENV']);

    // Importing again after the apply writes the same manifest: bookkeeping is left out.
    const reimported = await cli.run(['import', '--project', 'PLAT']);
    assert.strictEqual(reimported.code, 0, reimported.stderr);
    expect(reimported.stdout).toBe(text);

    // The imported manifest is a fleet manifest: a repository that joins PLAT gets what they share.
    store.addRepository('acme', 'svc-new', undefined, { project: 'PLAT' });
    const joined = await cli.run(['reconcile', '--apply'], { env });
    assert.strictEqual(joined.code, 0, joined.stdout + joined.stderr);
    expect(store.variable(repo('svc-new'), 'SONAR_HOST')?.value).toBe('https://sonar.example');
    expect(store.variable(repo('svc-new'), 'LOG_LEVEL')?.value).toBe('info');
    expect(store.variable(production('svc-new'), 'DEPLOY_ROLE')?.value).toBe('arn:aws:iam::1:role/deploy');
    expect(store.variables(repo('svc-new')).map((v) => v.key)).not.toContain('DB_NAME');
  });

  it('combines with --repo and --workspace-variables; a repository of the project named by --repo is read once', async () => {
    const cli = await setup();
    const imported = await cli.run(['import', '--repo', 'web-app,svc-b', '--project', 'PLAT', '--workspace-variables']);
    assert.strictEqual(imported.code, 0, imported.stderr);
    const manifest = parse(imported.stdout) as { repositories: Record<string, unknown>; projects: object };
    expect(Object.keys(manifest.repositories)).toEqual(['web-app', 'svc-b', 'svc-a', 'svc-c', 'svc-d']);
    expect(Object.keys(manifest.projects)).toEqual(['PLAT']);
    // svc-b is read once though named twice: its variables, its environments, its production's variables.
    expect(cli.sandbox.requests.filter((r) => r.path.includes('/svc-b/')).map((r) => r.route)).toHaveLength(3);
  });

  it('an unknown project key names the closest one; a bad key is a usage error; nothing is written', async () => {
    const cli = await setup();
    const unknown = await cli.run(['import', '--project', 'PLTA', '-o', 'bb-vars.yaml']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--project PLTA: no project PLTA in workspace acme; did you mean 'PLAT'?");
    expect(unknown.stderr).toContain("the workspace's projects: PLAT, WEB");
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    const bad = await cli.run(['import', '--project', 'my project']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--project 'my project' is not a project key");
    await expect(readFile(join(cli.dir, 'bb-vars.yaml'), 'utf8')).rejects.toThrow();
  });
});
