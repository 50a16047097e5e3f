import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, setupCli } from '../support/cli.ts';
import type { ScopeRef } from '../../src/core/types.ts';
import { encodeBookkeeping, BOOKKEEPING_VERSION, DEFAULT_MANIFEST_ID } from '../../src/plan/bookkeeping.ts';
import { fingerprintKeyId, fingerprintKeysFromEnv } from '../../src/plan/fingerprint.ts';
import { e2eEnv, e2eSeed } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
/** The attack from issue 13: a fake summary line and an ANSI "conceal" code in an environment name. */
const HOSTILE = 'prod\nPlan: 0 to create, 0 to update, 0 to replace, 0 to delete.\u001b[8m';

/** A record bb-vars itself would have written (authentic under the test key), so its names are trusted input. */
function sealed(scope: ScopeRef, managed: Record<string, string>, environments?: string[]): string {
  const key = fingerprintKeysFromEnv(e2eEnv()).current;
  const record = { version: BOOKKEEPING_VERSION, keyId: fingerprintKeyId(key), managed, environments };
  return encodeBookkeeping(record, key, { scope, manifestId: DEFAULT_MANIFEST_ID });
}

/** The sandbox workspace with a repository record listing a hostile environment that bb-vars managed. */
function hostileSeed() {
  const seed = e2eSeed();
  const api = seed.workspaces.acme!.repositories!.api!;
  const repo = { type: 'repository', workspace: 'acme', repository: 'api' } as const;
  const env = (environment: string): ScopeRef => ({ ...repo, type: 'deployment', environment });
  const record = sealed(repo, { LOG_LEVEL: '' }, [HOSTILE, 'x|`y`*[z](u)<b>']);
  api.variables = [...(api.variables ?? []), { key: 'BB_VARS_STATE', value: record }];
  api.environments = [
    ...(api.environments ?? []),
    {
      name: HOSTILE,
      type: 'Test',
      variables: [
        { key: 'OLD', value: 'x' },
        { key: 'BB_VARS_STATE', value: sealed(env(HOSTILE), { OLD: '' }) },
      ],
    },
    {
      name: 'x|`y`*[z](u)<b>',
      type: 'Test',
      variables: [
        { key: 'GONE', value: 'y' },
        { key: 'BB_VARS_STATE', value: sealed(env('x|`y`*[z](u)<b>'), { GONE: '' }) },
      ],
    },
  ];
  return seed;
}

// eslint-disable-next-line no-control-regex -- raw control characters are what must not appear
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

describe('hostile names from Bitbucket, end to end', () => {
  it('cannot inject lines, ANSI codes or markdown into the text plan, the markdown plan or stderr', async () => {
    const cli = await setupCli({ sandbox: { seed: hostileSeed() }, fixture: FIXTURE });
    Object.assign(cli.env, e2eEnv());

    const text = await cli.run(['reconcile']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('deployment api/prod\\nPlan: 0 to create');
    expect(text.stdout).toContain('\\u001b[8m:');
    expect(text.stdout).toMatch(/- OLD = "x"/);
    expect(text.stdout.match(/^Plan:/gm)).toEqual(['Plan:']);
    expect(text.stdout).toContain('Plan: 8 to create, 0 to update, 0 to replace, 2 to delete.');
    for (const out of [text.stdout, text.stderr]) expect(out).not.toMatch(CONTROL);

    const md = await cli.run(['reconcile', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout.split('\n').filter((line) => /^\W*Plan:/.test(line))).toHaveLength(1);
    expect(md.stdout).not.toMatch(CONTROL);
    expect(md.stdout).not.toContain('x|`y`');
    expect(md.stdout).not.toContain('<b>');
    for (const line of md.stdout.split('\n').filter((l) => l.startsWith('|'))) {
      expect(line.replace(/\\\|/g, '').split('|')).toHaveLength(6);
    }

    const json = await cli.run(['reconcile', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(CONTROL);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1));

    const apply = await cli.run(['reconcile', '--apply']);
    expect(apply.code).toBe(0);
    for (const out of [apply.stdout, apply.stderr]) expect(out).not.toMatch(CONTROL);
    expect(apply.stdout.match(/^Apply complete:/gm)).toHaveLength(1);
    const env = { type: 'deployment' as const, workspace: 'acme', repository: 'api', environment: HOSTILE };
    expect(cli.sandbox.store.variable(env, 'OLD')).toBeUndefined();
  });

  it('cannot inject lines or ANSI codes into the Code Insights report, its annotations or the build status', async () => {
    const cli = await setupCli({ sandbox: { seed: hostileSeed() }, fixture: FIXTURE });
    const commit = '0123456789abcdef0123456789abcdef01234567';
    Object.assign(cli.env, e2eEnv(), { BITBUCKET_REPO_SLUG: 'api', BITBUCKET_COMMIT: commit });

    const reported = await cli.run(['reconcile', '--report']);
    expect(reported.code).toBe(0);
    const published = [
      ...cli.sandbox.store.reports('acme', 'api', commit),
      ...cli.sandbox.store.statuses('acme', 'api', commit),
    ];
    expect(published).toHaveLength(2);
    const strings: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(published);
    // The deletions in the hostile environment are reported, with the name escaped.
    expect(strings.some((text) => text.includes('api/prod\\nPlan: 0 to create'))).toBe(true);
    expect(strings.filter((text) => CONTROL.test(text))).toEqual([]);
    // Multi-line details keep one line per change: the name cannot start a fake summary line.
    expect(strings.filter((text) => /\nPlan:/.test(text))).toEqual([]);
    for (const out of [reported.stdout, reported.stderr]) expect(out).not.toMatch(CONTROL);
  });

  it('cannot inject lines or ANSI codes into what import prints', async () => {
    const seed = hostileSeed();
    const hostileEnv = seed.workspaces.acme!.repositories!.api!.environments!.find((e) => e.name === HOSTILE)!;
    hostileEnv.variables = [{ key: 'PEM', value: '-----BEGIN KEY-----\nabc\n-----END KEY-----' }];
    const cli = await setupCli({ sandbox: { seed }, fixture: FIXTURE });
    Object.assign(cli.env, e2eEnv());

    const imported = await cli.run(['import', '--repo', 'api', '-o', 'imported.yaml']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('Warning: PEM in deployment api/prod\\nPlan: 0 to create');
    expect(imported.stderr).toContain('\\u001b[8m has line breaks');
    for (const out of [imported.stdout, imported.stderr]) expect(out).not.toMatch(CONTROL);
  });
});
