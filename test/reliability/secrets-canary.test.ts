/**
 * Canary secrets through every command and failure path: sensitive Terraform outputs (plain and
 * nested), secured env values, a secured literal and a secured file, the OAuth client secret, an
 * access token and an API token. Everything bb-vars writes — stdout, stderr, plan files, the PR
 * comment — is scanned: zero occurrences allowed, including in errors that echo request bodies.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, assert, describe, expect, it } from 'vitest';
import { run as runSandbox } from '../../src/cli/commands/sandbox.ts';
import { captureIO } from '../support/files.ts';
import {
  ACCESS_TOKEN,
  ALL_CANARIES,
  API_TOKEN,
  canaryOutputs,
  canaryWorld,
  DATABASE_URL,
  echoingProxy,
  outputFiles,
  PEM,
  prComments,
  READONLY_SECRET,
  WRONG_SECRET,
} from '../support/canary-world.ts';
import { ENCODINGS, findEchoLeaks, hostileEchoPeer, STATUSES } from '../support/hostile-echo.ts';
import {
  findLeaks,
  isCrash,
  recordFigures,
  runInProcess,
  type RunResult,
  type World,
  noFigures,
} from '../support/in-process.ts';
import { api, LEGACY, SECRET_V1, SECRET_V2, staging } from '../support/scenario.ts';

const figures = noFigures();
/** The hostile-echo peer's runs, reported on their own line. */
const echoFigures = noFigures();
afterAll(() => {
  recordFigures('secrets-canary', figures);
  recordFigures('hostile-echo', echoFigures);
});

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string | undefined>;
  /** Expected exit code and, optionally, what the output must say (so the path really ran). */
  code: number;
  says?: RegExp;
  before?: (world: World) => Promise<void> | void;
  after?: (world: World) => Promise<void> | void;
}

