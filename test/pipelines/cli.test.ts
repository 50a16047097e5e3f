/** `bb-vars validate --pipelines` as a user runs it: the built CLI, its exit status and what it prints. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.ts';
import { tempTree } from '../support/files.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const MANIFEST = readFileSync(path.join(FIXTURES, 'bb-vars.yaml'), 'utf8');
const CLEAN = readFileSync(path.join(FIXTURES, 'clean.yml'), 'utf8');

async function run(args: string[], files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = await tempTree(files);
  return runCli(args, { cwd: dir, env: { NO_COLOR: '1', ...env } });
}

describe('bb-vars validate --pipelines', () => {
  it('exits 0 for a pipeline that uses what the manifest declares, and says what it checked', async () => {
    const r = await run(['validate', '--pipelines', '--repo', 'shop'], {
      'bb-vars.yaml': MANIFEST,
      'bitbucket-pipelines.yml': CLEAN,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bb-vars.yaml is valid.');
    expect(r.stdout).toContain('  pipelines:  bitbucket-pipelines.yml, repository shop: 11 steps checked, no problems');
  });

  it('exits 1 with each error at file:line:col, naming the step', async () => {
    const text = CLEAN.replace('curl -fsS "$API_URL/health"', 'curl -fsS "$API_URL/$CDN_DISTRIBUTION_ID"').replace(
      'npm ci',
      'npm ci --registry "$NPM_REGISTRY"',
    );
    const r = await run(['validate', 'bb-vars.yaml', '--pipelines', 'ci/pipelines.yml', '--repo', 'shop'], {
      'bb-vars.yaml': MANIFEST,
      'ci/pipelines.yml': text,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  pipelines:  ci/pipelines.yml, repository shop: 11 steps checked, 2 errors');
    const lines = r.stderr.split('\n').filter((l) => !l.startsWith('    hint:'));
    expect(lines).toEqual([
      'ci/pipelines.yml:16:32  step "Build" (default, branches main, pull-requests **, tags v*, bookmarks ' +
        'release-*): $NPM_REGISTRY is not declared for shop (workspace or repository variables) and not set ' +
        'earlier in the step',
      'ci/pipelines.yml:27:33  step "Deploy" (branches main): $CDN_DISTRIBUTION_ID is a variable of deployment ' +
        'production, and this step deploys to staging',
      '',
    ]);
    expect(r.stderr).not.toMatch(/\bat .*\.(?:c?js|ts):\d+/);
  });

  it('exits 0 with only warnings, located in the manifest', async () => {
    const text = CLEAN.replace('WEBHOOK_URL: $SLACK_WEBHOOK', 'WEBHOOK_URL: https://example.com');
    const r = await run(
      ['validate', '--pipelines'],
      { 'bb-vars.yaml': MANIFEST, 'bitbucket-pipelines.yml': text },
      { BITBUCKET_REPO_SLUG: 'shop' },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('repository shop: 11 steps checked, 1 warning');
    expect(r.stderr).toMatch(
      /^bb-vars\.yaml:15:7 {2}warning: repositories\.shop\.variables\.SLACK_WEBHOOK: declared, but .*\n/,
    );
  });

  it('asks for --repo when the repository cannot be told, and says when a file is missing', async () => {
    const unsure = await run(['validate', '--pipelines'], {
      'bb-vars.yaml': MANIFEST,
      'bitbucket-pipelines.yml': CLEAN,
    });
    expect(unsure.code).toBe(1);
    expect(unsure.stderr).toContain(
      '--pipelines needs the repository the pipeline file belongs to: bb-vars.yaml declares 2 (shop, other).',
    );
    expect(unsure.stderr).toContain('hint: pass --repo <slug>');
    const missing = await run(['validate', '--pipelines', '--repo', 'shop'], { 'bb-vars.yaml': MANIFEST });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'Error: Cannot read the pipelines file bitbucket-pipelines.yml: ENOENT.\n  hint: pass its path: ' +
        '--pipelines <file> (default ./bitbucket-pipelines.yml)\n',
    );
  });

  it('documents its flags in --help, and refuses --repo without --pipelines', async () => {
    const help = await runCli(['validate', '--help'], { cwd: ROOT, env: {} });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(
      'Usage: bb-vars validate [<file>] [-c <file>] [--pipelines [<file>]] [--repo <slug>]',
    );
    expect(help.stdout).toMatch(
      /--pipelines \[<file>\] +also check this bitbucket-pipelines\.yml against the manifest/,
    );
    const r = await run(['validate', '--repo', 'shop'], { 'bb-vars.yaml': MANIFEST });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: --repo names the repository of a pipelines file: use it with --pipelines [<file>].\n',
    );
  });

  it('checks a repository the manifest does not list against workspace variables, and says so', async () => {
    const text = 'pipelines:\n  default:\n    - step:\n        script:\n          - echo "$SHARED_REGION $NPM_TOKEN"\n';
    const r = await run(['validate', '--pipelines', '--repo', 'shopp'], {
      'bb-vars.yaml': MANIFEST,
      'bitbucket-pipelines.yml': text,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "repository shopp (not under repositories: in bb-vars.yaml, did you mean 'shop'? workspace variables only)",
    );
    expect(r.stderr).toContain(
      'bitbucket-pipelines.yml:5:34  step "step 1" (default): $NPM_TOKEN is not declared for shopp',
    );
  });

  it('passes the bundled example pipeline against the bundled manifest', async () => {
    const r = await runCli(
      [
        'validate',
        '-c',
        'examples/bb-vars.yaml',
        '--pipelines',
        'examples/bitbucket-pipelines.yml',
        '--repo',
        'bb-vars-config',
      ],
      {
        cwd: ROOT,
        env: { DEPLOY_TOKEN: 'e2e-deploy-token', NO_COLOR: '1' },
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/bitbucket-pipelines.yml, repository bb-vars-config');
    expect(r.stdout).toContain('6 steps checked, no problems');
  });
});
