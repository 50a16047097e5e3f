import { describe, expect, it } from 'vitest';
import { ApiError, PermissionError } from '../../src/errors.ts';
import type { BitbucketClient } from '../../src/bitbucket/client.ts';
import { clientFor, countingProxy, envFor, rejection } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';

const repo = { kind: 'repository', workspace: 'acme', repository: 'api-service' } as const;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('error messages users see', () => {
  it('404 for an unknown repository names it and suggests checking the slug', async () => {
    const sb = await sandbox();
    const error = await failure(
      clientFor(envFor(sb)).client.listVariables({ kind: 'repository', workspace: 'acme', repository: 'api-servise' }),
    );
    expect(error.status).toBe(404);
    expect(error).not.toBeInstanceOf(PermissionError);
    expect(error.message).toBe(
      'Not found (404): GET /repositories/acme/api-servise/pipelines_config/variables?pagelen=100&page=1 — Bitbucket ' +
        'says "Repository acme/api-servise not found.". ' +
        "Check that repository 'acme/api-servise' exists and that the credentials can see it. Use slugs as in the " +
        "repository's URL: bitbucket.org/acme/api-servise.",
    );
  });

  it('404 for an unknown workspace names it', async () => {
    const sb = await sandbox();
    const error = await failure(clientFor(envFor(sb)).client.listVariables({ kind: 'workspace', workspace: 'acmee' }));
    expect(error.message).toBe(
      'Not found (404): GET /workspaces/acmee/pipelines-config/variables?pagelen=100&page=1 — Bitbucket says ' +
        '"Workspace acmee not found.". ' +
        "Check that workspace 'acmee' exists and that the credentials can see it. Use the workspace slug as in its " +
        'URL: bitbucket.org/acmee.',
    );
  });

  it('404 for a deleted environment suggests re-running', async () => {
    const sb = await sandbox();
    const scope = {
      kind: 'deployment',
      workspace: 'acme',
      repository: 'api-service',
      environmentUuid: '{00000000-0000-4000-8000-000000000000}',
    } as const;
    const error = await failure(clientFor(envFor(sb)).client.listVariables(scope));
    expect(error.message).toContain(
      "deployment environment {00000000-0000-4000-8000-000000000000} of repository 'acme/api-service'",
    );
    expect(error.message).toContain('If the environment was deleted since the plan was made, run reconcile again.');
  });

  it('400 quotes Bitbucket message and fields', async () => {
    const sb = await sandbox();
    const error = await failure(
      clientFor(envFor(sb)).client.createVariable(repo, { key: 'BAD-KEY', value: 'x', secured: false }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(
      /^Bitbucket rejected POST \/repositories\/acme\/api-service\/pipelines_config\/variables as invalid \(400\): ".+" .*key/,
    );
  });

  it('400 when trying to flip secured with a PUT', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    const target = (await client.listVariables(repo)).find((v) => v.key === 'LOG_LEVEL')!;
    const error = await failure(
      client.updateVariable(repo, target.uuid, { key: 'LOG_LEVEL', value: 'hidden-value-canary', secured: true }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('secured');
    expect(error.message).not.toContain('hidden-value-canary');
  });

  it('409 on a first create (another run created the key meanwhile) sets the existing variable to the desired value', async () => {
    const sb = await sandbox();
    const created = await clientFor(envFor(sb)).client.createVariable(repo, {
      key: 'LOG_LEVEL',
      value: 'trace',
      secured: false,
    });
    expect(created).toMatchObject({ key: 'LOG_LEVEL', value: 'trace', secured: false });
    expect(sb.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 409', 'GET 200', 'PUT 200']);
  });

  it('409 on environment create (another run created it meanwhile) resolves the environment by name', async () => {
    const sb = await sandbox();
    const env = await clientFor(envFor(sb)).client.createEnvironment('acme', 'api-service', {
      name: 'staging',
      type: 'Staging',
    });
    expect(env.name).toBe('staging');
    expect(sb.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('an unexpected list item is a clear error, not a crash', async () => {
    // The sandbox only serves well-formed data, so point the client at a server that does not.
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ values: [{ key: 'NO_UUID', value: 'x' }], pagelen: 100 }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const { client } = clientFor({
        BITBUCKET_API_URL: `http://127.0.0.1:${port}/2.0`,
        BITBUCKET_ACCESS_TOKEN: 'tok',
      });
      const error = await failure(client.listVariables(repo));
      expect(error.message).toBe(
        'Unexpected response from Bitbucket for GET ' +
          '/repositories/acme/api-service/pipelines_config/variables?pagelen=100&page=1: a variable has no "uuid". ' +
          'Check that BITBUCKET_API_URL points at the Bitbucket Cloud API (default https://api.bitbucket.org/2.0).',
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('no secret in any error message', () => {
  const canary = 'CANARY-secured-value-4f1d9';

  async function messages(client: BitbucketClient, run: (c: BitbucketClient) => Promise<unknown>[]): Promise<string[]> {
    const settled = await Promise.allSettled(run(client));
    return settled.map((s) => {
      expect(s.status).toBe('rejected');
      const reason = (s as PromiseRejectedResult).reason as Error;
      return `${reason.message}\n${reason.stack ?? ''}\n${JSON.stringify(reason)}`;
    });
  }

  it.each(['oauth', 'access-token', 'api-token'] as const)(
    '%s: credentials, tokens and written values stay out',
    async (mode) => {
      const sb = await sandbox();
      const env = envFor(sb, mode);
      const secrets = [env.BITBUCKET_CLIENT_SECRET, env.BITBUCKET_ACCESS_TOKEN, env.BITBUCKET_API_TOKEN, canary].filter(
        (s): s is string => s !== undefined,
      );
      const { client } = clientFor(env, { retry: { maxRetries: 1 } });
      const texts = await messages(client, (c) => [
        c.createVariable(repo, { key: 'BAD-KEY', value: canary, secured: true }),
        c.createVariable(
          { kind: 'repository', workspace: 'acme', repository: 'nope' },
          { key: 'OK_KEY', value: canary, secured: true },
        ),
        // Exists not secured: a 409 that cannot be adopted (the flag differs).
        c.createVariable(repo, { key: 'LOG_LEVEL', value: canary, secured: true }),
      ]);
      sb.setFaults({ rate429: 1 });
      texts.push(
        ...(await messages(client, (c) => [c.createVariable(repo, { key: 'FRESH', value: canary, secured: true })])),
      );
      sb.setFaults({ rate5xx: 1 });
      texts.push(
        ...(await messages(client, (c) => [
          c.updateVariable(repo, '{x}', { key: 'FRESH', value: canary, secured: true }),
        ])),
      );
      expect(texts).toHaveLength(5);
      for (const text of texts) {
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    },
  );

  it('the OAuth access token itself never appears, even when refused', async () => {
    const sb = await sandbox({ tokenTtlSeconds: 0 });
    const proxy = await countingProxy(sb.url);
    const { client } = clientFor({ ...envFor(sb), BITBUCKET_API_URL: proxy.url });
    const error = await failure(client.listVariables(repo));
    expect(error.message).toContain('(401)');
    const tokens = proxy.headers.map((h) => h.authorization?.replace(/^Bearer /, ''));
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(token).toMatch(/^\S{8,}$/);
      expect(error.message).not.toContain(token);
    }
  });
});