/** Runs the cases in order in one world; returns every result with its case name. */
async function runCases(
  world: World,
  cases: readonly Case[],
): Promise<Array<RunResult & { name: string; verbose: boolean }>> {
  const results: Array<RunResult & { name: string; verbose: boolean }> = [];
  for (const c of cases) {
    const args = c.args;
    await c.before?.(world);
    const env: Record<string, string> = { ...world.env };
    for (const [k, v] of Object.entries(c.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    const r = await runInProcess(args, world.dir, env);
    await c.after?.(world);
    results.push({ ...r, name: c.name, verbose: c.args.includes('--verbose') });
    assert.strictEqual(r.code, c.code, `${c.name}: exit code\n${r.stdout}\n${r.stderr}`);
    if (c.says) assert.match(r.stdout + r.stderr, c.says, c.name);
  }
  return results;
}

/** The commit `--report` publishes to. */
const REPORT_COMMIT = 'c0ffee0123456789abcdef0123456789abcdef01';

async function scan(world: World, results: Array<RunResult & { name: string; verbose: boolean }>): Promise<string[]> {
  const texts: Record<string, string> = {
    ...(await outputFiles(world.dir)),
    ...prComments(world.sandbox),
    // Code Insights report, annotations and build status (--report).
    'Code Insights': JSON.stringify(world.sandbox.store.reports('acme', 'api', REPORT_COMMIT)),
    'build statuses': JSON.stringify(world.sandbox.store.statuses('acme', 'api', REPORT_COMMIT)),
  };
  for (const r of results) {
    texts[`${r.name} stdout`] = r.stdout;
    texts[`${r.name} stderr`] = r.stderr;
  }
  const leaks = findLeaks(texts, ALL_CANARIES);
  figures.scenarios += results.length;
  figures.leaks += leaks.length;
  // --verbose prints stack traces on purpose; elsewhere one is a crash.
  figures.crashes += results.filter((r) =>
    r.verbose ? r.code === -1 || /unexpected failure/.test(r.stderr) : isCrash(r),
  ).length;
  return leaks;
}

describe('secret canaries in every output', () => {
  it(
    'every command on the happy path: validate, plans in all formats and files, PR comment, apply, saved plans, ' +
      'import, other auth modes',
    async () => {
      const world = await canaryWorld(SECRET_V2);
      const cases: Case[] = [
        { name: 'validate', args: ['validate'], code: 0 },
        { name: 'validate --verbose', args: ['validate', '--verbose'], code: 0 },
        { name: 'plan text', args: ['reconcile', '--detailed-exitcode'], code: 2, says: /\(sensitive\)|\(secured\)/ },
        { name: 'plan --verbose', args: ['reconcile', '--verbose'], code: 0 },
        { name: 'plan markdown --out', args: ['reconcile', '--format', 'markdown', '--out', 'plan.md'], code: 0 },
        { name: 'plan text --out', args: ['reconcile', '--out', 'plan.txt'], code: 0 },
        {
          name: 'plan json --out',
          args: ['reconcile', '--format', 'json', '--out', 'plan.json'],
          code: 0,
          says: /"format_version"/,
        },
        { name: 'plan --comment-pr', args: ['reconcile', '--comment-pr'], code: 0 },
        {
          name: 'plan --report',
          args: ['reconcile', '--report', '--verbose'],
          env: { BITBUCKET_REPO_SLUG: 'api', BITBUCKET_COMMIT: REPORT_COMMIT, BITBUCKET_BRANCH: 'canary' },
          code: 0,
          says: /Published Code Insights report/,
        },
        {
          name: 'apply --plan (saved)',
          args: ['reconcile', '--apply', '--plan', 'plan.json', '--verbose'],
          code: 0,
          says: /Apply complete/,
        },
        {
          name: 'plan after apply --comment-pr',
          args: ['reconcile', '--comment-pr', '7', '--format', 'markdown'],
          code: 0,
        },
        {
          name: 'rotated secret: plan json --out',
          args: ['reconcile', '--format', 'json', '--out', 'rotated.json'],
          code: 0,
          before: (w) => writeFile(join(w.dir, 'outputs.json'), canaryOutputs(SECRET_V1)),
        },
        {
          name: 'stale saved plan refused',
          args: ['reconcile', '--apply', '--plan', 'rotated.json'],
          code: 1,
          says: /stale/,
          before: (w) => writeFile(join(w.dir, 'outputs.json'), canaryOutputs(`${SECRET_V1}-again`)),
        },
        {
          name: 'apply rotated (json on stdout)',
          args: ['reconcile', '--apply', '--format', 'json', '--verbose'],
          code: 0,
        },
        { name: 'apply --force-secured', args: ['reconcile', '--apply', '--force-secured'], code: 0, says: /updated/ },
        {
          name: 'import to stdout',
          args: ['import', '--repo', 'api', '--repo', 'web', '--workspace-variables'],
          code: 0,
          says: /secured: true/,
        },
        {
          name: 'import -o file',
          args: ['import', '--repo', 'api', '--workspace-variables', '-o', 'imported.yaml', '--verbose'],
          code: 0,
        },
        {
          name: 'access token plan',
          args: ['reconcile', '--verbose'],
          env: {
            BITBUCKET_CLIENT_ID: undefined,
            BITBUCKET_CLIENT_SECRET: undefined,
            BITBUCKET_ACCESS_TOKEN: ACCESS_TOKEN,
          },
          code: 0,
        },
        {
          name: 'API token apply',
          args: ['reconcile', '--apply', '--force-secured'],
          env: {
            BITBUCKET_CLIENT_ID: undefined,
            BITBUCKET_CLIENT_SECRET: undefined,
            BITBUCKET_USERNAME: 'ci@example.com',
            BITBUCKET_API_TOKEN: API_TOKEN,
          },
          code: 0,
        },
        { name: 'schema', args: ['schema'], code: 0 },
        { name: 'help', args: ['--help'], code: 0 },
        { name: 'reconcile --help', args: ['reconcile', '--help'], code: 0 },
      ];
      const results = await runCases(world, cases);
      // The paths really ran: secrets reached Bitbucket, and a comment was posted.
      expect(world.sandbox.store.variable(api, 'NESTED_SECRET')?.secured).toBe(true);
      expect(world.sandbox.store.variable(api, 'DB_PASSWORD')?.value).toBe(`${SECRET_V1}-again`);
      expect(Object.keys(prComments(world.sandbox))).toHaveLength(1);
      expect(world.sandbox.store.reports('acme', 'api', REPORT_COMMIT)[0]?.annotations.length).toBeGreaterThan(0);
      expect(world.sandbox.store.statuses('acme', 'api', REPORT_COMMIT)).toHaveLength(1);
      expect(
        Object.keys(await outputFiles(world.dir))
          .map((f) => f.slice(world.dir.length + 1))
          .sort(),
      ).toEqual(['imported.yaml', 'plan.json', 'plan.md', 'plan.txt', 'rotated.json']);
      expect(await scan(world, results)).toEqual([]);
    },
  );

  it(
    'every failure path: bad credentials, 403, 409, 5xx, lost answers, echoed request bodies, bad manifests and ' +
      'sources, missing env',
    async () => {
      const world = await canaryWorld(SECRET_V2);
      const proxy = await echoingProxy(world.sandbox);
      const wrongOauth = { BITBUCKET_CLIENT_SECRET: WRONG_SECRET };
      const noOauth = { BITBUCKET_CLIENT_ID: undefined, BITBUCKET_CLIENT_SECRET: undefined };
      const manifest = (edit: (text: string) => string) => async (w: World) => {
        const { CANARY_MANIFEST } = await import('../support/canary-world.ts');
        await writeFile(join(w.dir, 'bb-vars.yaml'), edit(CANARY_MANIFEST));
      };
      const restore = manifest((t) => t);
      const cases: Case[] = [
        { name: 'wrong client secret', args: ['reconcile'], env: wrongOauth, code: 1, says: /401|credentials/i },
        {
          name: 'wrong client secret --verbose',
          args: ['reconcile', '--apply', '--verbose'],
          env: wrongOauth,
          code: 1,
        },
        {
          name: 'wrong access token',
          args: ['reconcile', '--verbose'],
          env: { ...noOauth, BITBUCKET_ACCESS_TOKEN: `${ACCESS_TOKEN}-revoked` },
          code: 1,
          says: /401|token/i,
        },
        {
          name: 'wrong API token',
          args: ['reconcile'],
          env: { ...noOauth, BITBUCKET_USERNAME: 'ci@example.com', BITBUCKET_API_TOKEN: `${API_TOKEN}-old` },
          code: 1,
          says: /401|credentials/i,
        },
        {
          name: '403 on every write',
          args: ['reconcile', '--apply', '--verbose'],
          env: { BITBUCKET_CLIENT_ID: 'readonly', BITBUCKET_CLIENT_SECRET: READONLY_SECRET },
          code: 1,
          says: /403|scope/i,
        },
        {
          name: '409: variables appear with the other secured flag mid-run',
          args: ['reconcile', '--apply', '--verbose'],
          code: 1,
          says: /409/,
          before: (w) => {
            w.sandbox.setLatency(30);
            const from = w.sandbox.requests.length;
            // As soon as this run has read the repository's variables, someone creates the planned keys.
            const timer = setInterval(() => {
              if (
                w.sandbox.requests
                  .slice(from)
                  .some(
                    (r) => r.method === 'GET' && r.path.endsWith('/repositories/acme/api/pipelines_config/variables'),
                  )
              ) {
                clearInterval(timer);
                w.sandbox.store.setVariable(api, { key: 'LITERAL_SECRET', value: 'plain', secured: false });
                w.sandbox.store.setVariable(api, { key: 'NEW_VAR', value: 'x', secured: true });
              }
            }, 1);
          },
          after: (w) => w.sandbox.setLatency(0),
        },
        {
          name: '5xx until retries run out',
          args: ['reconcile', '--apply', '--force-secured'],
          env: { BB_VARS_MAX_RETRIES: '2' },
          code: 1,
          says: /Gave up|50[023]/,
          before: (w) => w.sandbox.setFaults({ rate5xx: 1, mutationsOnly: true }),
          after: (w) => w.sandbox.setFaults(undefined),
        },
        {
          name: 'lost answers, no retries',
          args: ['reconcile', '--apply', '--force-secured', '--verbose'],
          env: { BB_VARS_MAX_RETRIES: '0' },
          code: 1,
          says: /Lost the answer|No answer/,
          before: (w) => w.sandbox.setFaults({ resetAfter: 0.5, resetBefore: 0.5, mutationsOnly: true, seed: 3 }),
          after: (w) => w.sandbox.setFaults(undefined),
        },
        {
          name: '400s that echo the request body',
          args: ['reconcile', '--apply', '--force-secured'],
          env: { BITBUCKET_API_URL: proxy.url, BITBUCKET_TOKEN_URL: proxy.tokenUrl },
          code: 1,
          says: /400/,
        },
        {
          name: '400s that echo the request body --verbose --format json',
          args: ['reconcile', '--apply', '--force-secured', '--verbose', '--format', 'json'],
          env: { BITBUCKET_API_URL: proxy.url, BITBUCKET_TOKEN_URL: proxy.tokenUrl },
          code: 1,
        },
        {
          name: 'schema error on the line of a secured literal',
          args: ['reconcile'],
          code: 1,
          says: /bb-vars\.yaml:\d+:\d+/,
          before: manifest((t) =>
            t.replace(
              /LITERAL_SECRET: \{ value: "([^"]+)", secured: true \}/,
              'LITERAL_SECRET: { value: "$1", secured: true, bogus: 1 }',
            ),
          ),
        },
        {
          name: 'YAML syntax error next to a secured literal',
          args: ['validate', '--verbose'],
          code: 1,
          before: manifest((t) =>
            t.replace(
              /LITERAL_SECRET: \{ value: "([^"]+)", secured: true \}/,
              'LITERAL_SECRET: { value: "$1", secured: true',
            ),
          ),
        },
        {
          name: 'secured literal declared secured: false via a sensitive template',
          args: ['validate'],
          code: 1,
          says: /secured/,
          before: manifest((t) =>
            t.replace('NEW_VAR: fresh', 'NEW_VAR: { template: "x-${infra.creds.password}", secured: false }'),
          ),
        },
        {
          name: 'unknown output next to sensitive ones',
          args: ['reconcile'],
          code: 1,
          says: /db_password|creds/,
          before: manifest((t) => t.replace('infra.db_password}@', 'infra.db_passwrd}@')),
        },
        {
          name: 'truncated outputs JSON right after a secret',
          args: ['reconcile', '--verbose'],
          code: 1,
          before: async (w) => {
            await restore(w);
            const text = canaryOutputs(SECRET_V2);
            await writeFile(join(w.dir, 'outputs.json'), text.slice(0, text.indexOf(SECRET_V2) + SECRET_V2.length + 1));
          },
        },
        {
          name: 'outputs JSON with a stray token after a secret',
          args: ['validate'],
          code: 1,
          before: (w) =>
            writeFile(
              join(w.dir, 'outputs.json'),
              canaryOutputs(SECRET_V2).replace(`"${SECRET_V2}"`, `"${SECRET_V2}" oops`),
            ),
        },
        {
          name: 'sensitive output turned into an object (compact JSON, still masked)',
          args: ['reconcile', '--format', 'json'],
          code: 0,
          before: (w) =>
            writeFile(
              join(w.dir, 'outputs.json'),
              canaryOutputs(SECRET_V2).replace(`"value":"${SECRET_V2}"`, `"value":{"x":"${SECRET_V2}"}`),
            ),
        },
        {
          name: 'secured env variable missing',
          args: ['reconcile', '--apply'],
          env: { STAGING_TOKEN: undefined },
          code: 1,
          says: /STAGING_TOKEN/,
          before: (w) => writeFile(join(w.dir, 'outputs.json'), canaryOutputs(SECRET_V2)),
        },
        { name: 'unknown flag', args: ['reconcile', '--aply'], code: 1 },
        {
          name: 'budget too small',
          args: ['reconcile', '--apply', '--max-requests', '3'],
          code: 1,
          says: /budget|max-requests/,
        },
      ];
      const results = await runCases(world, cases);
      // Faults and echoes really happened.
      expect(proxy.echoed()).toBeGreaterThan(0);
      expect(world.sandbox.store.variable(api, 'LEGACY_SECRET')?.value).toBe(LEGACY);
      expect(world.sandbox.store.variable(staging, 'TOKEN')).toBeDefined();
      expect(await scan(world, results)).toEqual([]);
    },
  );

  it(
    'a hostile Bitbucket echoing every written value and credential, in every encoding, whole and cut, with every ' +
      'error status',
    { timeout: 600_000 },
    async () => {
      const world = await canaryWorld(SECRET_V2);
      // Never sent, but kept out of every output all the same.
      const fingerprintKey = 'CANARY-fingerprint-key-4c8e2f1a9b7d6e5c3a1f0e9d8c7b6a5f4e3d2c1b';
      const peer = await hostileEchoPeer(world.sandbox);
      const env = {
        BITBUCKET_API_URL: peer.url,
        BITBUCKET_TOKEN_URL: peer.tokenUrl,
        BB_VARS_FINGERPRINT_KEY: fingerprintKey,
        BB_VARS_MAX_RETRIES: '1',
      };
      // Each run writes every value again (every value write fails; records pass), each time meeting another status, cut and body shape.
      const results = await runCases(world, [
        { name: 'apply 1', args: ['reconcile', '--apply', '--force-secured'], env, code: 1 },
        { name: 'apply 2', args: ['reconcile', '--apply', '--force-secured'], env, code: 1 },
        { name: 'apply 3', args: ['reconcile', '--apply', '--force-secured'], env, code: 1 },
        {
          name: 'apply json --verbose',
          args: ['reconcile', '--apply', '--force-secured', '--format', 'json', '--verbose'],
          env,
          code: 1,
        },
      ]);
      const credentials = peer.credentials();
      const echoed = peer.echoed();
      // Every status, cut and body shape was met more than once.
      expect(echoed).toBeGreaterThanOrEqual(4 * STATUSES.length);
      expect(Object.keys(ENCODINGS).length).toBeGreaterThanOrEqual(10);
      // A 401 makes bb-vars fetch a new token and try once more, so the next status may answer it instead.
      for (const status of STATUSES.filter((s) => s !== 401))
        expect(results.map((r) => r.stdout + r.stderr).join('\n')).toMatch(new RegExp(`\\b${status}\\b`));
      const texts: Record<string, string> = {
        ...(await outputFiles(world.dir)),
        ...prComments(world.sandbox),
        // Code Insights report, annotations and build status (--report).
        'Code Insights': JSON.stringify(world.sandbox.store.reports('acme', 'api', REPORT_COMMIT)),
        'build statuses': JSON.stringify(world.sandbox.store.statuses('acme', 'api', REPORT_COMMIT)),
      };
      for (const r of results) {
        texts[`${r.name} stdout`] = r.stdout;
        texts[`${r.name} stderr`] = r.stderr;
      }
      // The runs reached the peer's error text: Bitbucket's words are quoted, masked where they echo.
      expect(results.some((r) => r.stderr.includes('Invalid value: raw: ***'))).toBe(true);
      const secrets = [...ALL_CANARIES, PEM, DATABASE_URL, fingerprintKey, ...credentials];
      const leaks = [...findLeaks(texts, ALL_CANARIES), ...findEchoLeaks(texts, secrets)];
      echoFigures.scenarios += results.length;
      echoFigures.faultsInjected += echoed;
      echoFigures.leaks += leaks.length;
      echoFigures.crashes += results.filter((r) =>
        r.verbose ? r.code === -1 || /unexpected failure/.test(r.stderr) : isCrash(r),
      ).length;
      expect(credentials.length).toBeGreaterThan(1);
      expect(leaks).toEqual([]);
      expect(echoFigures.crashes).toBe(0);
    },
  );

  it('bb-vars sandbox prints its export lines and no canary from the seed', async () => {
    const world = await canaryWorld(SECRET_V2);
    await writeFile(
      join(world.dir, 'seed.json'),
      JSON.stringify({
        credentials: {
          oauthConsumers: [
            {
              clientId: 'demo',
              clientSecret: 'demo-secret',
              scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository'],
            },
          ],
        },
        workspaces: {
          acme: {
            repositories: {
              api: {
                variables: [{ key: 'S', value: SECRET_V2, secured: true }],
                pullRequests: [{ id: 1, title: 't' }],
              },
            },
          },
        },
      }),
    );
    const io = captureIO(world.dir);
    const controller = new AbortController();
    const code = await runSandbox(['--seed', 'seed.json'], io, {
      signal: controller.signal,
      onReady: (sb) => {
        // The seeded secret is served as secured (no value) over HTTP.
        expect(sb.store.variable(api, 'S')?.secured).toBe(true);
        controller.abort();
      },
    });
    expect(code).toBe(0);
    expect(io.out()).toMatch(/^export BITBUCKET_CLIENT_SECRET=demo-secret$/m);
    const results = [{ name: 'sandbox', verbose: false, code, stdout: io.out(), stderr: io.err() }];
    expect(await scan(world, results)).toEqual([]);
  });
});
