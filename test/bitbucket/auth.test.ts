import { describe, expect, it } from 'vitest';
import { ApiError, PermissionError } from '../../src/errors.ts';
import { clientFor, countingProxy, envFor, rejection } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';

const repo = { kind: 'repository', workspace: 'acme', repository: 'api-service' } as const;
const ws = { kind: 'workspace', workspace: 'acme' } as const;

describe('authentication against the sandbox', () => {
  it.each(['oauth', 'access-token', 'api-token'] as const)('%s: reads variables', async (mode) => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb, mode));
    const keys = (await client.listVariables(repo)).map((v) => v.key).sort();
    expect(keys).toEqual(['LEGACY_FEATURE_FLAG', 'LOG_LEVEL', 'NPM_TOKEN']);
    expect(sb.requests.at(-1)?.status).toBe(200);
    expect(sb.tokenRequests).toHaveLength(mode === 'oauth' ? 1 : 0);
  });

  it('sends the documented User-Agent and a Bearer header', async () => {
    const sb = await sandbox();
    const proxy = await countingProxy(sb.url);
    const env: Record<string, string> = { ...envFor(sb, 'access-token'), BITBUCKET_API_URL: proxy.url };
    await clientFor(env).client.listVariables(ws);
    expect(proxy.headers).toHaveLength(1);
    expect(proxy.headers[0]!['user-agent']).toMatch(
      new RegExp(`^bb-vars/\\d+\\.\\d+\\.\\d+\\S* \\(\\+node ${process.versions.node.replaceAll('.', '\\.')}\\)$`),
    );
    expect(proxy.headers[0]!.authorization).toBe(`Bearer ${env.BITBUCKET_ACCESS_TOKEN}`);
  });

  it('fetches one OAuth token for many concurrent calls', async () => {
    const sb = await sandbox({ latencyMs: 5 });
    const { client } = clientFor(envFor(sb));
    await Promise.all([
      client.listVariables(ws),
      client.listVariables(repo),
      client.listEnvironments('acme', 'api-service'),
      client.listVariables(repo),
    ]);
    await client.listVariables(ws);
    expect(sb.tokenRequests).toHaveLength(1);
    expect(sb.requests).toHaveLength(5);
    expect(client.stats).toMatchObject({ requests: 6, tokenRequests: 1, retries: 0 });
  });

  it('fetches a new token when the current one has expired, and only once', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    await client.listVariables(ws);
    sb.expireTokens();
    await Promise.all([client.listVariables(ws), client.listVariables(repo)]);
    expect(sb.tokenRequests).toHaveLength(2);
    expect(sb.requests.map((r) => r.status)).toEqual([200, 401, 401, 200, 200]);
  });

  it('refreshes before expires_in runs out, without a 401', async () => {
    // Tokens live 1 s; the client refreshes a tenth of the lifetime early, so a wait of 950 ms crosses it.
    const sb = await sandbox({ tokenTtlSeconds: 1 });
    const { client } = clientFor(envFor(sb));
    await client.listVariables(ws);
    await new Promise((resolve) => setTimeout(resolve, 950));
    await client.listVariables(ws);
    expect(sb.tokenRequests).toHaveLength(2);
    expect(sb.requests.map((r) => r.status)).toEqual([200, 200]);
  });

  it('refreshes once on a 401, then reports the failure', async () => {
    // A zero lifetime makes every issued token expired on arrival.
    const sb = await sandbox({ tokenTtlSeconds: 0 });
    const { client } = clientFor(envFor(sb));
    const error = await rejection(client.listVariables(ws));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(error.message).toContain(
      'Bitbucket did not accept the credentials (401) for GET ' +
        '/workspaces/acme/pipelines-config/variables?pagelen=100&page=1',
    );
    expect(error.message).toContain('"Access token expired."');
    expect(error.message).toContain('bb-vars already fetched a fresh token once');
    expect(sb.tokenRequests).toHaveLength(2);
    expect(sb.requests).toHaveLength(2);
  });

  it('explains a wrong client secret without showing it', async () => {
    const sb = await sandbox();
    const env = { ...envFor(sb), BITBUCKET_CLIENT_SECRET: 'definitely-wrong-secret' };
    const error = await rejection(clientFor(env).client.listVariables(ws));
    expect(error.message).toMatch(
      /^The OAuth token request to http:\/\/127\.0\.0\.1:\d+\/site\/oauth2\/access_token failed \(HTTP (400|401)\): invalid_client/,
    );
    expect(error.message).toContain('Check BITBUCKET_CLIENT_ID and BITBUCKET_CLIENT_SECRET');
    expect(error.message).not.toContain('definitely-wrong-secret');
    expect(sb.requests).toHaveLength(0);
  });

  it('explains a refused access token without showing it', async () => {
    const sb = await sandbox();
    const env = { ...envFor(sb, 'access-token'), BITBUCKET_ACCESS_TOKEN: 'revoked-access-token-value' };
    const error = await rejection(clientFor(env).client.listVariables(repo));
    expect((error as ApiError).status).toBe(401);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.message).toContain('Check BITBUCKET_ACCESS_TOKEN: access tokens expire');
    expect(error.message).not.toContain('revoked-access-token-value');
    expect(sb.requests).toHaveLength(1);
  });

  it('explains a wrong API token without showing it', async () => {
    const sb = await sandbox();
    const env = { ...envFor(sb, 'api-token'), BITBUCKET_API_TOKEN: 'ATATT-wrong-token-value' };
    const error = await rejection(clientFor(env).client.listVariables(repo));
    expect((error as ApiError).status).toBe(401);
    expect(error.message).toContain('Check BITBUCKET_USERNAME (your Atlassian account e-mail');
    expect(error.message).not.toContain('ATATT-wrong-token-value');
    expect(error.message).not.toContain(Buffer.from('ci-bot@acme.example:ATATT-wrong-token-value').toString('base64'));
  });

  it('names the missing scopes of a read-only consumer and how to grant them', async () => {
    const sb = await sandbox();
    const readonly = sb.seed.credentials!.oauthConsumers!.find((c) => c.clientId === 'bb-vars-readonly')!;
    const env = {
      ...envFor(sb),
      BITBUCKET_CLIENT_ID: readonly.clientId,
      BITBUCKET_CLIENT_SECRET: readonly.clientSecret,
    };
    const error = await rejection(
      clientFor(env).client.createVariable(repo, { key: 'NEW_ONE', value: 'x', secured: false }),
    );
    expect((error as ApiError).status).toBe(403);
    // Distinguishable, so an apply can stop at the first and print it once.
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.message).toContain('the credentials lack the scope pipeline:variable');
    expect(error.message).toContain('Workspace settings → OAuth consumers → Edit → Permissions');
    expect(error.message).not.toContain(readonly.clientSecret);
  });
});
