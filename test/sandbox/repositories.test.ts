import { describe, expect, it } from 'vitest';
import type { SandboxSeed, SeedRepository } from '../../src/sandbox/index.ts';
import { basic, call, CLIENT_ID, CLIENT_SECRET, client, enc, fetchToken, sandbox } from '../support/sandbox.ts';

const q = (query: string) => `q=${enc(query)}`;

function seed(): SandboxSeed {
  const repositories: Record<string, SeedRepository> = {};
  for (let i = 1; i <= 25; i++) repositories[`big-${String(i).padStart(2, '0')}`] = { project: 'BIG' };
  repositories['svc-1'] = { project: 'PLAT' };
  repositories['svc-2'] = { project: 'PLAT', permission: 'write' };
  repositories['svc-10'] = { project: 'PLAT', permission: 'read' };
  repositories['etl'] = { project: 'DATA' };
  return {
    credentials: {
      oauthConsumers: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['pipeline', 'repository', 'project'] },
        { clientId: 'pipeline-only', clientSecret: 's', scopes: ['pipeline', 'pipeline:variable'] },
        { clientId: 'pr', clientSecret: 's', scopes: ['pullrequest'] },
      ],
      accessTokens: [
        { token: 'repo-token', name: 'svc-1 token', scopes: ['repository'], workspace: 'acme', repository: 'svc-1' },
      ],
      apiTokens: [{ username: 'me@example.com', token: 't', scopes: ['read:pipeline:bitbucket'] }],
    },
    workspaces: {
      acme: {
        projects: {
          PLAT: { name: 'Platform' },
          DATA: { name: 'Data' },
          BIG: { name: 'Big' },
          EMPTY: { name: 'Empty' },
        },
        repositories,
      },
      other: { repositories: { elsewhere: {} } },
    },
  };
}

const slugs = (body: { values: { slug: string }[] }) => body.values.map((r) => r.slug);

