import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/sandbox/index.ts';
import { findPathTemplate, validateRequestBody, validateResponse } from '../support/openapi.ts';
import { call, client, enc, fetchToken, sandbox, type CallResult } from '../support/sandbox.ts';

const REPO = '/repositories/acme/api-service';
const COMMIT = `${REPO}/commit/3f2c1a9e8b7d6c5f4e3d2c1b0a99887766554433`;
const REPORT = {
  title: 'bb-vars plan',
  details: '3 changes in 2 scopes',
  report_type: 'TEST',
  reporter: 'bb-vars',
  result: 'PASSED',
  link: 'https://example.com/plan',
  data: [
    { title: 'Changes', type: 'NUMBER', value: 3 },
    { title: 'Safe to merge?', type: 'BOOLEAN', value: true },
    { title: 'Plan', type: 'LINK', value: { text: 'plan', href: 'https://example.com/plan' } },
  ],
};
const annotation = (n: number) => ({
  external_id: `bb-vars-${n}`,
  annotation_type: 'CODE_SMELL',
  summary: `change ${n}`,
  severity: 'LOW',
  path: 'bb-vars.yaml',
  line: n,
});
const STATUS = {
  key: 'bb-vars',
  state: 'SUCCESSFUL',
  name: 'bb-vars plan',
  url: 'https://example.com/plan',
  refname: 'feature/x',
  description: 'no violations',
};

