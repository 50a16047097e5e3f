/**
 * The 120,000-character budget per pipeline step (issue 14), end to end: a plan counts the live
 * variables the manifest does not manage, fails above the limit naming the biggest, and an apply
 * of it writes nothing. `validate` sees only the declared part.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import { ROOT, setupCli } from '../support/cli.ts';
import { lockOnly, writesOf } from '../support/lock.ts';
import { e2eEnv, e2eSeed } from '../support/seeds.ts';

describe('size budget per pipeline step', () => {
  it('a plan counts unmanaged live variables, fails above the limit naming the biggest, and apply writes nothing', async () => {
    const seed = e2eSeed();
    seed.workspaces.acme!.repositories!.api!.variables!.push({ key: 'HAND_MADE_BLOB', value: 'b'.repeat(70_000) });
    const cli = await setupCli({ sandbox: { seed }, fixture: join(ROOT, 'test/e2e/fixtures/basic') });
    Object.assign(cli.env, e2eEnv());
    const manifest = join(cli.dir, 'bb-vars.yaml');
    const text = await readFile(manifest, 'utf8');
    await writeFile(
      manifest,
      text.replace('      LOG_LEVEL: info\n', `      LOG_LEVEL: info\n      BIG: ${'m'.repeat(55_000)}\n`),
    );

    // Declared alone, the manifest fits.
    const validate = await cli.run(['validate']);
    assert.strictEqual(validate.code, 0, validate.stderr);
    expect(validate.stderr).not.toMatch(/characters/);

    const plan = await cli.run(['reconcile']);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(
      /Warning: variables reaching a step of repository api total 125,\d{3} characters; Bitbucket allows 120,000; biggest: HAND_MADE_BLOB in repository api \(70,014\), BIG in repository api \(55,003\)/,
    );
    expect(plan.stdout).toMatch(/step of deployment api\/production total 12\d,\d{3} characters/);
    expect(plan.stderr).toMatch(/Error: 3 pipeline steps would see more than Bitbucket's 120,000 characters/);

    const json = await cli.run(['reconcile', '--format', 'json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { warnings: string[] }).warnings.join('\n')).toMatch(/HAND_MADE_BLOB/);

    const before = cli.sandbox.requests.length;
    const apply = await cli.run(['reconcile', '--apply']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/Not applying: after this apply, pipeline steps would see more than/);
    // Only the apply lock was taken and released.
    expect(writesOf(cli.sandbox, cli.sandbox.requests[before - 1]?.seq ?? 0)).toEqual(lockOnly('api'));

    // Without the hand-made blob, the same manifest applies.
    cli.sandbox.store.deleteVariable({ type: 'repository', workspace: 'acme', repository: 'api' }, 'HAND_MADE_BLOB');
    const fits = await cli.run(['reconcile', '--apply']);
    assert.strictEqual(fits.code, 0, fits.stdout + fits.stderr);
  });
});
