/** `bb-vars import` end to end: the built CLI against the sandbox over HTTP. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SandboxSeed } from '../../src/sandbox/index.ts';
import { setupCli } from '../support/cli.ts';

/** The secured values of the default seed: never in any output. */
const SEED_SECRETS = [
  'hooks.slack.example/services/T0000/B0000/sandbox-only',
  'npm_sandboxOnlyToken0000000000000000',
  'sandbox-old-vpn-key',
  'demo-secret-change-me',
];
const PLACEHOLDERS = { SLACK_WEBHOOK_URL: 'new-slack', NPM_TOKEN: 'new-npm', VPN_SHARED_KEY: 'new-vpn' };

interface JsonPlan {
  summary: Record<string, number>;
  changes: Array<{ action: string; key: string; secured: boolean; reason?: string }>;
}

describe('bb-vars import (end to end)', () => {
  it('imports the default seed into a manifest that validates and plans no change for non-secured variables', async () => {
    const cli = await setupCli();
    const imported = await cli.run([
      'import',
      '--repo',
      'api-service',
      '--repo',
      'web-frontend,billing-worker',
      '--workspace-variables',
      '-o',
      'bb-vars.yaml',
    ]);
    expect(imported.stderr).toContain('Imported 11 variables (3 secured) to bb-vars.yaml');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('');

    // Minimum requests: workspace variables once; per repository its variables and environments
    // once; each environment's variables once (3 + 2 environments).
    const requests = cli.sandbox.requests;
    expect(requests.length).toBe(1 + 3 * 2 + 5);
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
    expect(new Set(requests.map((r) => r.path)).size).toBe(requests.length);

    const text = await readFile(join(cli.dir, 'bb-vars.yaml'), 'utf8');
    expect(text).toContain('NPM_TOKEN: { env: NPM_TOKEN, secured: true }');
    expect(text).toContain('LEGACY_FEATURE_FLAG: "on"');
    for (const secret of SEED_SECRETS) expect(imported.stdout + imported.stderr + text).not.toContain(secret);

    const missing = await cli.run(['validate']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('SLACK_WEBHOOK_URL');

    const valid = await cli.run(['validate'], { env: PLACEHOLDERS });
    expect(valid.stderr).toBe('');
    expect(valid.code).toBe(0);

    const planned = await cli.run(['reconcile', '--format', 'json'], { env: PLACEHOLDERS });
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as JsonPlan;
    expect(plan.changes.filter((c) => !c.secured)).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.key, c.reason])).toEqual([
      ['update', 'SLACK_WEBHOOK_URL', 'no-record'],
      ['update', 'NPM_TOKEN', 'no-record'],
      ['update', 'VPN_SHARED_KEY', 'no-record'],
    ]);
    expect(plan.summary.unchanged).toBe(8);

    // After one apply, the imported manifest is fully converged.
    expect((await cli.run(['reconcile', '--apply'], { env: PLACEHOLDERS })).code).toBe(0);
    const after = await cli.run(['reconcile', '--detailed-exitcode', '--format', 'json'], { env: PLACEHOLDERS });
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as JsonPlan).changes).toEqual([]);
  });

  it('writes to standard output by default and leaves out bookkeeping variables', async () => {
    const cli = await setupCli();
    expect((await cli.run(['import', '--repo', 'billing-worker', '-o', 'bb-vars.yaml'])).code).toBe(0);
    expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);

    const again = await cli.run(['import', '--repo', 'billing-worker']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^# yaml-language-server: \$schema=/);
    expect(again.stdout).toContain('QUEUE_NAME: billing');
    expect(again.stdout).not.toContain('BB_VARS_');
    // Its record and the inventory of the manifest's repositories (billing-worker is its home).
    expect(again.stderr).toContain('Left out 2 bb-vars bookkeeping variables (BB_VARS_*).');
  });

  it('keeps edge values exactly: a reconcile right after import plans no change', async () => {
    // Values with line breaks: see the next test (Pipelines cannot hold them, so reconcile refuses them).
    const values = [
      'true',
      '1.0',
      '007',
      'on',
      'null',
      '',
      ' padded ',
      'tab\there',
      'ünïcødé ✓ 😀',
      '# hash',
      'key: value',
      '${not.a.ref}',
      '12345678901234567890',
      '-',
      '"quoted"',
      "it's",
    ];
    const seed: SandboxSeed = {
      credentials: defaultSeed().credentials!,
      workspaces: {
        acme: {
          repositories: {
            'edge-cases': {
              variables: values.map((value, i) => ({ key: `V_${i}`, value })),
              environments: [{ name: 'Production EU', type: 'Production', variables: [{ key: 'EU', value: '0' }] }],
            },
          },
        },
      },
    };
    const cli = await setupCli({ sandbox: { seed } });
    const imported = await cli.run(['import', '--repo', 'edge-cases', '-o', 'bb-vars.yaml']);
    expect(imported.code).toBe(0);
    const planned = await cli.run(['reconcile', '--format', 'json', '--detailed-exitcode']);
    // No warning: only the request count.
    expect(planned.stderr).toMatch(/^Bitbucket API requests for this plan: \d+ \(1 token\)\.\n$/);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as JsonPlan;
    expect(plan.changes).toEqual([]);
    expect(plan.summary.unchanged).toBe(values.length + 1);
  });

  it('writes multi-line live values exactly as they are, with a warning; validate then refuses them, located', async () => {
    const values = ['line 1\nline 2\n', 'line\n  indented\n\n', 'crlf\r\n', 'one line'];
    const seed: SandboxSeed = {
      credentials: defaultSeed().credentials!,
      workspaces: {
        acme: {
          repositories: {
            'edge-cases': { variables: values.map((value, i) => ({ key: `V_${i}`, value })), environments: [] },
          },
        },
      },
    };
    const cli = await setupCli({ sandbox: { seed } });
    const imported = await cli.run(['import', '--repo', 'edge-cases', '-o', 'bb-vars.yaml']);
    expect(imported.code).toBe(0);
    for (const key of ['V_0', 'V_1', 'V_2']) {
      expect(imported.stderr).toContain(
        `Warning: ${key} in repository edge-cases has line breaks in its live value, which Pipelines variables cannot hold;`,
      );
    }
    expect(imported.stderr).not.toContain('V_3 in');
    const { parse } = await import('yaml');
    const written = parse(await readFile(join(cli.dir, 'bb-vars.yaml'), 'utf8')) as {
      repositories: Record<string, { variables: Record<string, string> }>;
    };
    expect(written.repositories['edge-cases']!.variables).toEqual({
      V_0: values[0],
      V_1: values[1],
      V_2: values[2],
      V_3: values[3],
    });

    const validated = await cli.run(['validate']);
    expect(validated.code).toBe(1);
    expect(validated.stderr.match(/variables\.V_\d: the value contains a line break/g)).toEqual([
      'variables.V_0: the value contains a line break',
      'variables.V_1: the value contains a line break',
      'variables.V_2: the value contains a line break',
    ]);
  });

  it('gives a key secured in several scopes one env name per scope', async () => {
    const seed: SandboxSeed = {
      credentials: defaultSeed().credentials!,
      workspaces: {
        acme: {
          repositories: {
            api: {
              variables: [{ key: 'DB_PASSWORD', value: 'CANARY-repo-pass', secured: true }],
              environments: [
                {
                  name: 'staging',
                  type: 'Staging',
                  variables: [{ key: 'DB_PASSWORD', value: 'CANARY-staging-pass', secured: true }],
                },
                {
                  name: 'production',
                  type: 'Production',
                  variables: [{ key: 'DB_PASSWORD', value: 'CANARY-prod-pass', secured: true }],
                },
              ],
            },
          },
        },
      },
    };
    const cli = await setupCli({ sandbox: { seed } });
    const imported = await cli.run(['import', '--repo', 'api', '-o', 'bb-vars.yaml']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('provide $API_DB_PASSWORD, $STAGING_DB_PASSWORD, $PRODUCTION_DB_PASSWORD');
    const text = await readFile(join(cli.dir, 'bb-vars.yaml'), 'utf8');
    expect(text).toContain('DB_PASSWORD: { env: PRODUCTION_DB_PASSWORD, secured: true }');
    expect(text).not.toContain('CANARY');
    const env = { API_DB_PASSWORD: 'a', STAGING_DB_PASSWORD: 's', PRODUCTION_DB_PASSWORD: 'p' };
    expect((await cli.run(['validate'], { env })).code).toBe(0);
  });

  it.each([
    [['import', '--repo', 'does-not-exist'], {}, /Not found \(404\).*repository 'acme\/does-not-exist'/s],
    [['import'], {}, /needs at least one repository or project: pass --repo <slug> or --project <key>/],
    [
      ['import', '--repo', 'api-service'],
      { BITBUCKET_WORKSPACE: undefined },
      /needs a workspace: pass --workspace <slug> or set BITBUCKET_WORKSPACE/,
    ],
    [['import', '--repo', 'a/b'], {}, /--repo 'a\/b' is not a repository slug/],
    [['import', '--repo', 'api-service', '--bogus'], {}, /Unknown option '--bogus'/],
    [['import', '--repo', 'api-service', '--workspace', 'nope'], {}, /Not found \(404\).*'nope\/api-service'/s],
    [
      ['import', '--repo', 'api-service'],
      { BITBUCKET_CLIENT_ID: undefined, BITBUCKET_CLIENT_SECRET: undefined },
      /No Bitbucket credentials found/,
    ],
  ])('%j fails clearly', async (args, env, message) => {
    const cli = await setupCli();
    const result = await cli.run(args, { env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('explains itself with --help', async () => {
    const cli = await setupCli();
    const result = await cli.run(['import', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: bb-vars import [--repo <slug>...] [--project <key>...]');
    expect(result.stdout).toContain('--workspace-variables');
    expect(result.stdout).toContain('bb-vars import --project PLAT -o bb-vars.yaml');
  });
});