describe('OpenAPI conformance', () => {
  it('every endpoint answers with bodies that match the vendored spec (real-API deviations documented in test/support/openapi.ts)', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const seen = new Set<string>();
    const problems: string[] = [];
    const check = (method: string, path: string, result: CallResult, expected: number) => {
      expect(result.status, `${method} ${path}: ${result.text}`).toBe(expected);
      const template = findPathTemplate(path);
      seen.add(`${method} ${template}`);
      for (const p of validateResponse(method, path, result.status, result.body))
        problems.push(`${method} ${path} ${result.status}: ${p}`);
      return result.body as Record<string, CallResult['body']>;
    };

    // Workspace variables
    const wsVars = '/workspaces/acme/pipelines-config/variables';
    check('GET', wsVars, await api.get(wsVars), 200);
    const wsVar = check('POST', wsVars, await api.post(wsVars, { key: 'CONF_WS', value: 'a', secured: false }), 201);
    check('GET', `${wsVars}/${enc(wsVar.uuid)}`, await api.get(`${wsVars}/${enc(wsVar.uuid)}`), 200);
    check(
      'PUT',
      `${wsVars}/${enc(wsVar.uuid)}`,
      await api.put(`${wsVars}/${enc(wsVar.uuid)}`, { key: 'CONF_WS', value: 'b', secured: false }),
      200,
    );
    check('DELETE', `${wsVars}/${enc(wsVar.uuid)}`, await api.del(`${wsVars}/${enc(wsVar.uuid)}`), 204);

    // Repository variables
    const repoVars = `${REPO}/pipelines_config/variables`;
    check('GET', repoVars, await api.get(repoVars), 200);
    const repoVar = check(
      'POST',
      repoVars,
      await api.post(repoVars, { key: 'CONF_REPO', value: 's3cret', secured: true }),
      201,
    );
    check('GET', `${repoVars}/${enc(repoVar.uuid)}`, await api.get(`${repoVars}/${enc(repoVar.uuid)}`), 200);
    check(
      'PUT',
      `${repoVars}/${enc(repoVar.uuid)}`,
      await api.put(`${repoVars}/${enc(repoVar.uuid)}`, { value: 's3cret-2' }),
      200,
    );
    check('DELETE', `${repoVars}/${enc(repoVar.uuid)}`, await api.del(`${repoVars}/${enc(repoVar.uuid)}`), 204);

    // Environments
    const envs = `${REPO}/environments`;
    check('GET', envs, await api.get(envs), 200);
    const env = check(
      'POST',
      envs,
      await api.post(envs, {
        name: 'preview',
        environment_type: { type: 'deployment_environment_type', name: 'Test' },
      }),
      201,
    );
    check('GET', `${envs}/${enc(env.uuid)}`, await api.get(`${envs}/${enc(env.uuid)}`), 200);
    check(
      'POST',
      `${envs}/${enc(env.uuid)}/changes`,
      await api.post(`${envs}/${enc(env.uuid)}/changes`, { change: { name: 'preview-2' } }),
      202,
    );

    // Deployment variables
    const depVars = `${REPO}/deployments_config/environments/${enc(env.uuid)}/variables`;
    check('GET', depVars, await api.get(depVars), 200);
    const depVar = check(
      'POST',
      depVars,
      await api.post(depVars, { key: 'CONF_DEP', value: 'x', secured: false }),
      201,
    );
    check(
      'PUT',
      `${depVars}/${enc(depVar.uuid)}`,
      await api.put(`${depVars}/${enc(depVar.uuid)}`, { key: 'CONF_DEP', value: 'y', secured: false }),
      200,
    );
    check('GET', depVars, await api.get(depVars), 200);
    check('DELETE', `${depVars}/${enc(depVar.uuid)}`, await api.del(`${depVars}/${enc(depVar.uuid)}`), 204);
    check('DELETE', `${envs}/${enc(env.uuid)}`, await api.del(`${envs}/${enc(env.uuid)}`), 204);

    // Pull-request comments
    const comments = `${REPO}/pullrequests/1/comments`;
    check('GET', comments, await api.get(comments), 200);
    const comment = check(
      'POST',
      comments,
      await api.post(comments, { content: { raw: '## bb-vars plan\n\nNo changes.' } }),
      201,
    );
    check('GET', `${comments}/${comment.id}`, await api.get(`${comments}/${comment.id}`), 200);
    check(
      'PUT',
      `${comments}/${comment.id}`,
      await api.put(`${comments}/${comment.id}`, { content: { raw: 'updated' } }),
      200,
    );
    check('DELETE', `${comments}/${comment.id}`, await api.del(`${comments}/${comment.id}`), 204);
    check('GET', comments, await api.get(comments), 200);

    // Repositories and projects
    check('GET', '/repositories/acme', await api.get('/repositories/acme?pagelen=2&page=2'), 200);
    check(
      'GET',
      '/repositories/acme',
      await api.get(`/repositories/acme?role=admin&q=${enc('project.key="PLAT"')}&sort=-slug`),
      200,
    );
    check('GET', '/workspaces/acme/projects', await api.get('/workspaces/acme/projects'), 200);
    check('GET', '/workspaces/acme/projects/PLAT', await api.get('/workspaces/acme/projects/PLAT'), 200);

    // Code Insights
    const reports = `${COMMIT}/reports`;
    check('PUT', `${reports}/bb-vars`, await api.put(`${reports}/bb-vars`, REPORT), 200);
    check('GET', reports, await api.get(reports), 200);
    check('GET', `${reports}/bb-vars`, await api.get(`${reports}/bb-vars`), 200);
    const annotations = `${reports}/bb-vars/annotations`;
    check('POST', annotations, await api.post(annotations, [annotation(1), annotation(2)]), 200);
    check('GET', annotations, await api.get(annotations), 200);
    check('GET', `${annotations}/bb-vars-1`, await api.get(`${annotations}/bb-vars-1`), 200);
    const single = { annotation_type: 'BUG', summary: 'one more', result: 'FAILED', link: 'https://example.com/a' };
    check('PUT', `${annotations}/bb-vars-3`, await api.put(`${annotations}/bb-vars-3`, single), 200);
    check('DELETE', `${annotations}/bb-vars-3`, await api.del(`${annotations}/bb-vars-3`), 204);
    check('DELETE', `${reports}/bb-vars`, await api.del(`${reports}/bb-vars`), 204);

    // Build statuses
    const build = `${COMMIT}/statuses/build`;
    check('POST', build, await api.post(build, STATUS), 201);
    check('GET', `${build}/bb-vars`, await api.get(`${build}/bb-vars`), 200);
    check('PUT', `${build}/bb-vars`, await api.put(`${build}/bb-vars`, { state: 'FAILED' }), 200);
    check('GET', `${COMMIT}/statuses`, await api.get(`${COMMIT}/statuses`), 200);

    expect(problems).toEqual([]);
    const served = ROUTES.map((r) => `${r.method} ${r.template}`).sort();
    expect([...seen].sort()).toEqual(served);
  });

  it('error bodies match the shapes Bitbucket really sends', async () => {
    const sb = await sandbox();
    const api = await client(sb);
    const cases: [string, string, CallResult][] = [
      [
        'GET',
        '/repositories/acme/nope/pipelines_config/variables',
        await api.get('/repositories/acme/nope/pipelines_config/variables'),
      ],
      [
        'POST',
        `${REPO}/pipelines_config/variables`,
        await api.post(`${REPO}/pipelines_config/variables`, { key: '1BAD', value: 'x' }),
      ],
      [
        'POST',
        `${REPO}/pipelines_config/variables`,
        await api.post(`${REPO}/pipelines_config/variables`, { key: 'LOG_LEVEL', value: 'x' }),
      ],
      ['POST', `${REPO}/environments`, await api.post(`${REPO}/environments`, { name: 'qa' })],
      [
        'POST',
        `${REPO}/pullrequests/1/comments`,
        await api.post(`${REPO}/pullrequests/1/comments`, { type: 'pullrequest_comment', content: { raw: 'x' } }),
      ],
    ];
    const readonly = await fetchToken(sb, 'bb-vars-readonly', 'readonly-secret-change-me');
    await api.put(`${COMMIT}/reports/r`, REPORT);
    cases.push(
      ['GET', '/repositories/acme', await api.get(`/repositories/acme?q=${enc('slug = ')}`)],
      ['GET', '/workspaces/acme/projects', await call(sb, 'GET', '/workspaces/acme/projects', { token: readonly })],
      ['GET', '/workspaces/acme/projects/NOPE', await api.get('/workspaces/acme/projects/NOPE')],
      ['PUT', `${COMMIT}/reports/r`, await api.put(`${COMMIT}/reports/r`, { ...REPORT, report_type: 'LINT' })],
      [
        'POST',
        `${COMMIT}/reports/r/annotations`,
        await api.post(
          `${COMMIT}/reports/r/annotations`,
          Array.from({ length: 101 }, (_, i) => annotation(i + 1)),
        ),
      ],
      ['POST', `${COMMIT}/statuses/build`, await api.post(`${COMMIT}/statuses/build`, { key: 'k', state: 'DONE' })],
      ['GET', `${COMMIT}/statuses/build/nope`, await api.get(`${COMMIT}/statuses/build/nope`)],
    );
    expect(cases.map(([, , r]) => r.status)).toEqual([404, 400, 409, 400, 400, 400, 403, 404, 400, 400, 400, 404]);
    for (const [method, path, r] of cases)
      expect(validateResponse(method, path, r.status, r.body), `${method} ${path}`).toEqual([]);
    // The validator itself rejects what the spec forbids.
    expect(validateResponse('GET', `${REPO}/environments`, 200, { values: 'nope' })).not.toEqual([]);
    expect(validateResponse('POST', `${REPO}/pipelines_config/variables`, 201, { uuid: 1, key: 'K' })).not.toEqual([]);
    expect(validateResponse('GET', '/nowhere', 200, {})).toEqual(['no path in the OpenAPI subset matches /nowhere']);
  });
});

