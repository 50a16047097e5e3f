/**
 * `bb-vars doctor` (issue 14) end to end: the built CLI against the sandbox, with each kind of
 * credential. Asserts on what a user sees (the checklist, the JSON document, the exit code) and
 * on the sandbox's request log: doctor never writes.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { ROOT, setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { e2eEnv, e2eSeed, SECRETS, TEST_FINGERPRINT_KEY } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };

const READER = { clientId: 'bb-vars-reader', clientSecret: 'reader-secret-8Jd2kQ' };
const REPOSITORY_TOKEN = 'ATCTT3xFfGN0-doctor-repository-token';
const WORKSPACE_TOKEN = 'ATCTT3xFfGN0-doctor-workspace-token';
const API_TOKEN = { username: 'ci-bot@acme.example', token: 'ATATT3xFfGF0-doctor-api-token' };
/** Environment that replaces the OAuth consumer of e2eEnv() with another credential. */
const NO_OAUTH = { BITBUCKET_CLIENT_ID: undefined, BITBUCKET_CLIENT_SECRET: undefined };

async function setup(
  options: { rateLimit?: { limit: number; windowMs: number } } = {},
): Promise<Cli & { doctor(args?: string[], env?: Record<string, string | undefined>): Promise<RunResult> }> {
  const seed = e2eSeed();
  const credentials = seed.credentials!;
  credentials.oauthConsumers!.push({ ...READER, scopes: ['pipeline', 'repository'] });
  credentials.accessTokens = [
    {
      token: REPOSITORY_TOKEN,
      name: 'api bb-vars',
      scopes: ['pipeline', 'pipeline:variable', 'pullrequest', 'repository'],
      workspace: 'acme',
      repository: 'api',
    },
    {
      token: WORKSPACE_TOKEN,
      name: 'acme bb-vars',
      scopes: ['pipeline', 'pipeline:variable', 'repository'],
      workspace: 'acme',
    },
  ];
  credentials.apiTokens = [
    {
      username: API_TOKEN.username,
      token: API_TOKEN.token,
      scopes: ['read:pipeline:bitbucket', 'admin:pipeline:bitbucket', 'read:repository:bitbucket'],
    },
  ];
  const cli = await setupCli({
    sandbox: { seed, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) },
    fixture: FIXTURE,
  });
  Object.assign(cli.env, e2eEnv());
  return Object.assign(cli, {
    doctor: (args: string[] = [], env: Record<string, string | undefined> = {}) =>
      cli.run(['doctor', ...args], { env }),
  });
}

/** The checklist line of a check (text format). */
function line(result: RunResult, name: string): string {
  const found = result.stdout.split('\n').find((l) => l.slice(2).startsWith(`${name}: `));
  assert.isDefined(found, `no '${name}' line in:\n${result.stdout}${result.stderr}`);
  return found;
}

