import { describe, expect, it } from 'vitest';
import type { SandboxSeed } from '../../src/sandbox/index.ts';
import { client, sandbox, type CallResult } from '../support/sandbox.ts';

const many = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}_${String(i + 1).padStart(3, '0')}`, value: String(i + 1) }));

function seed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [
        { clientId: 'bb-vars-demo', clientSecret: 'demo-secret-change-me', scopes: ['pipeline', 'pullrequest'] },
      ],
    },
    workspaces: {
      acme: {
        variables: many(25, 'WS'),
        repositories: {
          api: {
            variables: many(11, 'REPO'),
            environments: [{ name: 'production', type: 'Production', variables: many(23, 'DEP') }],
            pullRequests: [
              { id: 1, title: 'x', comments: Array.from({ length: 12 }, (_, i) => ({ raw: `c${i}`, author: 'jane' })) },
            ],
          },
        },
      },
    },
  };
}

/** The naive client: follow `next` until it is missing. */
async function followNext(
  get: (url: string) => Promise<CallResult>,
  first: string,
): Promise<{ keys: string[]; failedWith?: CallResult }> {
  const keys: string[] = [];
  let url: string | undefined = first;
  while (url) {
    const res = await get(url);
    if (res.status !== 200) return { keys, failedWith: res };
    keys.push(...(res.body.values as { key?: string; id?: number }[]).map((v) => v.key ?? String(v.id)));
    url = res.body.next;
  }
  return { keys };
}

describe('pagination', () => {
  it('defaults to pagelen 10, clamps pagelen above 100 to 100, and refuses page/pagelen below 1', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const first = await api.get('/repositories/acme/api/pipelines_config/variables');
    expect(first.body).toMatchObject({ pagelen: 10, size: 11, page: 1 });
    expect(first.body.values).toHaveLength(10);
    const clamped = await api.get('/workspaces/acme/pipelines-config/variables?pagelen=500');
    expect(clamped.body).toMatchObject({ pagelen: 100, size: 25 });
    expect(clamped.body.values).toHaveLength(25);
    for (const q of ['page=0', 'pagelen=0', 'page=abc', 'pagelen=-5']) {
      const bad = await api.get(`/workspaces/acme/pipelines-config/variables?${q}`);
      expect(bad.status).toBe(400);
    }
    const beyond = await api.get('/workspaces/acme/pipelines-config/variables?page=9');
    expect(beyond.body).toMatchObject({ values: [], size: 25, page: 9 });
  });

  it('orders deterministically (creation order) across pages', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const keys: string[] = [];
    for (let page = 1; page <= 3; page++)
      keys.push(
        ...(
          (await api.get(`/workspaces/acme/pipelines-config/variables?pagelen=10&page=${page}`)).body.values as {
            key: string;
          }[]
        ).map((v) => v.key),
      );
    expect(keys).toEqual(many(25, 'WS').map((v) => v.key));
  });

  it('reproduces the workspace-variables bug: no next even when more pages exist', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const res = await api.get('/workspaces/acme/pipelines-config/variables');
    expect(res.body.size).toBe(25);
    expect(res.body).not.toHaveProperty('next');
    const naive = await followNext(api.get, '/workspaces/acme/pipelines-config/variables');
    expect(naive.keys).toHaveLength(10); // a client trusting `next` silently loses 15 variables
  });

  it('reproduces the repository-variables bug: next on the last page, pointing at an internal URL that answers 401', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const last = await api.get('/repositories/acme/api/pipelines_config/variables?page=2');
    expect(last.body.values).toHaveLength(1);
    expect(last.body.next).toMatch(
      /\/rest\/1\.0\/accounts\/%7B.+%7D\/repositories\/%7B.+%7D\/pipelines_config\/variables\?pagelen=10&page=3$/,
    );
    const naive = await followNext(api.get, '/repositories/acme/api/pipelines_config/variables');
    expect(naive.failedWith?.status).toBe(401);
    expect(naive.failedWith?.body).toEqual({
      error: {
        message: 'Unauthorized',
        detail: 'No authorization provider header specified.',
        data: { key: 'rest-service.rest-service.unauthorized', arguments: {} },
      },
    });
  });

  it('serves correct next/previous links on other lists, and on variables when the bugs are off', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const env = sb.store.environments('acme', 'api')[0]!;
    const dep = await followNext(
      api.get,
      `/repositories/acme/api/deployments_config/environments/${encodeURIComponent(env.uuid)}/variables`,
    );
    expect(dep).toEqual({ keys: many(23, 'DEP').map((v) => v.key) });
    const comments = await followNext(api.get, '/repositories/acme/api/pullrequests/1/comments');
    expect(comments.keys).toHaveLength(12);
    sb.setPaginationBugs(false);
    expect(await followNext(api.get, '/workspaces/acme/pipelines-config/variables')).toEqual({
      keys: many(25, 'WS').map((v) => v.key),
    });
    expect(await followNext(api.get, '/repositories/acme/api/pipelines_config/variables')).toEqual({
      keys: many(11, 'REPO').map((v) => v.key),
    });
    const second = await api.get('/workspaces/acme/pipelines-config/variables?page=2');
    expect(second.body.previous).toBe(`${sb.url}/workspaces/acme/pipelines-config/variables?pagelen=10&page=1`);
  });
});
