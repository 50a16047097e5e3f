/**
 * Hostile API peers. A tiny real HTTP server on 127.0.0.1 answers with generated garbage —
 * malformed or truncated JSON, wrong types, unexpected fields, `__proto__` keys, huge or deeply
 * nested bodies, invalid UTF-8, redirects, hanging bodies — and `reconcile` must end in bounded
 * time with a clear error. Then the sandbox serves JavaScript-hostile variable keys and a
 * bookkeeping record full of them: plan and apply must treat them as plain data.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { isCrash, recordFigures, runInProcess, startWorld, type RunResult, noFigures } from '../support/in-process.ts';
import { api, ws } from '../support/scenario.ts';
import { BOOKKEEPING_VERSION, emptyManaged, encodeBookkeeping } from '../../src/plan/bookkeeping.ts';
import { deriveFingerprintKey, fingerprintKeyId } from '../../src/plan/fingerprint.ts';
import { TEST_FINGERPRINT_KEY } from '../support/seeds.ts';

const figures = noFigures();
afterAll(() => recordFigures('hostile-api', figures));

/** One generated answer. `hang` sends headers and part of a body, then nothing. */
type Answer = { status: number; contentType: string; body: Buffer; hang?: boolean; location?: string };

const page = (values: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ pagelen: 100, page: 1, size: values.length, values, ...extra });
const variable = fc.record(
  {
    uuid: fc.oneof(
      fc.uuid().map((u) => `{${u}}`),
      fc.anything({ maxDepth: 1 }),
    ),
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'BB_VARS_STATE', 'A', 'a b', ''),
      fc.anything({ maxDepth: 1 }),
    ),
    value: fc.oneof(
      fc.string(),
      fc.constant('{"v":1,"k":"x","m":{"__proto__":"","constructor":"zz"}}'),
      fc.anything({ maxDepth: 2 }),
    ),
    secured: fc.oneof(fc.boolean(), fc.anything({ maxDepth: 1 })),
    type: fc.constant('pipeline_variable'),
    extra: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
const jsonBody = fc.oneof(
  fc.array(variable, { maxLength: 4 }).map((v) => page(v)),
  fc
    .array(variable, { maxLength: 4 })
    .map((v) =>
      page(v, { __proto__: { polluted: true }, next: 'http://127.0.0.1:9/evil' }).replace('"__proto__"', '"__proto__"'),
    ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.array(variable, { maxLength: 4 }).map((v) => page(v).slice(0, Math.max(1, Math.floor(page(v).length / 2)))),
  fc.constant('{"values": [], "pagelen": -1, "size": "many"}'),
  fc.constant('{"values": {"0": {}}, "pagelen": 100}'),
  fc.constant(`{"values": [${'['.repeat(60_000)}${']'.repeat(60_000)}], "pagelen": 100}`),
  fc.constant(
    '{"__proto__": {"polluted": true}, "values": [{"uuid": "{u}", "key": "__proto__", "value": "x", "secured": false}], "pagelen": 100}',
  ),
  fc.constant(
    `{"values": [{"uuid": "{u}", "key": "A", "value": "${'v'.repeat(3 * 1024 * 1024)}", "secured": false}], "pagelen": 100}`,
  ),
  fc.constant(
    '{"type": "error", "error": {"message": {"nested": ["not", "a", "string"]}, "detail": 42, "fields": "x"}}',
  ),
  fc.string({ maxLength: 200 }),
);
const answer: fc.Arbitrary<Answer> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      status: fc.constantFrom(200, 200, 200, 201, 204, 400, 401, 403, 404, 409, 410, 418, 500, 503),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/html',
        'text/plain',
        '',
      ),
      body: jsonBody.map((s) => Buffer.from(s)),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      status: fc.constant(200),
      contentType: fc.constant('application/json'),
      body: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((a) =>
          Buffer.concat([Buffer.from('{"values": ["'), Buffer.from(a), Buffer.from([0xff, 0xfe]), Buffer.from('"]}')]),
        ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      status: fc.constant(200),
      contentType: fc.constant('application/json'),
      body: fc.constant(Buffer.from('{"values": [')),
      hang: fc.constant(true),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      status: fc.constantFrom(301, 302, 307),
      contentType: fc.constant('text/plain'),
      body: fc.constant(Buffer.from('moved')),
      location: fc.constantFrom('http://127.0.0.1:9/2.0/x', '/2.0/loop', 'file:///etc/passwd'),
    }),
  },
);