function onlyReads(cli: Cli): void {
  expect(cli.sandbox.requests.length).toBeGreaterThan(0);
  expect(cli.sandbox.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

function noSecrets(...results: RunResult[]): void {
  for (const r of results)
    for (const secret of [...SECRETS, TEST_FINGERPRINT_KEY, REPOSITORY_TOKEN, WORKSPACE_TOKEN, API_TOKEN.token])
      expect(r.stdout + r.stderr).not.toContain(secret);
}

describe('bb-vars doctor', () => {
  it('passes every check with a credential that can apply the manifest, and writes nothing', async () => {
    const cli = await setup();
    const result = await cli.doctor();
    assert.strictEqual(result.code, 0, result.stdout + result.stderr);
    expect(result.stdout).not.toContain('✗');
    expect(line(result, 'credential')).toMatch(/^✓ credential: OAuth consumer e2e-client .*authenticates/);
    expect(line(result, 'scopes')).toMatch(/^✓ scopes: granted: pipeline, pipeline:variable/);
    expect(line(result, 'workspace')).toMatch(/^✓ workspace: acme is reachable \(1 variable\)/);
    expect(line(result, 'repository api')).toMatch(/^✓ .*api is reachable \(2 variables\)/);
    expect(line(result, 'deployment api/production')).toMatch(/^✓ .*is reachable \(1 variable\)/);
    expect(line(result, 'deployment api/staging')).toBe('✓ deployment api/staging: will be created (type Staging)');
    expect(line(result, 'fingerprint key')).toMatch(/set and strong .*no BB_VARS_STATE records yet/);
    expect(line(result, 'node')).toMatch(/^✓ node: Node\.js \d+\./);
    expect(line(result, 'rate limit')).toMatch(/^✓ rate limit: Bitbucket sent no X-RateLimit-\* headers/);
    expect(result.stdout).toMatch(/All \d+ checks passed\.\n$/);
    onlyReads(cli);
    noSecrets(result);
  });

  it('says where an apply keeps its lock and inventory, and fails when it has nowhere to', async () => {
    const cli = await setup();
    const declared = await cli.doctor([], { BITBUCKET_REPO_SLUG: '' });
    expect(line(declared, 'home')).toMatch(
      /^✓ home: api: bb-vars keeps its lock and inventory in repository api .*set `home: api`/,
    );

    const manifest = join(cli.dir, 'bb-vars.yaml');
    const text = await readFile(manifest, 'utf8');
    await writeFile(manifest, text.replace('repositories:', 'home: api\nrepositories:'));
    expect(line(await cli.doctor(), 'home')).toBe('✓ home: api (home: in the manifest)');

    // Workspace variables only: an apply would stop before writing.
    await writeFile(manifest, 'version: 1\nworkspace: acme\nworkspace_variables:\n  REGION: eu-west-1\n');
    const none = await cli.doctor();
    expect(none.code).toBe(1);
    expect(line(none, 'home')).toMatch(
      /^✗ home: none: the manifest declares no repository .*Add `home: <repository slug>`/,
    );
    onlyReads(cli);
  });

  it('names a missing scope and where to grant it, and fails', async () => {
    const cli = await setup();
    const result = await cli.doctor([], {
      BITBUCKET_CLIENT_ID: READER.clientId,
      BITBUCKET_CLIENT_SECRET: READER.clientSecret,
    });
    expect(result.code).toBe(1);
    expect(line(result, 'scopes')).toMatch(/^✗ scopes: missing pipeline:variable to write variables/);
    expect(line(result, 'scopes')).toContain("OAuth consumers → Edit → Permissions: Pipelines 'Edit variables'");
    // Only --comment-pr needs pullrequest: a note, not a failure.
    expect(line(result, 'scopes --comment-pr')).toMatch(/^! .*pullrequest is not granted: only --comment-pr needs it/);
    expect(line(result, 'workspace')).toMatch(/^✓/);
    expect(result.stdout).toMatch(/1 of \d+ checks failed/);
    onlyReads(cli);
    noSecrets(result);
  });

  it('says that a repository access token cannot write workspace variables', async () => {
    const cli = await setup();
    const result = await cli.doctor([], { ...NO_OAUTH, BITBUCKET_ACCESS_TOKEN: REPOSITORY_TOKEN });
    expect(result.code).toBe(1);
    expect(line(result, 'credential')).toMatch(/^✓ credential: access token .*bound to a repository or project/);
    expect(line(result, 'workspace')).toMatch(/^✗ .*a repository access token cannot write workspace variables/);
    expect(line(result, 'repository api')).toMatch(/^✓/);
    // Scopes come from the X-OAuth-Scopes header of the answers.
    expect(line(result, 'scopes')).toMatch(/^✓ scopes: granted: pipeline, pipeline:variable/);
    onlyReads(cli);
    noSecrets(result);

    // Without workspace variables in the manifest the same token is fine.
    const manifest = join(cli.dir, 'bb-vars.yaml');
    const text = await readFile(manifest, 'utf8');
    await writeFile(manifest, text.replace('workspace_variables:\n  REGION: eu-west-1\n', ''));
    const without = await cli.doctor([], { ...NO_OAUTH, BITBUCKET_ACCESS_TOKEN: REPOSITORY_TOKEN });
    assert.strictEqual(without.code, 0, without.stdout);
    expect(line(without, 'workspace')).toMatch(/^✓ .*the manifest declares none/);
  });

  it('says when the credential does not authenticate, and checks nothing else live', async () => {
    const cli = await setup();
    const oauth = await cli.doctor([], { BITBUCKET_CLIENT_SECRET: 'not-the-secret' });
    expect(oauth.code).toBe(1);
    expect(line(oauth, 'credential')).toMatch(/^✗ credential: The OAuth token request .* failed \(HTTP 401\)/);
    expect(oauth.stdout).not.toMatch(/^. (scopes|workspace|repository)/m);
    expect(line(oauth, 'fingerprint key')).toMatch(/records not checked$/);
    const token = await cli.doctor([], { ...NO_OAUTH, BITBUCKET_ACCESS_TOKEN: 'ATCTT3xFfGN0-revoked' });
    expect(token.code).toBe(1);
    expect(line(token, 'credential')).toMatch(
      /^✗ credential: Bitbucket did not accept the credentials \(401\).*BITBUCKET_ACCESS_TOKEN/,
    );
    const none = await cli.doctor([], NO_OAUTH);
    expect(none.code).toBe(1);
    expect(line(none, 'credential')).toMatch(/^✗ credential: No Bitbucket credentials found in the environment/);
    expect(cli.sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    noSecrets(oauth, token, none);
    expect(oauth.stdout).not.toContain('not-the-secret');
  });

  it('reports the rate-limit headroom an access token is given', async () => {
    const cli = await setup({ rateLimit: { limit: 1000, windowMs: 3_600_000 } });
    const result = await cli.doctor([], { ...NO_OAUTH, BITBUCKET_ACCESS_TOKEN: WORKSPACE_TOKEN });
    assert.strictEqual(result.code, 0, result.stdout);
    expect(line(result, 'credential')).toBe('✓ credential: access token (BITBUCKET_ACCESS_TOKEN): authenticates');
    expect(line(result, 'rate limit')).toMatch(
      /^✓ rate limit: 1000 requests per hour \(resource api\), not near it \(X-RateLimit-\*\); this check took \d+ requests/,
    );
    // pullrequest is missing, but only --comment-pr needs it.
    expect(line(result, 'scopes --comment-pr')).toMatch(/^! .*pullrequest is not granted.*create a new one/);
    onlyReads(cli);
  });

  it('with an API token, says what it could not verify without a write', async () => {
    const cli = await setup();
    const result = await cli.doctor([], {
      ...NO_OAUTH,
      BITBUCKET_USERNAME: API_TOKEN.username,
      BITBUCKET_API_TOKEN: API_TOKEN.token,
    });
    // No scope list in any answer but the 403 of a probe: it names every scope the token has.
    assert.strictEqual(result.code, 0, result.stdout);
    expect(line(result, 'credential')).toMatch(/^✓ credential: API token of ci-bot@acme\.example/);
    expect(line(result, 'scopes')).toMatch(/^✓ scopes: granted: read:pipeline:bitbucket, admin:pipeline:bitbucket/);
    expect(line(result, 'scopes --comment-pr')).toMatch(/^! .*read:pullrequest:bitbucket is not granted/);
    onlyReads(cli);
    noSecrets(result);
  });

  it('refuses a missing or weak fingerprint key, and one that does not match the records', async () => {
    const cli = await setup();
    const missing = await cli.doctor([], { BB_VARS_FINGERPRINT_KEY: undefined });
    expect(missing.code).toBe(1);
    expect(line(missing, 'fingerprint key')).toMatch(
      /^✗ .*BB_VARS_FINGERPRINT_KEY is not set.*openssl rand -base64 32/,
    );
    const weak = await cli.doctor([], { BB_VARS_FINGERPRINT_KEY: 'short-key' });
    expect(weak.code).toBe(1);
    expect(line(weak, 'fingerprint key')).toMatch(/^✗ .*too short \(9 characters; at least 32\)/);
    onlyReads(cli);

    // Records written under the test key; doctor run with another key.
    expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);
    const requestsBefore = cli.sandbox.requests.length;
    const matching = await cli.doctor();
    assert.strictEqual(matching.code, 0, matching.stdout);
    expect(line(matching, 'fingerprint key')).toMatch(/matches the key id of 4 BB_VARS_STATE records/);
    const other = 'another-strong-key-Qx81mZp3Lw0vTn6Yr2Kd9Hs';
    const mismatch = await cli.doctor([], { BB_VARS_FINGERPRINT_KEY: other });
    expect(mismatch.code).toBe(1);
    expect(line(mismatch, 'fingerprint key')).toMatch(
      /^✗ .*does not match the key id of the BB_VARS_STATE records in workspace acme, repository api, deployment api\/production/,
    );
    expect(line(mismatch, 'fingerprint key')).toContain('BB_VARS_FINGERPRINT_KEY_PREVIOUS');
    const rotating = await cli.doctor([], {
      BB_VARS_FINGERPRINT_KEY: other,
      BB_VARS_FINGERPRINT_KEY_PREVIOUS: TEST_FINGERPRINT_KEY,
    });
    assert.strictEqual(rotating.code, 0, rotating.stdout);
    expect(line(rotating, 'fingerprint key')).toMatch(/4 records under BB_VARS_FINGERPRINT_KEY_PREVIOUS/);
    expect(cli.sandbox.requests.slice(requestsBefore).filter((r) => r.method !== 'GET')).toEqual([]);
    noSecrets(missing, weak, matching, mismatch, rotating);
    expect(mismatch.stdout + rotating.stdout).not.toContain(other);
  });

  it('names an unreachable repository and a missing workspace', async () => {
    const cli = await setup();
    const manifest = join(cli.dir, 'bb-vars.yaml');
    const text = await readFile(manifest, 'utf8');
    await writeFile(manifest, text.replace('\n  api:\n', '\n  apii:\n'));
    const result = await cli.doctor();
    expect(result.code).toBe(1);
    expect(line(result, 'repository apii')).toMatch(/^✗ .*Not found \(404\).*acme\/apii/);
    expect(result.stdout).not.toMatch(/deployment apii/);
    expect(line(result, 'workspace')).toMatch(/^✓/);

    await writeFile(manifest, text.replace('workspace: acme', 'workspace: acmee'));
    const workspace = await cli.doctor();
    expect(workspace.code).toBe(1);
    expect(line(workspace, 'workspace')).toMatch(/^✗ .*acmee/);
    onlyReads(cli);
  });

  it('prints the contract JSON document with --format json, its ok matching the exit code', async () => {
    const cli = await setup();
    const good = await cli.doctor(['--format', 'json']);
    const bad = await cli.doctor(['--format', 'json'], { BB_VARS_FINGERPRINT_KEY: 'short-key' });
    for (const [result, ok] of [
      [good, true],
      [bad, false],
    ] as const) {
      expect(result.code).toBe(ok ? 0 : 1);
      const doc = JSON.parse(result.stdout) as { format_version: string; ok: boolean; checks: unknown[] };
      expect(Object.keys(doc)).toEqual(['format_version', 'ok', 'checks']);
      expect(doc.format_version).toBe('1');
      expect(doc.ok).toBe(ok);
      expect(doc.checks.length).toBeGreaterThan(8);
      for (const check of doc.checks as Array<Record<string, unknown>>) {
        expect(typeof check.name).toBe('string');
        expect(typeof check.ok).toBe('boolean');
        expect(typeof check.message).toBe('string');
        expect(Object.keys(check).filter((k) => !['name', 'ok', 'message', 'warning'].includes(k))).toEqual([]);
      }
      expect((doc.checks as Array<{ ok: boolean }>).every((c) => c.ok)).toBe(ok);
    }
    const failed = (JSON.parse(bad.stdout) as { checks: Array<{ name: string; ok: boolean }> }).checks.filter(
      (c) => !c.ok,
    );
    expect(failed.map((c) => c.name)).toEqual(['fingerprint key']);
    onlyReads(cli);
    noSecrets(good, bad);
  });

  it('takes the manifest as an argument, and runs Terraform dir: sources (validate does not)', async () => {
    const cli = await setup();
    const dir = join(cli.dir, 'ci');
    await mkdir(join(dir, 'tf'), { recursive: true });
    await mkdir(join(dir, 'bin'), { recursive: true });
    const terraform = join(dir, 'bin', 'terraform');
    await writeFile(
      terraform,
      `#!/bin/sh\ntouch "${join(dir, 'ran')}"\necho '{"region":{"value":"eu-west-1","sensitive":false}}'\n`,
    );
    await chmod(terraform, 0o755);
    await writeFile(
      join(dir, 'manifest.yaml'),
      'version: 1\nworkspace: acme\nsources:\n  app:\n    terraform:\n      dir: tf\nrepositories:\n  api:\n    variables:\n      REGION: { from: app.region }\n',
    );
    const env = { PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
    const validate = await cli.run(['validate', 'ci/manifest.yaml'], { env });
    expect(validate.code).toBe(0);
    await expect(readFile(join(dir, 'ran'))).rejects.toThrow();
    const result = await cli.doctor(['ci/manifest.yaml'], env);
    assert.strictEqual(result.code, 0, result.stdout + result.stderr);
    expect(line(result, 'manifest')).toMatch(/ci\/manifest\.yaml: .*`terraform output -json` in tf/);
    await readFile(join(dir, 'ran'));

    const failing = await cli.doctor(['ci/manifest.yaml'], { PATH: '/usr/bin:/bin' });
    expect(failing.code).toBe(1);
    expect(line(failing, 'manifest')).toBe('✗ manifest: cannot read 1 source:');
    expect(failing.stdout).toMatch(/\n {4}.*ci\/manifest\.yaml:\d+:\d+ .*'terraform' was not found on PATH/);
    // The credential and the repository are still checked.
    expect(line(failing, 'repository api')).toMatch(/^✓/);

    const usage = await cli.doctor(['a.yaml', 'b.yaml']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/Unexpected argument 'b\.yaml'/);
  });
});

describe('doctor is a read', () => {
  it('leaves the sandbox exactly as it was', async () => {
    const cli = await setup();
    expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);
    const before = JSON.stringify(cli.sandbox.store.variables(api));
    const count = cli.sandbox.requests.length;
    await cli.doctor();
    await cli.doctor([], { ...NO_OAUTH, BITBUCKET_ACCESS_TOKEN: REPOSITORY_TOKEN });
    expect(cli.sandbox.requests.length).toBeGreaterThan(count);
    expect(cli.sandbox.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(JSON.stringify(cli.sandbox.store.variables(api))).toBe(before);
  });
});
