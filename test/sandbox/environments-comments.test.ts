import { describe, expect, it } from 'vitest';
import { call, client, enc, sandbox } from '../support/sandbox.ts';

const REPO = '/repositories/acme/api-service';
const ENVS = `${REPO}/environments`;
const COMMENTS = `${REPO}/pullrequests/1/comments`;

describe('environments', () => {
  it('lists environments in Test, Staging, Production order with the live fields', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const res = await api.get(ENVS);
    expect((res.body.values as { name: string }[]).map((e) => e.name)).toEqual(['test', 'staging', 'production']);
    expect(res.body.values[1]).toEqual({
      type: 'deployment_environment',
      uuid: expect.stringMatching(/^\{.+\}$/),
      name: 'staging',
      slug: 'staging',
      rank: 1,
      environment_type: { type: 'deployment_environment_type', name: 'Staging', rank: 1 },
      category: { name: 'Staging' },
      deployment_gate_enabled: false,
      environment_lock_enabled: false,
      hidden: false,
      lock: { type: 'deployment_environment_lock_open', name: 'OPEN' },
      restrictions: { type: 'deployment_restrictions_configuration', admin_only: false },
      change_request_config: { configured: false },
    });
  });

  it('creates with environment_type, refuses it missing (400), unknown (400) or a duplicate name in any case (409)', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const created = await api.post(ENVS, { name: 'Preview EU', environment_type: { name: 'Test' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Preview EU', slug: 'preview-eu', environment_type: { name: 'Test' } });
    expect(created.headers.get('location')).toBe(`${sb.url}${ENVS}/${enc(created.body.uuid)}`);
    expect(await api.post(ENVS, { name: 'qa' })).toMatchObject({
      status: 400,
      body: { error: { message: 'Property environment_type is required.' } },
    });
    expect((await api.post(ENVS, { name: 'qa', environment_type: 'Test' })).status).toBe(400);
    expect((await api.post(ENVS, { name: 'qa', environment_type: { name: 'Dev' } })).status).toBe(400);
    expect((await api.post(ENVS, { name: 'STAGING', environment_type: { name: 'Staging' } })).status).toBe(409);
    expect(sb.store.environments('acme', 'api-service').map((e) => e.name)).toEqual([
      'test',
      'staging',
      'production',
      'Preview EU',
    ]);
  });

  it('gets and deletes one; deleting takes its variables with it', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const prod = sb.store.environments('acme', 'api-service').find((e) => e.name === 'production')!;
    expect((await api.get(`${ENVS}/${enc(prod.uuid)}`)).body.name).toBe('production');
    expect((await api.del(`${ENVS}/${enc(prod.uuid)}`)).status).toBe(204);
    expect((await api.get(`${ENVS}/${enc(prod.uuid)}`)).status).toBe(404);
    expect((await api.get(`${REPO}/deployments_config/environments/${enc(prod.uuid)}/variables`)).status).toBe(404);
    // re-creating the name gives a new, empty environment
    const again = await api.post(ENVS, { name: 'production', environment_type: { name: 'Production' } });
    expect(again.body.uuid).not.toBe(prod.uuid);
    expect(
      (await api.get(`${REPO}/deployments_config/environments/${enc(again.body.uuid)}/variables`)).body.values,
    ).toEqual([]);
  });

  it('renames through /changes (202) and refuses other changes', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const test = sb.store.environments('acme', 'api-service').find((e) => e.name === 'test')!;
    expect((await api.post(`${ENVS}/${enc(test.uuid)}/changes`, { change: { name: 'qa' } })).status).toBe(202);
    expect((await api.get(`${ENVS}/${enc(test.uuid)}`)).body.name).toBe('qa');
    const refused = await api.post(`${ENVS}/${enc(test.uuid)}/changes`, {
      change: { environment_type: { name: 'Production' } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.data.key).toBe('deploy-service.environment.change-not-supported');
  });
});

describe('pull-request comments', () => {
  it('creates, lists oldest first, gets, updates and deletes', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const created = await api.post(COMMENTS, { content: { raw: '### Plan\n\n1 to create <b>' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'pullrequest_comment',
      content: {
        raw: '### Plan\n\n1 to create <b>',
        markup: 'markdown',
        html: '<p>### Plan</p>\n<p>1 to create &lt;b&gt;</p>',
      },
      user: { display_name: 'Acme CI' },
      deleted: false,
      pullrequest: { type: 'pullrequest', id: 1, title: 'Manage pipeline variables with bb-vars' },
    });
    expect(created.body.created_on).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(created.headers.get('location')).toBe(`${sb.url}${COMMENTS}/${created.body.id}`);
    const list = await api.get(COMMENTS);
    expect((list.body.values as { content: { raw: string } }[]).map((c) => c.content.raw)).toEqual([
      'Looks good, waiting for the plan.',
      '### Plan\n\n1 to create <b>',
    ]);
    const updated = await api.put(`${COMMENTS}/${created.body.id}`, { content: { raw: 'No changes.' } });
    expect(updated).toMatchObject({ status: 200, body: { id: created.body.id, content: { raw: 'No changes.' } } });
    expect((await api.del(`${COMMENTS}/${created.body.id}`)).status).toBe(204);
    // deleted comments stay in the list, flagged and emptied, as on Bitbucket
    const after = await api.get(COMMENTS);
    expect(after.body.values[1]).toMatchObject({ id: created.body.id, deleted: true, content: { raw: '' } });
    expect((await api.put(`${COMMENTS}/${created.body.id}`, { content: { raw: 'x' } })).status).toBe(404);
    expect(sb.store.comments('acme', 'api-service', 1).map((c) => c.deleted)).toEqual([false, true]);
  });

  it("refuses a top-level type (400 extra keys not allowed), missing content, and edits of others' comments (403)", async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const typed = await api.post(COMMENTS, { type: 'pullrequest_comment', content: { raw: 'x' } });
    expect(typed).toMatchObject({
      status: 400,
      body: { type: 'error', error: { message: 'Bad request', fields: { type: 'extra keys not allowed' } } },
    });
    expect((await api.post(COMMENTS, { content: {} })).status).toBe(400);
    const janes = sb.store.comments('acme', 'api-service', 1)[0]!;
    expect((await api.put(`${COMMENTS}/${janes.id}`, { content: { raw: 'hijack' } })).status).toBe(403);
    expect((await api.put(`${COMMENTS}/${janes.id}`, { type: 'x', content: { raw: 'x' } })).status).toBe(400);
    expect(sb.store.comments('acme', 'api-service', 1)).toHaveLength(1);
  });

  it('answers 404 for an unknown pull request or comment, and names access-token authors after the token', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    expect((await api.get(`${REPO}/pullrequests/99/comments`)).status).toBe(404);
    expect((await api.get(`${COMMENTS}/424242`)).status).toBe(404);
    const viaToken = await call(sb, 'POST', COMMENTS, {
      auth: 'Bearer ATCTT3xFfGN0-sandbox-repository-token',
      body: { content: { raw: 'hi' } },
    });
    expect(viaToken.body.user.display_name).toBe('api-service bb-vars');
  });
});