describe('validateRequestBody', () => {
  const vars = '/repositories/{workspace}/{repo_slug}/pipelines_config/variables';
  it.each([
    ['POST', vars, { key: 'A', value: 'b', secured: true }, true],
    ['POST', '/2.0/repositories/acme/api/pipelines_config/variables', { key: 'A', value: 'b' }, true],
    ['POST', vars, { key: '9A', value: 'b' }, false],
    ['POST', vars, { key: 'A', value: 1 }, false],
    ['POST', vars, { key: 'A' }, false],
    ['PUT', `${vars}/{variable_uuid}`, { value: 'only a value' }, true],
    [
      'POST',
      '/repositories/{workspace}/{repo_slug}/environments',
      { name: 'qa', environment_type: { name: 'Test' } },
      true,
    ],
    ['POST', '/repositories/{workspace}/{repo_slug}/environments', { name: 'qa', environment_type: 'Test' }, false],
    [
      'POST',
      '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
      { content: { raw: 'hi' } },
      true,
    ],
    [
      'POST',
      '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments',
      { type: 'pullrequest_comment', content: { raw: 'hi' } },
      false,
    ],
    [
      'PUT',
      '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}/comments/{comment_id}',
      { content: { raw: 'hi', extra: 1 } },
      false,
    ],
  ])('%s %s %j → valid=%s', (method, path, body, valid) => {
    expect(validateRequestBody(method, path, body).length === 0).toBe(valid);
  });
});

