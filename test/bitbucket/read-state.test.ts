import { describe, expect, it } from 'vitest';
import { readLiveState } from '../../src/bitbucket/read-state.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { clientFor, countingProxy, envFor } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';

const scopes: ScopeRef[] = [
  { type: 'workspace', workspace: 'acme' },
  { type: 'repository', workspace: 'acme', repository: 'api-service' },
  { type: 'deployment', workspace: 'acme', repository: 'api-service', environment: 'production' },
  { type: 'deployment', workspace: 'acme', repository: 'api-service', environment: 'staging' },
  { type: 'deployment', workspace: 'acme', repository: 'api-service', environment: 'qa' },
  { type: 'deployment', workspace: 'acme', repository: 'web-frontend', environment: 'production' },
  { type: 'repository', workspace: 'acme', repository: 'billing-worker' },
];

describe('readLiveState', () => {
  it('reads every scope with the minimum number of requests', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    const live = await readLiveState(client, [...scopes, scopes[1]!, scopes[2]!]);
    const paths = sb.requests.map((r) => r.path).sort();
    expect(paths).toEqual(
      [
        '/2.0/workspaces/acme/pipelines-config/variables',
        '/2.0/repositories/acme/api-service/pipelines_config/variables',
        '/2.0/repositories/acme/api-service/environments',
        '/2.0/repositories/acme/web-frontend/environments',
        '/2.0/repositories/acme/billing-worker/pipelines_config/variables',
        ...['api-service/production', 'api-service/staging', 'web-frontend/production'].map((id) => {
          const [repository, name] = id.split('/') as [string, string];
          const uuid = sb.store.environments('acme', repository).find((e) => e.name === name)!.uuid;
          return `/2.0/repositories/acme/${repository}/deployments_config/environments/${encodeURIComponent(uuid)}/variables`;
        }),
      ].sort(),
    );
    expect(client.stats.requests).toBe(9); // eight lists and one token
    expect(live.workspace).toBe('acme');
    expect(live.scopes.map((s) => s.scope)).toEqual(scopes);
  });

  it('returns variables, secured ones without a value, and environment details', async () => {
    const sb = await sandbox();
    sb.store.setVariable(
      { type: 'repository', workspace: 'acme', repository: 'api-service' },
      { key: 'BB_VARS_STATE', value: '{"version":1}' },
    );
    const live = await readLiveState(clientFor(envFor(sb)).client, scopes);
    const byId = new Map(live.scopes.map((s) => [JSON.stringify(s.scope), s]));
    const repo = byId.get(JSON.stringify(scopes[1]))!;
    expect(repo.exists).toBe(true);
    expect(repo.variables.map((v) => v.key).sort()).toEqual([
      'BB_VARS_STATE',
      'LEGACY_FEATURE_FLAG',
      'LOG_LEVEL',
      'NPM_TOKEN',
    ]);
    expect(repo.variables.find((v) => v.key === 'NPM_TOKEN')).toEqual({
      uuid: expect.stringMatching(/^\{.+\}$/),
      key: 'NPM_TOKEN',
      secured: true,
    });
    const production = byId.get(JSON.stringify(scopes[2]))!;
    expect(production).toMatchObject({
      exists: true,
      environmentType: 'Production',
      environmentUuid: expect.stringMatching(/^\{.+\}$/),
    });
    expect(production.variables.map((v) => [v.key, v.value, v.secured])).toEqual([
      ['SENTRY_ENVIRONMENT', 'production', false],
      ['VPN_SHARED_KEY', undefined, true],
    ]);
    expect(byId.get(JSON.stringify(scopes[4]))).toEqual({ scope: scopes[4], exists: false, variables: [] });
    expect(byId.get(JSON.stringify(scopes[5]))).toMatchObject({
      exists: true,
      environmentType: 'Production',
      variables: [],
    });
  });

  it('matches environment names exactly, else ignoring case (Bitbucket refuses names differing only in case)', async () => {
    const sb = await sandbox();
    const other: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api-service', environment: 'Prod' };
    const scope: ScopeRef = {
      type: 'deployment',
      workspace: 'acme',
      repository: 'api-service',
      environment: 'Production',
    };
    const live = await readLiveState(clientFor(envFor(sb)).client, [other, scope]);
    const production = sb.store.environments('acme', 'api-service').find((e) => e.name === 'production')!;
    expect(live.scopes[0]).toEqual({ scope: other, exists: false, variables: [] });
    expect(live.scopes[1]).toMatchObject({ scope, exists: true, environmentUuid: production.uuid });
    expect(sb.requests.filter((r) => r.path.endsWith('/environments')).length).toBe(1);
  });

  it('runs independent lists concurrently', async () => {
    const sb = await sandbox({ latencyMs: 30 });
    const proxy = await countingProxy(sb.url);
    const { client } = clientFor({ ...envFor(sb), BITBUCKET_API_URL: proxy.url });
    await readLiveState(client, scopes);
    expect(proxy.maxInFlight()).toBeGreaterThanOrEqual(4);
    expect(proxy.maxInFlight()).toBeLessThanOrEqual(8);
  });

  it('reports an unknown repository with a clear error', async () => {
    const sb = await sandbox();
    const missing: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'ghost', environment: 'production' };
    await expect(readLiveState(clientFor(envFor(sb)).client, [missing])).rejects.toThrow(
      /^Not found \(404\): GET \/repositories\/acme\/ghost\/environments/,
    );
  });
});
