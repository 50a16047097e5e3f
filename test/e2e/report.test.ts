/**
 * `reconcile --report` (issue 16, "Code Insights and build status"), end to end with the built CLI
 * against the sandbox: report `bb-vars` on $BITBUCKET_COMMIT, annotations on the manifest's lines
 * (the manifest in a subfolder of a git repository), build status `bb-vars`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxSeed } from '../../src/sandbox/index.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import {
  MANIFEST_V1,
  MANIFEST_V2,
  outputs,
  SECRET_V1,
  SECRETS,
  scenarioSeed,
  SCENARIO_ENV,
} from '../support/scenario.ts';

const COMMIT = '3f9c2a7e1b8d4c6f0a5e9d2b7c1f4a8e6d3b0c9f';

interface ReportCli extends Cli {
  reconcile(...args: string[]): Promise<RunResult>;
  /** Writes config/bb-vars.yaml (the manifest sits in a subfolder of the git repository). */
  manifest(text: string): Promise<void>;
  report(): Record<string, unknown> & { annotations: Array<Record<string, unknown>> };
  status(): Record<string, unknown>;
}

async function setup(seed: SandboxSeed = scenarioSeed()): Promise<ReportCli> {
  const cli = await setupCli({ sandbox: { seed } });
  Object.assign(cli.env, SCENARIO_ENV, {
    BITBUCKET_REPO_SLUG: 'api',
    BITBUCKET_COMMIT: COMMIT,
    BITBUCKET_BRANCH: 'feature/rotate',
    BITBUCKET_BUILD_NUMBER: '42',
  });
  // A git repository whose manifest lives in config/: annotation paths are relative to its root.
  await mkdir(join(cli.dir, '.git'));
  await mkdir(join(cli.dir, 'config'));
  await writeFile(join(cli.dir, 'config', 'outputs.json'), outputs(SECRET_V1));
  const manifest = (text: string) => writeFile(join(cli.dir, 'config', 'bb-vars.yaml'), text);
  await manifest(MANIFEST_V1);
  const store = cli.sandbox.store;
  return Object.assign(cli, {
    reconcile: (...args: string[]) => cli.run(['reconcile', '-c', 'config/bb-vars.yaml', ...args]),
    manifest,
    report: () => {
      const reports = store.reports('acme', 'api', COMMIT);
      expect(reports).toHaveLength(1);
      return reports[0]!;
    },
    status: () => {
      const statuses = store.statuses('acme', 'api', COMMIT);
      expect(statuses).toHaveLength(1);
      return statuses[0]!;
    },
  });
}

