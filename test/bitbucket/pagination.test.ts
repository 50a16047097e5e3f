import { describe, expect, it } from 'vitest';
import { clientFor, envFor, repagingProxy } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';
import { manyVariables, seedWith } from '../support/seeds.ts';

const sizes = [
  [0, [1]],
  [1, [1]],
  [100, [1]],
  [101, [1, 2]],
  [250, [1, 2, 3]],
] as const;

describe('pagination without following next', () => {
  it.each(sizes)('repository with %i variables: pages %j, pagelen=100', async (n, pages) => {
    const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(n) } }) });
    const { client } = clientFor(envFor(sb));
    const variables = await client.listVariables({ kind: 'repository', workspace: 'acme', repository: 'big' });
    expect(variables.map((v) => v.key)).toEqual(manyVariables(n).map((v) => v.key));
    expect(new Set(variables.map((v) => v.uuid)).size).toBe(n);
    expect(sb.requests.map((r) => [r.path, r.query])).toEqual(
      pages.map((page) => [
        '/2.0/repositories/acme/big/pipelines_config/variables',
        { pagelen: '100', page: String(page) },
      ]),
    );
  });

  it.each(sizes)('workspace with %i variables: pages %j (no next at all)', async (n, pages) => {
    const sb = await sandbox({ seed: seedWith({}, manyVariables(n, 'WS')) });
    const { client } = clientFor(envFor(sb));
    const variables = await client.listVariables({ kind: 'workspace', workspace: 'acme' });
    expect(variables).toHaveLength(n);
    expect(sb.requests.map((r) => r.query.page)).toEqual(pages.map(String));
    expect(
      sb.requests.every(
        (r) => r.path === '/2.0/workspaces/acme/pipelines-config/variables' && r.query.pagelen === '100',
      ),
    ).toBe(true);
  });

  it('never requests the internal next URL the repository list advertises', async () => {
    const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(250) } }) });
    await clientFor(envFor(sb)).client.listVariables({ kind: 'repository', workspace: 'acme', repository: 'big' });
    expect(sb.requests.filter((r) => !r.path.startsWith('/2.0/'))).toEqual([]);
    expect(sb.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('percent-encodes the braces of environment UUIDs and pages deployment variables', async () => {
    const sb = await sandbox({
      seed: seedWith({
        big: {
          environments: [
            {
              name: 'production',
              type: 'Production',
              uuid: '{0b9e1c2d-0000-4000-8000-000000000001}',
              variables: manyVariables(150, 'DEP'),
            },
          ],
        },
      }),
    });
    const { client } = clientFor(envFor(sb));
    const [env] = await client.listEnvironments('acme', 'big');
    expect(env).toEqual({
      uuid: '{0b9e1c2d-0000-4000-8000-000000000001}',
      name: 'production',
      environmentType: 'Production',
    });
    const variables = await client.listVariables({
      kind: 'deployment',
      workspace: 'acme',
      repository: 'big',
      environmentUuid: env!.uuid,
    });
    expect(variables).toHaveLength(150);
    const paths = sb.requests.slice(1).map((r) => `${r.path}?page=${r.query.page}`);
    expect(paths).toEqual([
      '/2.0/repositories/acme/big/deployments_config/environments/%7B0b9e1c2d-0000-4000-8000-000000000001%7D/variables?page=1',
      '/2.0/repositories/acme/big/deployments_config/environments/%7B0b9e1c2d-0000-4000-8000-000000000001%7D/variables?page=2',
    ]);
  });

  it('encodes variable UUIDs on update and delete', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    const scope = { kind: 'repository', workspace: 'acme', repository: 'api-service' } as const;
    const target = (await client.listVariables(scope)).find((v) => v.key === 'LOG_LEVEL')!;
    await client.updateVariable(scope, target.uuid, { key: 'LOG_LEVEL', value: 'warn', secured: false });
    await client.deleteVariable(scope, target.uuid);
    const encoded = encodeURIComponent(target.uuid);
    expect(encoded).toMatch(/^%7B.*%7D$/);
    expect(sb.requests.slice(1).map((r) => [r.method, r.path, r.status])).toEqual([
      ['PUT', `/2.0/repositories/acme/api-service/pipelines_config/variables/${encoded}`, 200],
      ['DELETE', `/2.0/repositories/acme/api-service/pipelines_config/variables/${encoded}`, 204],
    ]);
  });

  it('pages pull-request comments the same way', async () => {
    const comments = Array.from({ length: 120 }, (_, i) => ({ raw: `comment ${i}` }));
    const sb = await sandbox({ seed: seedWith({ big: { pullRequests: [{ id: 3, title: 'x', comments }] } }) });
    const list = await clientFor(envFor(sb)).client.listComments('acme', 'big', 3);
    expect(list.map((c) => c.raw)).toEqual(comments.map((c) => c.raw));
    expect(sb.requests.map((r) => r.query.page)).toEqual(['1', '2']);
  });

  describe('pages shorter than asked for (a server with a smaller maximum page size)', () => {
    const big = { kind: 'repository', workspace: 'acme', repository: 'big' } as const;
    const pagesRead = (sb: { requests: Array<{ path: string; query: Record<string, string> }> }) =>
      sb.requests.filter((r) => r.path.endsWith('/pipelines_config/variables')).map((r) => Number(r.query.page));

    it('without pagelen: size decides, and page 2 onwards is read', async () => {
      const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(250) } }) });
      const proxy = await repagingProxy(sb.url, { maxPagelen: 40, omit: ['pagelen'] });
      const variables = await clientFor({ ...envFor(sb), BITBUCKET_API_URL: proxy.url }).client.listVariables(big);
      expect(variables.map((v) => v.key)).toEqual(manyVariables(250).map((v) => v.key));
      expect(pagesRead(sb)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('without pagelen and size: a next link decides', async () => {
      const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(250) } }), paginationBugs: false });
      const proxy = await repagingProxy(sb.url, { maxPagelen: 40, omit: ['pagelen', 'size'] });
      const variables = await clientFor({ ...envFor(sb), BITBUCKET_API_URL: proxy.url }).client.listVariables(big);
      expect(variables).toHaveLength(250);
      expect(pagesRead(sb)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it("without size, the repository list's broken next costs one empty page, no more", async () => {
      const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(250) } }) });
      const proxy = await repagingProxy(sb.url, { maxPagelen: 40, omit: ['pagelen', 'size'] });
      const variables = await clientFor({ ...envFor(sb), BITBUCKET_API_URL: proxy.url }).client.listVariables(big);
      expect(variables).toHaveLength(250);
      expect(pagesRead(sb)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('a short page with size reached, or without size and next, is the last', async () => {
      const sb = await sandbox({ seed: seedWith({ big: { variables: manyVariables(30) } }), paginationBugs: false });
      const proxy = await repagingProxy(sb.url, { maxPagelen: 40, omit: ['pagelen'] });
      expect(await clientFor({ ...envFor(sb), BITBUCKET_API_URL: proxy.url }).client.listVariables(big)).toHaveLength(
        30,
      );
      const bare = await repagingProxy(sb.url, { maxPagelen: 40, omit: ['pagelen', 'size', 'next'] });
      expect(await clientFor({ ...envFor(sb), BITBUCKET_API_URL: bare.url }).client.listVariables(big)).toHaveLength(
        30,
      );
      expect(pagesRead(sb)).toEqual([1, 1]);
    });
  });
});