const MANIFEST = `version: 1
workspace: acme
workspace_variables:
  A: one
repositories:
  api:
    variables:
      B: { value: two, secured: true }
    deployments:
      production:
        type: Production
        variables:
          C: three
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-vars-hostile-api-'));
  await writeFile(join(dir, 'package.json'), '{"name":"hostile","private":true}\n');
  await writeFile(join(dir, 'bb-vars.yaml'), MANIFEST);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A peer that answers every request with the next generated answer (the last one repeats). */
async function garbageServer(): Promise<{ url: string; set(answers: Answer[]): void; close(): Promise<void> }> {
  let answers: Answer[] = [];
  let n = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    req.resume();
    const a = answers[Math.min(n++, answers.length - 1)];
    if (!a) return void res.writeHead(500).end();
    const headers: Record<string, string> = {};
    if (a.contentType) headers['content-type'] = a.contentType;
    if (a.location) headers.location = a.location;
    if (a.hang) {
      open.add(res);
      res.writeHead(a.status, headers);
      res.write(a.body);
      return;
    }
    res.writeHead(a.status, headers).end(a.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/2.0`,
    set: (next) => {
      answers = next;
      n = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function check(r: RunResult): string | undefined {
  figures.scenarios++;
  if (isCrash(r) || ![0, 1, 2].includes(r.code)) {
    figures.crashes++;
    return `exit ${r.code}\n${r.stderr.slice(0, 3000)}`;
  }
  // A failed read is one `Error:`; a failed apply lists each failed change and a summary.
  if (r.code === 1 && !/^Error: /m.test(r.stderr) && !/^Apply finished with errors/m.test(r.stdout + r.stderr))
    return `failure without a clear message:\n${r.stderr.slice(0, 2000)}`;
  return undefined;
}

describe('a hostile API peer (property-based)', () => {
  it(
    'garbage answers to reconcile: exit 0/1/2 with one clear message, bounded time, nothing polluted',
    { timeout: 180_000 },
    async () => {
      const peer = await garbageServer();
      try {
        const env = {
          BITBUCKET_API_URL: peer.url,
          BITBUCKET_ACCESS_TOKEN: 'hostile-test-token',
          BB_VARS_MAX_RETRIES: '1',
          BB_VARS_RETRY_BASE_MS: '1',
          BB_VARS_RETRY_MAX_MS: '2',
          BB_VARS_TIMEOUT_MS: '500',
          CI: 'true',
          NO_COLOR: '1',
        };
        await fc.assert(
          fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 6 }), fc.boolean(), async (answers, apply) => {
            peer.set(answers);
            figures.faultsInjected += answers.length;
            const r = await runInProcess(
              apply ? ['reconcile', '--apply'] : ['reconcile', '--detailed-exitcode'],
              dir,
              env,
            );
            const problem = check(r);
            assert.isUndefined(problem, problem);
            assert.isUndefined((Object.prototype as Record<string, unknown>).polluted, 'prototype polluted');
          }),
          { numRuns: 120, seed: 2024 },
        );
      } finally {
        await peer.close();
      }
    },
  );
});

describe('JavaScript-hostile keys in live state and in the bookkeeping record', () => {
  const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

  it('are plain data: unmanaged ones untouched, declared ones applied, the record read safely, a re-run quiet', async () => {
    const world = await startWorld();
    for (const scope of [ws, api] as ScopeRef[]) {
      for (const key of HOSTILE) world.sandbox.store.setVariable(scope, { key, value: `live-${key}` });
    }
    // A record that claims hostile keys as managed, one with a non-string fingerprint.
    world.sandbox.store.setVariable(api, {
      key: 'BB_VARS_STATE',
      value: '{"v":2,"k":"x","m":{"__proto__":"","constructor":"","toString":"abc","valueOf":{"x":1}},"h":"x"}',
    });
    // An authentic record (sealed with the run's key, for the workspace scope) that claims __proto__ and toString.
    const key = deriveFingerprintKey(TEST_FINGERPRINT_KEY);
    const claimed = emptyManaged();
    for (const claim of ['__proto__', 'toString']) claimed[claim] = '';
    const record = encodeBookkeeping(
      { version: BOOKKEEPING_VERSION, keyId: fingerprintKeyId(key), managed: claimed },
      key,
      { scope: ws, manifestId: 'default' },
    );
    world.sandbox.store.setVariable(ws, { key: 'BB_VARS_STATE', value: record });
    await writeFile(
      join(world.dir, 'bb-vars.yaml'),
      'version: 1\nworkspace: acme\nworkspace_variables:\n  valueOf: declared\nrepositories:\n  api:\n    prune: managed\n    variables:\n      toString: { value: s3cret-value, secured: true }\n      hasOwnProperty: plain\n',
    );
    await writeFile(join(world.dir, 'package.json'), '{"name":"hostile","private":true}\n');
    const plan = await world.run('reconcile', '--format', 'json');
    assert.isFalse(isCrash(plan), plan.stderr);
    expect(plan.code).toBe(0);
    const apply = await world.run('reconcile', '--apply');
    assert.isFalse(isCrash(apply), apply.stderr);
    assert.strictEqual(apply.code, 0, apply.stdout + apply.stderr);
    const again = await world.run('reconcile', '--detailed-exitcode');
    assert.strictEqual(again.code, 0, again.stdout);
    const store = world.sandbox.store;
    expect(store.variable(ws, 'valueOf')?.value).toBe('declared');
    expect(store.variable(api, 'toString')).toMatchObject({ value: 's3cret-value', secured: true });
    expect(store.variable(api, 'hasOwnProperty')?.value).toBe('plain');
    // The repository's record is unreadable (a non-string fingerprint): it proves no ownership, so
    // nothing undeclared is pruned there, and the user is told.
    expect(JSON.parse(plan.stdout).warnings.join('\n')).toMatch(/BB_VARS_STATE is unreadable/);
    for (const key of ['__proto__', 'constructor', 'valueOf', '__defineGetter__'])
      assert.strictEqual(store.variable(api, key)?.value, `live-${key}`, key);
    // The workspace's record is valid and claims __proto__ and toString: managed and undeclared,
    // they are pruned like any key; the keys it does not claim are untouched.
    expect(store.variable(ws, '__proto__')).toBeUndefined();
    expect(store.variable(ws, 'toString')).toBeUndefined();
    for (const key of ['constructor', 'hasOwnProperty', '__defineGetter__'])
      assert.strictEqual(store.variable(ws, key)?.value, `live-${key}`, key);
    // The new records hold exactly the managed keys, as plain JSON.
    expect(JSON.parse(store.variable(ws, 'BB_VARS_STATE')!.value).m).toEqual({ valueOf: '' });
    expect(Object.keys(JSON.parse(store.variable(api, 'BB_VARS_STATE')!.value).m).sort()).toEqual([
      'hasOwnProperty',
      'toString',
    ]);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    figures.scenarios += 3;
    figures.crashes += world.results.filter(isCrash).length;
  });
});
