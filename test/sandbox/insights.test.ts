import { describe, expect, it } from 'vitest';
import type { SandboxSeed } from '../../src/sandbox/index.ts';
import { call, CLIENT_ID, CLIENT_SECRET, client, fetchToken, sandbox } from '../support/sandbox.ts';

const HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const COMMIT = `/repositories/acme/api/commit/${HASH}`;
const REPORTS = `${COMMIT}/reports`;
const ANNOTATIONS = `${REPORTS}/bb-vars/annotations`;
const BUILD = `${COMMIT}/statuses/build`;
const REPORT = {
  title: 'bb-vars plan',
  details: '2 changes',
  report_type: 'TEST',
  result: 'PASSED',
  data: [{ title: 'Changes', type: 'NUMBER', value: 2 }],
};

const annotation = (n: number, extra: Record<string, unknown> = {}) => ({
  external_id: `bb-vars-${n}`,
  annotation_type: 'CODE_SMELL',
  summary: `change ${n}`,
  path: 'infra/bb-vars.yaml',
  line: n,
  ...extra,
});
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => annotation(from + i));

function seed(): SandboxSeed {
  return {
    credentials: {
      oauthConsumers: [
        { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: ['repository'] },
        { clientId: 'pipeline-only', clientSecret: 's', scopes: ['pipeline', 'pipeline:variable'] },
      ],
    },
    workspaces: { acme: { repositories: { api: {}, web: {} } } },
  };
}

describe('Code Insights reports', () => {
  it('creates and replaces a report by external id, keeps its UUID, and finds it by UUID too', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const sb = await sandbox({ seed: seed(), now: () => now });
    const api = await client(sb);
    const created = await api.put(`${REPORTS}/bb-vars`, REPORT);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      type: 'report',
      external_id: 'bb-vars',
      uuid: expect.stringMatching(/^\{.+\}$/),
      ...REPORT,
    });
    now += 60_000;
    const replaced = await api.put(`${REPORTS}/bb-vars`, { ...REPORT, result: 'FAILED', details: 'policy violated' });
    expect(replaced.body).toMatchObject({
      uuid: created.body.uuid,
      result: 'FAILED',
      details: 'policy violated',
      created_on: created.body.created_on,
    });
    expect(replaced.body.updated_on).not.toBe(created.body.updated_on);
    expect((await api.get(`${REPORTS}/${encodeURIComponent(created.body.uuid)}`)).body.external_id).toBe('bb-vars');
    expect((await api.get(REPORTS)).body).toMatchObject({
      size: 1,
      values: [{ external_id: 'bb-vars', result: 'FAILED' }],
    });
    // Another commit, another repository: separate.
    expect((await api.get(`/repositories/acme/web/commit/${HASH}/reports`)).body.size).toBe(0);
    expect(sb.store.reports('acme', 'api', HASH)).toEqual([
      expect.objectContaining({
        uuid: created.body.uuid,
        external_id: 'bb-vars',
        title: 'bb-vars plan',
        result: 'FAILED',
        annotations: [],
      }),
    ]);
  });

  it.each([
    [{ ...REPORT, title: undefined }, { title: 'required key not provided' }],
    [{ ...REPORT, details: undefined }, { details: 'required key not provided' }],
    [{ ...REPORT, report_type: 'LINT' }, { report_type: 'must be one of SECURITY, COVERAGE, TEST, BUG' }],
    [{ ...REPORT, result: 'OK' }, { result: 'must be one of PASSED, FAILED, PENDING' }],
    [{ ...REPORT, link: 'not a url' }, { link: 'Enter a valid URL.' }],
    [{ ...REPORT, data: [{ title: 'n', type: 'NUMBER', value: 'three' }] }, { 'data[0].value': 'expected a number' }],
    [
      { ...REPORT, data: [{ title: 'p', type: 'PERCENTAGE', value: 120 }] },
      { 'data[0].value': 'expected a number between 0 and 100' },
    ],
    [
      { ...REPORT, data: [{ title: 'x', type: 'COLOUR', value: 1 }] },
      { 'data[0].type': 'must be one of BOOLEAN, DATE, DURATION, LINK, NUMBER, PERCENTAGE, TEXT' },
    ],
    [
      { ...REPORT, data: Array.from({ length: 11 }, (_, i) => ({ title: `d${i}`, value: i })) },
      { data: 'at most 10 data fields are allowed' },
    ],
  ])("refuses an invalid report with 400 and Bitbucket's fields: %j", async (body, fields) => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const res = await api.put(`${REPORTS}/bb-vars`, body);
    expect(res).toMatchObject({ status: 400, body: { type: 'error', error: { message: 'Bad request', fields } } });
    expect(sb.store.reports('acme', 'api', HASH)).toEqual([]);
  });

  it('answers 404 for a path commit that is not a hash, and for unknown reports', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    expect((await api.put('/repositories/acme/api/commit/main/reports/bb-vars', REPORT)).status).toBe(404);
    expect((await api.get(`${REPORTS}/nope`)).body).toEqual({
      type: 'error',
      error: { message: 'Report nope not found.' },
    });
    expect((await api.del(`${REPORTS}/nope`)).status).toBe(404);
    expect((await api.post(`${REPORTS}/nope/annotations`, [annotation(1)])).status).toBe(404);
  });
});