/** The 1-based line of the first line of `text` matching `pattern` (after `after`, if given). */
function lineOf(text: string, pattern: RegExp, after?: RegExp): number {
  const lines = text.split('\n');
  const start = after ? lines.findIndex((l) => after.test(l)) : 0;
  const index = lines.findIndex((l, i) => i >= start && pattern.test(l));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

function data(report: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries((report.data as Array<{ title: string; value: unknown }>).map((d) => [d.title, d.value]));
}

function noSecrets(cli: ReportCli, ...results: RunResult[]): void {
  const published = JSON.stringify([
    cli.sandbox.store.reports('acme', 'api', COMMIT),
    cli.sandbox.store.statuses('acme', 'api', COMMIT),
  ]);
  for (const secret of SECRETS) {
    expect(published).not.toContain(secret);
    for (const r of results) expect(r.stdout + r.stderr).not.toContain(secret);
  }
}

describe('reconcile --report (issue 16)', () => {
  it('a plan with changes: report, one annotation per manifest line (path from the repository root), status', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await cli.manifest(MANIFEST_V2);
    const result = await cli.reconcile('--report');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Published Code Insights report bb-vars on commit ${COMMIT.slice(0, 12)} of acme/api (`,
    );

    const report = cli.report();
    expect(report).toMatchObject({
      external_id: 'bb-vars',
      title: 'bb-vars plan',
      reporter: 'bb-vars',
      result: 'PASSED',
      details: 'Plan: 5 to create, 3 to update, 1 to replace, 3 to delete.',
      link: 'https://bitbucket.org/acme/api/pipelines/results/42',
    });
    expect(data(report)).toEqual({
      'To create': 5,
      'To update': 3,
      'To replace': 1,
      'To delete': 3,
      Unchanged: 4,
      'Policy violations': 0,
    });

    const byLine = new Map(report.annotations.map((a) => [a.line as number, a]));
    for (const a of report.annotations) expect(a.path).toBe('config/bb-vars.yaml');
    // At most one annotation per line.
    expect(byLine.size).toBe(report.annotations.length);
    const m = MANIFEST_V2;
    expect(byLine.get(lineOf(m, /^ {2}REGION:/))?.summary).toBe('update REGION in workspace');
    expect(byLine.get(lineOf(m, /^ {6}LOG_LEVEL:/))?.summary).toBe('update LOG_LEVEL in api');
    expect(byLine.get(lineOf(m, /^ {6}FLAG:/))?.summary).toBe('replace FLAG in api');
    expect(byLine.get(lineOf(m, /^ {6}NEW_VAR:/))?.summary).toBe('create NEW_VAR in api');
    expect(byLine.get(lineOf(m, /^ {6}FOO:/))?.summary).toBe('create FOO in web');
    expect(byLine.get(lineOf(m, /^ {6}staging:/))?.summary).toBe('create environment in api/staging');
    // Keys no longer declared: on their scope's line.
    expect(byLine.get(lineOf(m, /^workspace_variables:/))?.summary).toBe('delete OLD_WS in workspace');
    expect(byLine.get(lineOf(m, /^ {2}api:/))?.summary).toBe('delete OBSOLETE in api');
    expect(byLine.get(lineOf(m, /^ {6}production:/))?.summary).toBe('delete OLD_PROD in api/production');

    expect(cli.status()).toMatchObject({
      key: 'bb-vars',
      state: 'SUCCESSFUL',
      refname: 'feature/rotate',
      url: 'https://bitbucket.org/acme/api/pipelines/results/42',
      description: 'Plan: 5 to create, 3 to update, 1 to replace, 3 to delete.',
    });
    noSecrets(cli, result);
  });

  it('a clean plan: PASSED with zero counts and no annotation; a re-run replaces the old annotations', async () => {
    const cli = await setup();
    await cli.manifest(MANIFEST_V1);
    const first = await cli.reconcile('--report');
    expect(first.code).toBe(0);
    expect(cli.report().annotations.length).toBeGreaterThan(5);

    expect((await cli.reconcile('--apply')).code).toBe(0);
    const clean = await cli.reconcile('--report', '--detailed-exitcode');
    expect(clean.code).toBe(0);
    const report = cli.report();
    expect(report.result).toBe('PASSED');
    expect(report.details).toBe('No changes. Bitbucket matches the manifest.');
    expect(report.annotations).toEqual([]);
    expect(data(report)['To create']).toBe(0);
    expect(cli.status()).toMatchObject({
      state: 'SUCCESSFUL',
      description: 'No changes. Bitbucket matches the manifest.',
    });

    // One change again: exactly one annotation, none left over from the first run.
    await cli.manifest(MANIFEST_V1.replace('LOG_LEVEL: info', 'LOG_LEVEL: warn'));
    expect((await cli.reconcile('--report')).code).toBe(0);
    expect(cli.report().annotations.map((a) => [a.line, a.summary])).toEqual([
      [lineOf(MANIFEST_V1, /LOG_LEVEL/), 'update LOG_LEVEL in api'],
    ]);
    noSecrets(cli, first, clean);
  });

  it('a plan with violations: report and status FAILED, the violating line flagged, exit 1 after publishing', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const manifest = MANIFEST_V2.replace(
      'repositories:\n',
      'policy:\n  protected: [api/production]\n  max_deletes: 1\nrepositories:\n',
    );
    await cli.manifest(manifest);
    const result = await cli.reconcile('--report');
    expect(result.code).toBe(1);
    const report = cli.report();
    expect(report.result).toBe('FAILED');
    expect(data(report)['Policy violations']).toBe(2);
    expect(report.details).toContain('2 policy violations');
    expect(report.details).toContain('the plan deletes 3 variables; policy.max_deletes allows at most 1.');
    const flagged = report.annotations.filter((a) => a.result === 'FAILED');
    expect(flagged).toEqual([
      expect.objectContaining({
        line: lineOf(manifest, /^ {6}production:/),
        severity: 'HIGH',
        summary: 'Policy violation: delete OLD_PROD in api/production',
      }),
    ]);
    expect(cli.status()).toMatchObject({ state: 'FAILED' });
    expect(String(cli.status().description)).toMatch(/^2 policy violations\. Plan: /);
    noSecrets(cli, result);
  });

  it('1,500 changes: 1,000 annotations (the last one sums up the rest), sent 100 per request', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `  K${String(i).padStart(4, '0')}: v${i}\n`).join('');
    const cli = await setup();
    await cli.manifest(`version: 1\nworkspace: acme\nworkspace_variables:\n${many}`);
    const result = await cli.reconcile('--report');
    expect(result.code).toBe(0);
    const report = cli.report();
    expect(report.annotations).toHaveLength(1000);
    expect(report.annotations.slice(0, 999).map((a) => a.line)).toEqual(Array.from({ length: 999 }, (_, i) => i + 4));
    expect(report.annotations[999]).toMatchObject({
      summary: expect.stringMatching(/^… and 501 more changes on 501 more lines, not annotated/),
    });
    expect(report.annotations[999]!.path).toBeUndefined();
    const uploads = cli.sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/annotations'));
    expect(uploads.map((r) => (r.body as unknown[]).length)).toEqual([...Array(9).fill(100), 100]);
  });

  it('without the repository scope: the clear 403 message naming repository, exit 1', async () => {
    const seed = scenarioSeed();
    seed.credentials!.oauthConsumers![0]!.scopes = ['pipeline', 'pipeline:variable'];
    const cli = await setup(seed);
    const result = await cli.reconcile('--report');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\(403\): the credentials lack the scope repository/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a plan that cannot be computed reports FAILED with the reason, so a merge check blocks it (exit 1)', async () => {
    const cli = await setup();
    // Terraform's outputs file is cut short: the plan cannot be computed.
    await writeFile(join(cli.dir, 'config', 'outputs.json'), '{"db_host": {');
    const result = await cli.run(['reconcile', '-c', 'config/bb-vars.yaml', '--report'], {
      env: { BITBUCKET_WORKSPACE: 'acme' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('outputs.json');
    expect(result.stderr).toContain(
      `Published Code Insights report bb-vars on commit ${COMMIT.slice(0, 12)} of acme/api`,
    );
    const report = cli.report();
    expect(report.result).toBe('FAILED');
    expect(report.details).toMatch(/^The plan could not be computed: .*outputs\.json/);
    expect(report.annotations).toEqual([]);
    expect(cli.status()).toMatchObject({ state: 'FAILED', key: 'bb-vars', refname: 'feature/rotate' });
    noSecrets(cli, result);
  });

  it('--report without BITBUCKET_COMMIT says how to provide it, before any request', async () => {
    const cli = await setup();
    const result = await cli.run(['reconcile', '-c', 'config/bb-vars.yaml', '--report'], {
      env: { BITBUCKET_COMMIT: undefined },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--report needs the commit to report on: set BITBUCKET_COMMIT');
    expect(cli.sandbox.requests).toEqual([]);
  });
});
