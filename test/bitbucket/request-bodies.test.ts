import { describe, expect, it } from 'vitest';
import { validateRequestBody } from '../support/openapi.ts';
import { clientFor, envFor } from '../support/client.ts';
import { sandbox } from '../support/sandbox.ts';

describe('request bodies conform to the vendored OpenAPI spec', () => {
  it('every body the client sends validates', async () => {
    const sb = await sandbox();
    const { client } = clientFor(envFor(sb));
    const repo = { kind: 'repository', workspace: 'acme', repository: 'api-service' } as const;
    const ws = { kind: 'workspace', workspace: 'acme' } as const;
    const created = await client.createVariable(repo, { key: 'NEW_PLAIN', value: 'x', secured: false });
    await client.updateVariable(repo, created.uuid, { key: 'NEW_PLAIN', value: 'y', secured: false });
    await client.createVariable(ws, { key: 'WS_SECRET', value: 's3cret', secured: true });
    const env = await client.createEnvironment('acme', 'billing-worker', { name: 'production', type: 'Production' });
    const dep = {
      kind: 'deployment',
      workspace: 'acme',
      repository: 'billing-worker',
      environmentUuid: env.uuid,
    } as const;
    const depVar = await client.createVariable(dep, { key: 'DEP_VAR', value: '1', secured: false });
    await client.updateVariable(dep, depVar.uuid, { key: 'DEP_VAR', value: '2', secured: false });
    const comment = await client.createComment('acme', 'api-service', 1, '## Plan\n\nNo changes.');
    await client.updateComment('acme', 'api-service', 1, comment.id, '## Plan\n\n1 to create.');

    const mutations = sb.requests.filter((r) => r.method !== 'GET');
    expect(mutations.map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201',
      'PUT 200',
      'POST 201',
      'POST 201',
      'POST 201',
      'PUT 200',
      'POST 201',
      'PUT 200',
    ]);
    for (const request of mutations) {
      expect({
        request: `${request.method} ${request.path}`,
        problems: validateRequestBody(request.method, request.path, request.body),
      }).toEqual({
        request: `${request.method} ${request.path}`,
        problems: [],
      });
    }
    expect(mutations[3]!.body).toEqual({ name: 'production', environment_type: { name: 'Production' } });
    expect(mutations[6]!.body).toEqual({ content: { raw: '## Plan\n\nNo changes.' } });
  });

  it('the validator is not vacuous: a comment body with a top-level type is refused', () => {
    expect(
      validateRequestBody('POST', '/2.0/repositories/acme/api/pullrequests/1/comments', {
        type: 'pullrequest_comment',
        content: { raw: 'x' },
      }),
    ).not.toEqual([]);
  });
});