describe('Code Insights annotations', () => {
  it('refuses more than 100 annotations in one request, storing none', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    await api.put(`${REPORTS}/bb-vars`, REPORT);
    const res = await api.post(ANNOTATIONS, range(1, 101));
    expect(res.status).toBe(400);
    expect(res.body.error.detail).toBe('At most 100 annotations can be uploaded per request; this one has 101.');
    expect(sb.store.reports('acme', 'api', HASH)[0]!.annotations).toEqual([]);
    expect((await api.post(ANNOTATIONS, range(1, 100))).status).toBe(200);
    expect((await api.post(ANNOTATIONS, [])).status).toBe(400);
  });

  it('holds at most 1,000 per report: the 1,001st is refused, overwriting an existing one is not', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    await api.put(`${REPORTS}/bb-vars`, REPORT);
    for (let batch = 0; batch < 10; batch++)
      expect((await api.post(ANNOTATIONS, range(batch * 100 + 1, 100))).status).toBe(200);
    expect((await api.get(ANNOTATIONS)).body.size).toBe(1000);
    const over = await api.post(ANNOTATIONS, [annotation(1001)]);
    expect(over.status).toBe(400);
    expect(over.body.error.detail).toBe('A report can have at most 1000 annotations; this request would make it 1001.');
    expect((await api.put(`${ANNOTATIONS}/bb-vars-1001`, { annotation_type: 'BUG', summary: 'x' })).status).toBe(400);
    // A mixed batch is refused as a whole.
    expect((await api.post(ANNOTATIONS, [annotation(5, { summary: 'new text' }), annotation(1002)])).status).toBe(400);
    expect(
      sb.store.reports('acme', 'api', HASH)[0]!.annotations.find((a) => a.external_id === 'bb-vars-5')!.summary,
    ).toBe('change 5');
    expect((await api.post(ANNOTATIONS, [annotation(5, { summary: 'new text' })])).status).toBe(200);
    expect(sb.store.reports('acme', 'api', HASH)[0]!.annotations).toHaveLength(1000);
  });

  it('overwrites by external_id (same UUID, new fields), and refuses one external_id twice in a request', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    await api.put(`${REPORTS}/bb-vars`, REPORT);
    const first = await api.post(ANNOTATIONS, [annotation(1, { severity: 'HIGH' }), annotation(2)]);
    expect(first.body).toHaveLength(2);
    const again = await api.post(ANNOTATIONS, [annotation(1, { summary: 'updated', line: 7 })]);
    expect(again.body[0]).toMatchObject({
      uuid: first.body[0].uuid,
      external_id: 'bb-vars-1',
      summary: 'updated',
      line: 7,
    });
    expect(again.body[0]).not.toHaveProperty('severity');
    const stored = sb.store.reports('acme', 'api', HASH)[0]!.annotations;
    expect(stored.map((a) => [a.external_id, a.summary])).toEqual([
      ['bb-vars-1', 'updated'],
      ['bb-vars-2', 'change 2'],
    ]);
    const twice = await api.post(ANNOTATIONS, [annotation(3), annotation(3)]);
    expect(twice).toMatchObject({
      status: 400,
      body: { error: { fields: { '[1].external_id': "external_id 'bb-vars-3' appears twice in this request" } } },
    });
    const invalid = await api.post(ANNOTATIONS, [
      annotation(4, { annotation_type: 'TYPO', line: 0 }),
      { summary: 'no id' },
    ]);
    expect(invalid.body.error.fields).toEqual({
      '[0].annotation_type': 'must be one of VULNERABILITY, CODE_SMELL, BUG',
      '[0].line': 'expected an integer of at least 1',
      '[1].external_id': 'required key not provided',
      '[1].annotation_type': 'required key not provided',
    });
    expect(sb.store.reports('acme', 'api', HASH)[0]!.annotations).toHaveLength(2);
  });

  it('lists annotations page by page, gets, puts and deletes one', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    await api.put(`${REPORTS}/bb-vars`, REPORT);
    await api.post(ANNOTATIONS, range(1, 25));
    const ids: string[] = [];
    let url: string | undefined = ANNOTATIONS;
    while (url) {
      const page = await api.get(url);
      ids.push(...page.body.values.map((a: { external_id: string }) => a.external_id));
      url = page.body.next;
    }
    expect(ids).toEqual(range(1, 25).map((a) => a.external_id));
    expect((await api.get(`${ANNOTATIONS}?pagelen=100`)).body.values).toHaveLength(25);
    expect((await api.get(`${ANNOTATIONS}/bb-vars-3`)).body).toMatchObject({
      type: 'report_annotation',
      line: 3,
      path: 'infra/bb-vars.yaml',
    });
    const put = await api.put(`${ANNOTATIONS}/extra`, { annotation_type: 'BUG', summary: 'report-level' });
    expect(put.body).toMatchObject({ external_id: 'extra', summary: 'report-level' });
    expect(put.body).not.toHaveProperty('line');
    expect((await api.del(`${ANNOTATIONS}/bb-vars-3`)).status).toBe(204);
    expect((await api.get(`${ANNOTATIONS}/bb-vars-3`)).status).toBe(404);
    expect((await api.get(ANNOTATIONS)).body.size).toBe(25);
  });

  it('deleting a report deletes its annotations; a new report with the same id starts empty', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    await api.put(`${REPORTS}/bb-vars`, REPORT);
    await api.post(ANNOTATIONS, range(1, 3));
    // Replacing the report keeps its annotations: a client must delete it to drop stale ones.
    await api.put(`${REPORTS}/bb-vars`, { ...REPORT, result: 'FAILED' });
    expect((await api.get(ANNOTATIONS)).body.size).toBe(3);
    expect((await api.del(`${REPORTS}/bb-vars`)).status).toBe(204);
    expect(sb.store.reports('acme', 'api', HASH)).toEqual([]);
    expect((await api.get(ANNOTATIONS)).status).toBe(404);
    await api.put(`${REPORTS}/bb-vars`, REPORT);
    expect((await api.get(ANNOTATIONS)).body).toMatchObject({ size: 0, values: [] });
  });
});