describe('validateRequestBody: Code Insights and build statuses', () => {
  const reports = `${COMMIT}/reports/bb-vars`;
  const many = Array.from({ length: 101 }, (_, i) => annotation(i + 1));
  it.each([
    { label: 'a full report', method: 'PUT', path: reports, body: REPORT, valid: true },
    {
      label: 'a report without details',
      method: 'PUT',
      path: reports,
      body: { ...REPORT, details: undefined },
      valid: false,
    },
    { label: 'a report with result OK', method: 'PUT', path: reports, body: { ...REPORT, result: 'OK' }, valid: false },
    {
      label: 'two annotations',
      method: 'POST',
      path: `${reports}/annotations`,
      body: [annotation(1), annotation(2)],
      valid: true,
    },
    {
      label: 'a repeated external_id',
      method: 'POST',
      path: `${reports}/annotations`,
      body: [annotation(1), annotation(1)],
      valid: false,
    },
    {
      label: 'no external_id',
      method: 'POST',
      path: `${reports}/annotations`,
      body: [{ ...annotation(1), external_id: undefined }],
      valid: false,
    },
    { label: '101 annotations', method: 'POST', path: `${reports}/annotations`, body: many, valid: false },
    {
      label: 'severity SEVERE',
      method: 'POST',
      path: `${reports}/annotations`,
      body: [{ ...annotation(1), severity: 'SEVERE' }],
      valid: false,
    },
    {
      label: 'line 0',
      method: 'POST',
      path: `${reports}/annotations`,
      body: [{ ...annotation(1), line: 0 }],
      valid: false,
    },
    {
      label: 'one annotation',
      method: 'PUT',
      path: `${reports}/annotations/a1`,
      body: { annotation_type: 'BUG', summary: 's' },
      valid: true,
    },
    { label: 'a full status', method: 'POST', path: `${COMMIT}/statuses/build`, body: STATUS, valid: true },
    {
      label: 'a status without url',
      method: 'POST',
      path: `${COMMIT}/statuses/build`,
      body: { key: 'k', state: 'SUCCESSFUL' },
      valid: false,
    },
    {
      label: 'state DONE',
      method: 'POST',
      path: `${COMMIT}/statuses/build`,
      body: { ...STATUS, state: 'DONE' },
      valid: false,
    },
    {
      label: 'a status update',
      method: 'PUT',
      path: `${COMMIT}/statuses/build/k`,
      body: { state: 'FAILED' },
      valid: true,
    },
  ])('$method $label → valid=$valid', ({ method, path, body, valid }) => {
    expect(validateRequestBody(method, path, body).length === 0).toBe(valid);
  });
});
