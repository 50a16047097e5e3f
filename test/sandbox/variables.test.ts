import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { call, client, enc, fetchToken, rawRequest, sandbox } from '../support/sandbox.ts';

const REPO = '/repositories/acme/api-service';
const VARS = `${REPO}/pipelines_config/variables`;
const apiService: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api-service' };

const collections = [
  {
    name: 'workspace',
    path: () => '/workspaces/acme/pipelines-config/variables',
    scope: { type: 'workspace', workspace: 'acme' } as ScopeRef,
  },
  { name: 'repository', path: () => VARS, scope: apiService },
  {
    name: 'deployment',
    path: (env: string) => `${REPO}/deployments_config/environments/${enc(env)}/variables`,
    scope: { ...apiService, type: 'deployment', environment: 'staging' } as ScopeRef,
  },
];

describe.each(collections)('$name variables', ({ name, path, scope }) => {
  async function setup() {
    const sb = await sandbox();
    const api = await client(sb);
    const staging = sb.store.environments('acme', 'api-service').find((e) => e.name === 'staging')!;
    return { sb, api, url: path(staging.uuid) };
  }

  it('creates (201 + Location), reads, updates (200) and deletes (204, empty body)', async () => {
    const { sb, api, url } = await setup();
    const created = await api.post(url, { key: 'NEW_VAR', value: 'one', secured: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      uuid: expect.stringMatching(/^\{[0-9a-f-]{36}\}$/),
      key: 'NEW_VAR',
      value: 'one',
      secured: false,
    });
    // Bitbucket leaves `type` out of the deployment-variable create response
    expect('type' in created.body).toBe(name !== 'deployment');
    expect(created.headers.get('location')).toBe(`${sb.url}${url}/${enc(created.body.uuid)}`);
    const updated = await api.put(`${url}/${enc(created.body.uuid)}`, { key: 'NEW_VAR', value: 'two', secured: false });
    expect(updated).toMatchObject({ status: 200, body: { type: 'pipeline_variable', key: 'NEW_VAR', value: 'two' } });
    expect(sb.store.variable(scope, 'NEW_VAR')?.value).toBe('two');
    const deleted = await api.del(`${url}/${enc(created.body.uuid)}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await api.del(`${url}/${enc(created.body.uuid)}`)).status).toBe(404);
    expect(sb.store.variable(scope, 'NEW_VAR')).toBeUndefined();
  });

  it('never returns a secured value, but keeps it for in-process readers', async () => {
    const { sb, api, url } = await setup();
    const created = await api.post(url, { key: 'SECRET_X', value: 'CANARY-secured-1', secured: true });
    const put = await api.put(`${url}/${enc(created.body.uuid)}`, { value: 'CANARY-secured-2' });
    const listed = await api.get(`${url}?pagelen=100`);
    for (const r of [created, put, listed]) expect(r.text).not.toContain('CANARY-secured');
    const item = (listed.body.values as { key: string }[]).find((v) => v.key === 'SECRET_X');
    expect(item).toEqual({ type: 'pipeline_variable', uuid: created.body.uuid, key: 'SECRET_X', secured: true });
    // deployment variables have no single GET
    const singles = name === 'deployment' ? [] : [await api.get(`${url}/${enc(created.body.uuid)}`)];
    for (const one of singles) expect(one.body).toEqual(item);
    expect(sb.store.variable(scope, 'SECRET_X')).toMatchObject({ secured: true, value: 'CANARY-secured-2' });
  });

  it('refuses a duplicate key with 409, and an invalid key with 400', async () => {
    const { api, url } = await setup();
    expect((await api.post(url, { key: 'DUP', value: 'a' })).status).toBe(201);
    const dup = await api.post(url, { key: 'DUP', value: 'b' });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({
      type: 'error',
      error: {
        message: 'Conflict',
        detail: expect.stringMatching(/^A variable with the key provided already exists for account \{/),
      },
    });
    // keys are case-sensitive
    expect((await api.post(url, { key: 'dup', value: 'c' })).status).toBe(201);
    for (const key of ['1STARTS_WITH_DIGIT', 'HAS-DASH', 'HAS SPACE', '', 'ÜMLAUT']) {
      const bad = await api.post(url, { key, value: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.key).toMatch(/letters, digits and underscores/);
    }
    expect((await api.post(url, { key: '_LEADING_UNDERSCORE', value: 'x' })).status).toBe(201);
    expect((await api.post(url, { key: 'NO_VALUE' })).body.error.fields).toEqual({
      value: 'required key not provided',
    });
    expect((await api.post(url, { key: 'NUM', value: 5 })).body.error.fields).toEqual({ value: 'expected str' });
  });

  it('renames a key with PUT (409 if taken) and refuses to flip secured (400, nothing changed)', async () => {
    const { sb, api, url } = await setup();
    const a = await api.post(url, { key: 'KEY_A', value: 'a' });
    await api.post(url, { key: 'KEY_B', value: 'b' });
    const renamed = await api.put(`${url}/${enc(a.body.uuid)}`, { key: 'KEY_C' });
    expect(renamed.body).toMatchObject({ key: 'KEY_C', value: 'a', uuid: a.body.uuid });
    expect((await api.put(`${url}/${enc(a.body.uuid)}`, { key: 'KEY_B' })).status).toBe(409);
    const flip = await api.put(`${url}/${enc(a.body.uuid)}`, { key: 'KEY_C', value: 'a', secured: true });
    expect(flip.status).toBe(400);
    expect(flip.body.error.fields.secured).toMatch(/cannot be changed/);
    expect(sb.store.variable(scope, 'KEY_C')).toMatchObject({ secured: false, value: 'a' });
  });
});

describe('variable endpoints: Bitbucket quirks', () => {
  it('answers raw braces in a path with 400 "Unexpected response body"', async () => {
    const sb = await sandbox();
    const token = await fetchToken(sb);
    const uuid = sb.store.variable(apiService, 'LOG_LEVEL')!.uuid;
    const raw = await rawRequest(sb, 'GET', `/2.0${VARS}/${uuid}`, { authorization: `Bearer ${token}` });
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.text)).toEqual({
      error: {
        message: 'Bad request',
        detail: 'Unexpected response body',
        data: { key: 'unexpected.response.body', arguments: {} },
      },
    });
    const encoded = await rawRequest(sb, 'GET', `/2.0${VARS}/${enc(uuid)}`, { authorization: `Bearer ${token}` });
    expect(encoded.status).toBe(200);
  });

  it('has no GET for a single deployment variable', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const env = sb.store.environments('acme', 'api-service').find((e) => e.name === 'test')!;
    const v = sb.store.variable({ ...apiService, type: 'deployment', environment: 'test' }, 'API_URL')!;
    const res = await api.get(`${REPO}/deployments_config/environments/${enc(env.uuid)}/variables/${enc(v.uuid)}`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Resource not found');
  });

  it("answers unknown workspaces, repositories, environments and variables with 404s in Bitbucket's shapes", async () => {
    const sb = await sandbox();
    const api = await client(sb);
    expect(await api.get('/repositories/acme/nope/pipelines_config/variables')).toMatchObject({
      status: 404,
      body: { error: { message: 'Repository acme/nope not found.' } },
    });
    expect((await api.get('/repositories/acme/nope/pipelines_config/variables')).body).not.toHaveProperty('type');
    expect(await api.get('/workspaces/nope/pipelines-config/variables')).toMatchObject({
      status: 404,
      body: { type: 'error', error: { message: 'Workspace nope not found.' } },
    });
    const missing = enc('{00000000-0000-4000-8000-000000000000}');
    expect((await api.get(`${REPO}/deployments_config/environments/${missing}/variables`)).status).toBe(404);
    expect((await api.get(`${VARS}/${missing}`)).status).toBe(404);
    expect((await api.put(`${VARS}/${missing}`, { value: 'x' })).status).toBe(404);
    expect((await api.get('/repositories/acme/api-service/pipelines_config/nothing')).body.error.message).toBe(
      'Resource not found',
    );
  });

  it('accepts workspace and repository UUIDs in place of slugs, and a trailing slash on collections', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const first = await api.get(`${VARS}/`);
    expect(first.status).toBe(200);
    const acme = sb.store.workspaces.get('acme')!;
    const ws = await api.get(`/workspaces/${enc(acme.uuid)}/pipelines-config/variables`);
    expect((ws.body.values as { key: string }[]).map((v) => v.key)).toEqual(['DEFAULT_REGION', 'SLACK_WEBHOOK_URL']);
    const repoUuid = acme.repositories.get('api-service')!.uuid;
    const byUuid = await api.get(`/repositories/${enc(acme.uuid)}/${enc(repoUuid)}/pipelines_config/variables`);
    expect(byUuid.body.values).toEqual(first.body.values);
  });

  it('rejects bodies that are not JSON objects', async () => {
    const sb = await sandbox();
    const token = await fetchToken(sb);
    const notJson = await fetch(`${sb.url}${VARS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"key":',
    });
    expect(notJson.status).toBe(400);
    const form = await fetch(`${sb.url}${VARS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'key=A&value=b',
    });
    expect(form.status).toBe(400);
    expect((await call(sb, 'POST', VARS, { token, body: ['KEY'] })).status).toBe(400);
    expect(sb.store.variables(apiService).map((v) => v.key)).toEqual(['LOG_LEVEL', 'LEGACY_FEATURE_FLAG', 'NPM_TOKEN']);
  });
});