describe('commit build statuses', () => {
  const STATUS = {
    key: 'bb-vars',
    state: 'INPROGRESS',
    name: 'bb-vars plan',
    url: 'https://ci.example/builds/{repository.full_name}',
    refname: 'feature/x',
  };

  it('creates, overwrites the same key, reads, updates and lists', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    const created = await api.post(BUILD, STATUS);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'build', ...STATUS, uuid: expect.stringMatching(/^\{.+\}$/) });
    expect(created.body.links.self.href).toBe(`${sb.url}${BUILD}/bb-vars`);
    const overwritten = await api.post(BUILD, {
      key: 'bb-vars',
      state: 'FAILED',
      url: 'https://ci.example/2',
      description: 'policy violated',
    });
    expect(overwritten.status).toBe(201);
    expect(overwritten.body).toMatchObject({
      uuid: created.body.uuid,
      state: 'FAILED',
      description: 'policy violated',
      url: 'https://ci.example/2',
    });
    expect(overwritten.body).not.toHaveProperty('name');
    await api.post(BUILD, { key: 'other-tool', state: 'SUCCESSFUL', url: 'https://other.example', refname: 'main' });
    expect(sb.store.statuses('acme', 'api', HASH).map((s) => [s.key, s.state])).toEqual([
      ['bb-vars', 'FAILED'],
      ['other-tool', 'SUCCESSFUL'],
    ]);
    const updated = await api.put(`${BUILD}/bb-vars`, { state: 'SUCCESSFUL', name: 'bb-vars' });
    expect(updated.body).toMatchObject({ state: 'SUCCESSFUL', name: 'bb-vars', description: 'policy violated' });
    expect((await api.get(`${BUILD}/bb-vars`)).body).toMatchObject({ key: 'bb-vars', state: 'SUCCESSFUL' });
    const list = await api.get(`${COMMIT}/statuses`);
    expect(list.body).toMatchObject({ size: 2, values: [{ key: 'bb-vars' }, { key: 'other-tool' }] });
    expect((await api.get(`${COMMIT}/statuses?refname=main`)).body.values.map((s: { key: string }) => s.key)).toEqual([
      'other-tool',
    ]);
    expect(
      (await api.get(`${COMMIT}/statuses?q=${encodeURIComponent('state = "SUCCESSFUL" AND key = "bb-vars"')}`)).body
        .size,
    ).toBe(1);
    // Same hash in upper case is the same commit; another commit has none.
    expect((await api.get(`/repositories/acme/api/commit/${HASH.toUpperCase()}/statuses`)).body.size).toBe(2);
    expect((await api.get('/repositories/acme/api/commit/0000000/statuses')).body.size).toBe(0);
  });

  it.each([
    [{ state: 'SUCCESSFUL', url: 'https://x.example' }, { key: 'required key not provided' }],
    [{ key: 'k', url: 'https://x.example' }, { state: 'required key not provided' }],
    [
      { key: 'k', state: 'DONE', url: 'https://x.example' },
      { state: 'must be one of SUCCESSFUL, FAILED, INPROGRESS, STOPPED' },
    ],
    [{ key: 'k', state: 'FAILED' }, { url: 'required key not provided' }],
    [{ key: 'k', state: 'FAILED', url: 'ci/builds/1' }, { url: 'Enter a valid URL.' }],
  ])('refuses an invalid status with 400: %j', async (body, fields) => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    expect(await api.post(BUILD, body)).toMatchObject({
      status: 400,
      body: { type: 'error', error: { message: 'Bad request', fields } },
    });
    expect(sb.store.statuses('acme', 'api', HASH)).toEqual([]);
  });

  it('PUT needs an existing status, a state, and cannot change the key', async () => {
    const sb = await sandbox({ seed: seed() });
    const api = await client(sb);
    expect((await api.put(`${BUILD}/bb-vars`, { state: 'FAILED' })).status).toBe(404);
    await api.post(BUILD, STATUS);
    expect((await api.put(`${BUILD}/bb-vars`, { key: 'renamed', state: 'FAILED' })).body.error.fields).toEqual({
      key: 'The key cannot be changed.',
    });
    expect((await api.put(`${BUILD}/bb-vars`, { name: 'x' })).body.error.fields).toEqual({
      state: 'required key not provided',
    });
    expect((await api.get(`${BUILD}/nope`)).status).toBe(404);
  });
});

describe('scopes of Code Insights and build statuses', () => {
  it("need the repository scope, with Bitbucket's 403 detail", async () => {
    const sb = await sandbox({ seed: seed() });
    const token = await fetchToken(sb, 'pipeline-only', 's');
    const expected = {
      status: 403,
      body: {
        type: 'error',
        error: {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { required: ['repository'], granted: ['pipeline', 'pipeline:variable'] },
        },
      },
    };
    expect(await call(sb, 'PUT', `${REPORTS}/bb-vars`, { token, body: REPORT })).toMatchObject(expected);
    expect(await call(sb, 'POST', ANNOTATIONS, { token, body: [annotation(1)] })).toMatchObject(expected);
    expect(
      await call(sb, 'POST', BUILD, { token, body: { key: 'k', state: 'FAILED', url: 'https://x.example' } }),
    ).toMatchObject(expected);
    expect(await call(sb, 'GET', `${COMMIT}/statuses`, { token })).toMatchObject(expected);
    expect(sb.store.reports('acme', 'api', HASH)).toEqual([]);
    expect(sb.store.statuses('acme', 'api', HASH)).toEqual([]);
    expect(sb.requests.filter((r) => r.applied)).toEqual([]);
  });
});
