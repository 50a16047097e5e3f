/**
 * Policy guard rails (issue 16, `policy:`), end to end with the built CLI against the sandbox:
 * a plan lists violations in every format and exits 1; `--apply` refuses it (exit 1, nothing
 * written) unless `--allow-destructive`. The scenario first applies MANIFEST_V1, then plans
 * MANIFEST_V2, which deletes OLD_WS (workspace), OBSOLETE (api) and OLD_PROD (api/production)
 * and replaces FLAG (api, plain → secured).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { setupCli, type Cli, type RunResult } from '../support/cli.ts';
import {
  MANIFEST_V1,
  MANIFEST_V2,
  outputs,
  SCOPES,
  SECRET_V1,
  SECRETS,
  scenarioSeed,
  api,
  prod,
  ws,
  SCENARIO_ENV,
} from '../support/scenario.ts';

interface PolicyCli extends Cli {
  reconcile(...args: string[]): Promise<RunResult>;
  manifest(text: string): Promise<void>;
  /** Every variable of the scenario's scopes, as `scope KEY=value (secured)`. */
  state(): string[];
}

async function setup(): Promise<PolicyCli> {
  const cli = await setupCli({ sandbox: { seed: scenarioSeed() } });
  Object.assign(cli.env, SCENARIO_ENV);
  await writeFile(join(cli.dir, 'outputs.json'), outputs(SECRET_V1));
  const manifest = (text: string) => writeFile(join(cli.dir, 'bb-vars.yaml'), text);
  await manifest(MANIFEST_V1);
  const state = () =>
    SCOPES.flatMap((scope: ScopeRef) =>
      cli.sandbox.store
        .variables(scope)
        .map((v) => `${JSON.stringify(scope)} ${v.key}=${v.secured ? '(secured)' : v.value}`),
    ).sort();
  return Object.assign(cli, { reconcile: (...args: string[]) => cli.run(['reconcile', ...args]), manifest, state });
}

function withPolicy(manifest: string, policy: string): string {
  return manifest.replace('repositories:\n', `policy:\n${policy}repositories:\n`);
}

