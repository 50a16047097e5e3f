// The README's first command and the shipped examples must keep working.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, setupCli } from '../support/cli.ts';

function runDemo(): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/demo.mjs'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('examples', () => {
  it('npm run demo: plan shows changes, apply makes them, the second plan shows none', async () => {
    const { code, out } = await runDemo();
    expect(code).toBe(0);
    expect(out).toMatch(/Plan: \d+ to create, \d+ to update, 0 to replace, 0 to delete\./);
    expect(out).toContain('+ create environment preview (Test)');
    expect(out).toMatch(
      /Apply complete: 1 environment created, \d+ created, \d+ updated, 0 replaced, 0 deleted, 0 failed\./,
    );
    expect(out).toContain('No changes. Bitbucket matches the manifest.');
    // the example's sensitive outputs never show
    expect(out).not.toContain('d3mo-Pa55w0rd-rotate-me');
    expect(out).not.toContain('n3tw0rk-psk-demo-only');
  });

  it('the root bb-vars.yaml validates offline and plans against the default sandbox', async () => {
    const validate = await runCli(['validate'], { cwd: ROOT, env: {} });
    expect(validate.stderr).toBe('');
    expect(validate.stdout).toContain('bb-vars.yaml is valid.');
    const cli = await setupCli();
    const plan = await cli.run(['reconcile', '--detailed-exitcode'], { cwd: ROOT });
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('repository billing-worker:');
    expect(plan.stdout).not.toContain('d3mo-Pa55w0rd-rotate-me');
  });
});
