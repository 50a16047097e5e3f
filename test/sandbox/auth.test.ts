import { describe, expect, it } from 'vitest';
import { basic, call, CLIENT_ID, CLIENT_SECRET, fetchToken, sandbox } from '../support/sandbox.ts';

const VARS = '/repositories/acme/api-service/pipelines_config/variables';
const form = 'application/x-www-form-urlencoded';

async function token(url: string, init: { auth?: string; type?: string; body?: string; method?: string }) {
  const headers: Record<string, string> = {};
  if (init.auth) headers.authorization = init.auth;
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(url, { method: init.method ?? 'POST', headers, body: init.body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('OAuth token endpoint', () => {
  it("issues a bearer token for the client-credentials grant, in Bitbucket's response shape", async () => {
    const sb = await sandbox();
    const res = await token(sb.tokenUrl, {
      auth: basic(CLIENT_ID, CLIENT_SECRET),
      type: form,
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      scopes: 'pipeline pipeline:variable pullrequest repository project',
      expires_in: 7200,
      token_type: 'bearer',
      state: 'client_credentials',
      refresh_token: expect.any(String),
    });
    const api = await call(sb, 'GET', VARS, { token: res.body.access_token as string });
    expect(api.status).toBe(200);
  });

  it.each([
    ['no Basic auth', { type: form, body: 'grant_type=client_credentials' }, 400, 'unauthorized_client'],
    [
      'credentials in the form body',
      { type: form, body: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}` },
      400,
      'unauthorized_client',
    ],
    [
      'a wrong secret',
      { auth: basic(CLIENT_ID, 'wrong'), type: form, body: 'grant_type=client_credentials' },
      401,
      'invalid_client',
    ],
    [
      'an unknown client',
      { auth: basic('nobody', CLIENT_SECRET), type: form, body: 'grant_type=client_credentials' },
      401,
      'invalid_client',
    ],
    [
      'a password grant',
      { auth: basic(CLIENT_ID, CLIENT_SECRET), type: form, body: 'grant_type=password' },
      400,
      'unsupported_grant_type',
    ],
    ['no grant_type', { auth: basic(CLIENT_ID, CLIENT_SECRET), type: form, body: 'scope=x' }, 400, 'invalid_request'],
    [
      'a JSON body',
      { auth: basic(CLIENT_ID, CLIENT_SECRET), type: 'application/json', body: '{"grant_type":"client_credentials"}' },
      400,
      'invalid_request',
    ],
  ])('answers RFC 6749 errors: %s', async (_name, init, status, error) => {
    const sb = await sandbox();
    const res = await token(sb.tokenUrl, init);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, error_description: expect.any(String) });
    // form secrets never reach the log
    expect(JSON.stringify(sb.tokenRequests)).not.toContain(CLIENT_SECRET);
  });

  it('redeems a refresh token once', async () => {
    const sb = await sandbox();
    const first = await token(sb.tokenUrl, {
      auth: basic(CLIENT_ID, CLIENT_SECRET),
      type: form,
      body: 'grant_type=client_credentials',
    });
    const body = `grant_type=refresh_token&refresh_token=${String(first.body.refresh_token)}`;
    const refreshed = await token(sb.tokenUrl, { auth: basic(CLIENT_ID, CLIENT_SECRET), type: form, body });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    const again = await token(sb.tokenUrl, { auth: basic(CLIENT_ID, CLIENT_SECRET), type: form, body });
    expect(again).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid refresh_token' },
    });
  });
});

describe('API authentication', () => {
  it("expires tokens after the TTL and on expireTokens(), with Bitbucket's 401 body", async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const sb = await sandbox({ tokenTtlSeconds: 60, now: () => now });
    const tok = await fetchToken(sb);
    expect((await call(sb, 'GET', VARS, { token: tok })).status).toBe(200);
    now += 61_000;
    const expired = await call(sb, 'GET', VARS, { token: tok });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ type: 'error', error: { message: 'Access token expired.' } });

    const fresh = await fetchToken(sb);
    expect((await call(sb, 'GET', VARS, { token: fresh })).status).toBe(200);
    sb.expireTokens();
    expect((await call(sb, 'GET', VARS, { token: fresh })).body.error.message).toBe('Access token expired.');
    // a new token works again
    expect((await call(sb, 'GET', VARS, { token: await fetchToken(sb) })).status).toBe(200);
  });

  it('refuses unknown tokens, missing credentials and the retired ?access_token= form', async () => {
    const sb = await sandbox();
    const invalid = {
      type: 'error',
      error: { message: 'Token is invalid, expired, or not supported for this endpoint.' },
    };
    expect(await call(sb, 'GET', VARS, { token: 'made-up' })).toMatchObject({ status: 401, body: invalid });
    expect(await call(sb, 'GET', VARS)).toMatchObject({ status: 401, body: invalid });
    const tok = await fetchToken(sb);
    expect((await call(sb, 'GET', `${VARS}?access_token=${tok}`)).status).toBe(401);
  });

  it('accepts a repository access token on its repository only', async () => {
    const sb = await sandbox();
    const auth = 'Bearer ATCTT3xFfGN0-sandbox-repository-token';
    expect((await call(sb, 'GET', VARS, { auth })).status).toBe(200);
    const other = await call(sb, 'GET', '/repositories/acme/web-frontend/pipelines_config/variables', { auth });
    expect(other).toMatchObject({ status: 403, body: { type: 'error', error: { message: 'Forbidden' } } });
    expect((await call(sb, 'GET', '/workspaces/acme/pipelines-config/variables', { auth })).status).toBe(403);
    const ws = 'Bearer ATCTT3xFfGN0-sandbox-workspace-token';
    expect((await call(sb, 'GET', '/workspaces/acme/pipelines-config/variables', { auth: ws })).status).toBe(200);
    expect(
      (await call(sb, 'GET', '/repositories/acme/web-frontend/pipelines_config/variables', { auth: ws })).status,
    ).toBe(200);
  });

  it('accepts an API token with Basic e-mail:token, and answers bad Basic credentials in plain text', async () => {
    const sb = await sandbox();
    const ok = await call(sb, 'POST', VARS, {
      auth: basic('ci-bot@acme.example', 'ATATT3xFfGF0-sandbox-api-token'),
      body: { key: 'FROM_API_TOKEN', value: 'v' },
    });
    expect(ok.status).toBe(201);
    const bad = await call(sb, 'GET', VARS, { auth: basic('ci-bot@acme.example', 'wrong') });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toBe('text/plain');
    expect(bad.text).toMatch(/^Login failed due to incorrect login credentials or method\./);
  });
});

describe('scopes', () => {
  it('answers 403 with required and granted scopes when an OAuth consumer lacks one', async () => {
    const sb = await sandbox();
    const tok = await fetchToken(sb, 'bb-vars-readonly', 'readonly-secret-change-me');
    expect((await call(sb, 'GET', VARS, { token: tok })).status).toBe(200);
    const write = await call(sb, 'POST', VARS, { token: tok, body: { key: 'NOPE', value: 'x' } });
    expect(write.status).toBe(403);
    expect(write.body).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { required: ['pipeline:variable'], granted: ['pipeline', 'repository'] },
      },
    });
    expect(
      sb.store.variable({ type: 'repository', workspace: 'acme', repository: 'api-service' }, 'NOPE'),
    ).toBeUndefined();
    const comments = await call(sb, 'GET', '/repositories/acme/api-service/pullrequests/1/comments', { token: tok });
    expect(comments.body.error.detail.required).toEqual(['pullrequest']);
  });

  it('does not let pipeline:variable stand in for pipeline, nor API-token scopes imply each other', async () => {
    const sb = await sandbox({
      seed: {
        credentials: {
          oauthConsumers: [
            { clientId: 'writer', clientSecret: 'w', scopes: ['pipeline:variable', 'pullrequest:write'] },
          ],
          apiTokens: [{ username: 'a@b.example', token: 't', scopes: ['admin:pipeline:bitbucket'] }],
        },
        workspaces: { acme: { repositories: { api: { pullRequests: [{ id: 1, title: 'x' }] } } } },
      },
    });
    const tok = await fetchToken(sb, 'writer', 'w');
    expect(
      (
        await call(sb, 'POST', '/repositories/acme/api/pipelines_config/variables', {
          token: tok,
          body: { key: 'A', value: 'b' },
        })
      ).status,
    ).toBe(201);
    expect((await call(sb, 'GET', '/repositories/acme/api/pipelines_config/variables', { token: tok })).status).toBe(
      403,
    );
    // pullrequest:write implies pullrequest (documented)
    expect((await call(sb, 'GET', '/repositories/acme/api/pullrequests/1/comments', { token: tok })).status).toBe(200);
    const auth = basic('a@b.example', 't');
    const read = await call(sb, 'GET', '/repositories/acme/api/pipelines_config/variables', { auth });
    expect(read.body.error.detail).toEqual({
      required: ['read:pipeline:bitbucket'],
      granted: ['admin:pipeline:bitbucket'],
    });
  });
});