describe('GET /repositories/{workspace}', () => {
  it('filters with BBQL: project.key, slug, and/or in any case, parentheses, IN, !=, ~', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const list = async (query: string) => {
      const res = await api.get(`/repositories/acme?pagelen=100&${q(query)}`);
      expect(res.status, `${query}: ${res.text}`).toBe(200);
      return slugs(res.body);
    };
    expect(await list('project.key="PLAT"')).toEqual(['svc-1', 'svc-2', 'svc-10']);
    expect(await list('slug = "svc-2"')).toEqual(['svc-2']);
    expect(await list('project.key = "PLAT" AND slug = "svc-10"')).toEqual(['svc-10']);
    expect(await list('project.key = "DATA" or slug = "svc-1"')).toEqual(['svc-1', 'etl']);
    expect(await list('(project.key = "DATA" OR project.key = "PLAT") and slug ~ "SVC-1"')).toEqual([
      'svc-1',
      'svc-10',
    ]);
    expect(await list('project.key IN ("DATA", "PLAT") AND project.key != "PLAT"')).toEqual(['etl']);
    expect(await list('project.key NOT IN ("BIG") AND full_name = "acme/etl"')).toEqual(['etl']);
    expect(await list('project.key = "plat"')).toEqual([]);
    expect(await list('project.key = "EMPTY"')).toEqual([]);
    expect(await list('is_private = true AND project.name = "Data"')).toEqual(['etl']);
    const sorted = await api.get(`/repositories/acme?${q('project.key="PLAT"')}&sort=-slug`);
    expect(slugs(sorted.body)).toEqual(['svc-2', 'svc-10', 'svc-1']);
  });

  it.each([
    ['project.key='],
    ['project.key="PLAT'],
    ['project.key=PLAT'],
    ['(slug = "svc-1"'],
    ['slug = "a" AND'],
    ['slug = "a" XOR slug = "b"'],
    ['nosuchfield = "x"'],
    ['slug ~ 3'],
  ])('answers 400 to the malformed query %j', async (query) => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const res = await api.get(`/repositories/acme?${q(query)}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'error', error: { message: 'Invalid query', detail: expect.any(String) } });
    expect((await api.get('/repositories/acme?sort=nosuchfield')).status).toBe(400);
  });

  it('paginates a filtered list with the page/pagelen rules, and next keeps the query', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const first = await api.get(`/repositories/acme?${q('project.key="BIG"')}`);
    expect(first.body).toMatchObject({ size: 25, page: 1, pagelen: 10 });
    expect(first.body.values).toHaveLength(10);
    const seen: string[] = [];
    let url: string | undefined = `/repositories/acme?${q('project.key="BIG"')}&pagelen=10`;
    while (url) {
      const res = await api.get(url);
      seen.push(...slugs(res.body));
      url = res.body.next;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `big-${String(i + 1).padStart(2, '0')}`));
    const third = await api.get(`/repositories/acme?${q('project.key="BIG"')}&pagelen=10&page=3`);
    expect(third.body.values).toHaveLength(5);
    expect(third.body).not.toHaveProperty('next');
    expect(third.body.previous).toContain('page=2');
    const clamped = await api.get('/repositories/acme?pagelen=500');
    expect(clamped.body).toMatchObject({ pagelen: 100, size: 29 });
    expect((await api.get('/repositories/acme?page=0')).status).toBe(400);
    expect((await api.get('/repositories/acme?page=9')).body).toMatchObject({ values: [], size: 29 });
  });

  it('narrows by role', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const plat = q('project.key="PLAT"');
    expect(slugs((await api.get(`/repositories/acme?role=member&${plat}`)).body)).toEqual(['svc-1', 'svc-2', 'svc-10']);
    expect(slugs((await api.get(`/repositories/acme?role=contributor&${plat}`)).body)).toEqual(['svc-1', 'svc-2']);
    expect(slugs((await api.get(`/repositories/acme?role=admin&${plat}`)).body)).toEqual(['svc-1']);
    const bad = await api.get('/repositories/acme?role=god');
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { fields: { role: 'must be one of member, contributor, admin, owner' } } },
    });
  });

  it('renders each repository with its project, UUIDs in braces, and follows moves between projects', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const res = await api.get(`/repositories/acme?${q('slug="etl"')}`);
    const repo = res.body.values[0];
    const project = sb.store.projects('acme').find((p) => p.key === 'DATA')!;
    expect(repo).toMatchObject({
      type: 'repository',
      slug: 'etl',
      full_name: 'acme/etl',
      uuid: sb.store.repositories('acme').find((r) => r.slug === 'etl')!.uuid,
      project: { type: 'project', key: 'DATA', name: 'Data', uuid: project.uuid },
      workspace: { slug: 'acme', uuid: expect.stringMatching(/^\{[0-9a-f-]{36}\}$/) },
    });
    expect(repo.uuid).toMatch(/^\{[0-9a-f-]{36}\}$/);
    sb.store.moveRepository('acme', 'etl', 'PLAT');
    sb.store.addRepository('acme', 'svc-new', undefined, { project: 'PLAT' });
    sb.store.removeRepository('acme', 'svc-2');
    expect(slugs((await api.get(`/repositories/acme?${q('project.key="PLAT"')}`)).body)).toEqual([
      'svc-1',
      'svc-10',
      'etl',
      'svc-new',
    ]);
  });

  it('needs the repository scope (pullrequest implies it), and a repository token sees its repository only', async () => {
    const sb = await sandbox({ seed: seed() });
    const noRepo = await call(sb, 'GET', '/repositories/acme', { token: await fetchToken(sb, 'pipeline-only', 's') });
    expect(noRepo).toMatchObject({
      status: 403,
      body: {
        type: 'error',
        error: {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { required: ['repository'], granted: ['pipeline', 'pipeline:variable'] },
        },
      },
    });
    expect((await call(sb, 'GET', '/repositories/acme', { token: await fetchToken(sb, 'pr', 's') })).status).toBe(200);
    const apiToken = await call(sb, 'GET', '/repositories/acme', { auth: basic('me@example.com', 't') });
    expect(apiToken.status).toBe(403);
    expect(apiToken.body.error.detail).toEqual({
      required: ['read:repository:bitbucket'],
      granted: ['read:pipeline:bitbucket'],
    });
    const bound = await call(sb, 'GET', '/repositories/acme', { auth: 'Bearer repo-token' });
    expect(bound.status).toBe(200);
    expect(slugs(bound.body)).toEqual(['svc-1']);
    expect((await call(sb, 'GET', '/repositories/other', { auth: 'Bearer repo-token' })).status).toBe(403);
    expect((await client(sb).then((api) => api.get('/repositories/nope'))).status).toBe(404);
  });
});

describe('GET /workspaces/{workspace}/projects[/{project_key}]', () => {
  it('lists and gets projects, paginated, and needs the project scope', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const list = await api.get('/workspaces/acme/projects?pagelen=2');
    expect(list.body).toMatchObject({ size: 4, pagelen: 2, page: 1 });
    expect(list.body.values.map((p: { key: string }) => p.key)).toEqual(['PLAT', 'DATA']);
    expect((await api.get(list.body.next)).body.values.map((p: { key: string }) => p.key)).toEqual(['BIG', 'EMPTY']);
    const plat = await api.get('/workspaces/acme/projects/PLAT');
    expect(plat.body).toMatchObject({
      type: 'project',
      key: 'PLAT',
      name: 'Platform',
      is_private: true,
      uuid: expect.stringMatching(/^\{.+\}$/),
    });
    expect(
      (await api.get(`/workspaces/acme/projects?${q('name ~ "at"')}`)).body.values.map((p: { key: string }) => p.key),
    ).toEqual(['PLAT', 'DATA']);
    expect(await api.get('/workspaces/acme/projects/NOPE')).toMatchObject({
      status: 404,
      body: { type: 'error', error: { message: 'Project NOPE not found.' } },
    });
    const denied = await call(sb, 'GET', '/workspaces/acme/projects', { token: await fetchToken(sb, 'pr', 's') });
    expect(denied).toMatchObject({
      status: 403,
      body: { error: { detail: { required: ['project'], granted: ['pullrequest'] } } },
    });
    expect(
      (await call(sb, 'GET', '/workspaces/acme/projects/PLAT', { auth: basic('me@example.com', 't') })).body.error
        .detail.required,
    ).toEqual(['read:project:bitbucket']);
  });
});