function lockKey(body: unknown): boolean {
  const key = (body as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' && key.startsWith('BB_VARS_LOCK');
}

function noSecrets(...results: RunResult[]): void {
  for (const r of results) for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
}

describe('policy guard rails (issue 16)', () => {
  it('a protected workspace: the delete there is a violation in text, markdown and JSON; the plan exits 1', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await cli.manifest(withPolicy(MANIFEST_V2, '  protected: [workspace]\n'));

    const text = await cli.reconcile();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'Policy: 1 violation. `bb-vars reconcile --apply` refuses this plan (nothing is written) unless given --allow-destructive.',
    );
    expect(text.stdout).toContain("  ✗ deletes OLD_WS in workspace, which policy.protected protects ('workspace')");
    expect(text.stderr).toContain("Exit 1: the plan breaks the manifest's policy (1 violation");

    const markdown = await cli.reconcile('--format', 'markdown');
    expect(markdown.code).toBe(1);
    // At the top, before the summary.
    const lines = markdown.stdout.split('\n');
    expect(lines[2]).toMatch(/^> \*\*⛔ Policy: 1 violation\./);
    expect(lines[4]).toBe("> - deletes OLD\\_WS in workspace, which policy.protected protects ('workspace')");
    expect(markdown.stdout.indexOf('⛔')).toBeLessThan(markdown.stdout.indexOf('Plan: '));

    const json = await cli.reconcile('--format', 'json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as { violations: unknown[]; policy: unknown };
    expect(doc.violations).toEqual([
      {
        rule: 'protected',
        scope: 'workspace',
        key: 'OLD_WS',
        message: "deletes OLD_WS in workspace, which policy.protected protects ('workspace')",
      },
    ]);
    expect(doc.policy).toEqual({ protected: ['workspace'] });
    noSecrets(text, markdown, json);
  });

  it('a protected repository covers its deployment: deletes and the replace there are violations', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await cli.manifest(withPolicy(MANIFEST_V2, '  protected: [api]\n'));
    const json = await cli.reconcile('--format', 'json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout) as { violations: Array<{ scope: string; key: string; message: string }> };
    expect(doc.violations.map((v) => `${v.scope} ${v.key}`).sort()).toEqual([
      'api FLAG',
      'api OBSOLETE',
      'api/production OLD_PROD',
    ]);
    expect(doc.violations.find((v) => v.key === 'FLAG')?.message).toMatch(/^replaces FLAG in api,/);
  });

  it('un-securing a variable in a protected deployment is a violation; the same change unprotected is not', async () => {
    const cli = await setup();
    const secured = MANIFEST_V1.replace('URL: { from: infra.url }', 'URL: { from: infra.url, secured: true }');
    await cli.manifest(secured);
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const open = MANIFEST_V1.replace('URL: { from: infra.url }', 'URL: { from: infra.url, secured: false }');
    await cli.manifest(open);
    const unprotected = await cli.reconcile('--detailed-exitcode');
    expect(unprotected.code).toBe(2);
    expect(unprotected.stdout).not.toContain('Policy:');
    await cli.manifest(withPolicy(open, '  protected: [api/production]\n'));
    const text = await cli.reconcile();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "  ✗ un-secures URL in api/production, which policy.protected protects ('api/production')",
    );
  });

  it('max_deletes: more deletes than allowed is one violation; at the limit there is none', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await cli.manifest(withPolicy(MANIFEST_V2, '  max_deletes: 2\n'));
    const over = await cli.reconcile('--format', 'json');
    expect(over.code).toBe(1);
    expect(JSON.parse(over.stdout).violations).toEqual([
      { rule: 'max_deletes', scope: '*', message: 'the plan deletes 3 variables; policy.max_deletes allows at most 2' },
    ]);
    await cli.manifest(withPolicy(MANIFEST_V2, '  max_deletes: 3\n'));
    const at = await cli.reconcile('--format', 'json', '--detailed-exitcode');
    expect(at.code).toBe(2);
    expect(JSON.parse(at.stdout).violations).toEqual([]);
  });

  it('--apply refuses a plan with violations (exit 1, nothing written), then applies it with --allow-destructive', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await cli.manifest(withPolicy(MANIFEST_V2, '  protected: [api/production]\n  max_deletes: 1\n'));
    const before = cli.state();
    const seen = cli.sandbox.requests.length;

    const refused = await cli.reconcile('--apply');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "Refusing to apply: the plan breaks the manifest's policy (2 violations, listed with the plan). Nothing was written.",
    );
    expect(refused.stderr).toContain('--allow-destructive');
    expect(refused.stdout).toContain('  ✗ deletes OLD_PROD in api/production');
    expect(cli.state()).toEqual(before);
    // No create or update was sent (deletes would show in the state above); an apply's lock is its own.
    const writes = cli.sandbox.requests
      .slice(seen)
      .filter((r) => (r.method === 'POST' || r.method === 'PUT') && !lockKey(r.body));
    expect(writes).toEqual([]);

    // The same refusal for a saved plan.
    const saved = await cli.reconcile('--format', 'json', '--out', 'plan.json');
    expect(saved.code).toBe(1);
    const refusedSaved = await cli.reconcile('--apply', '--plan', 'plan.json');
    expect(refusedSaved.code).toBe(1);
    expect(refusedSaved.stderr).toContain('Refusing to apply');
    expect(cli.state()).toEqual(before);

    const allowed = await cli.reconcile('--apply', '--allow-destructive');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain("Applying although the plan breaks the manifest's policy (2 violations");
    expect(cli.sandbox.store.variable(prod, 'OLD_PROD')).toBeUndefined();
    expect(cli.sandbox.store.variable(api, 'OBSOLETE')).toBeUndefined();
    expect(cli.sandbox.store.variable(ws, 'OLD_WS')).toBeUndefined();
    noSecrets(refused, saved, refusedSaved, allowed);
  });

  it('--allow-destructive without --apply is a usage error', async () => {
    const cli = await setup();
    const result = await cli.reconcile('--allow-destructive');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--allow-destructive');
    expect(result.stderr).toContain('needs --apply');
  });
});
