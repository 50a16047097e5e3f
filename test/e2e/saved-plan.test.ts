import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { ROOT, setupCli } from '../support/cli.ts';
import { e2eEnv, e2eSeed, SECRETS } from '../support/seeds.ts';
import { lockOnly, writesOf } from '../support/lock.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };

async function setup() {
  const cli = await setupCli({ sandbox: { seed: e2eSeed() }, fixture: FIXTURE });
  Object.assign(cli.env, e2eEnv());
  return cli;
}

describe('saved plans (--out, then --apply --plan)', () => {
  it('applies a fresh saved plan exactly, and the file holds no secret', async () => {
    const cli = await setup();
    const file = join(cli.dir, 'plan.json');
    const plan = await cli.run(['reconcile', '--format', 'json', '--out', file, '--target', 'api']);
    expect(plan.code).toBe(0);
    const text = await readFile(file, 'utf8');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const doc = JSON.parse(text);
    expect(doc.targets).toEqual(['api']);
    expect(doc.live_digest).toMatch(/^hmac-sha256:/);
    expect(doc.changes.find((c: { key: string }) => c.key === 'DB_PASSWORD').after.fingerprint).toMatch(/^[\w-]{22}$/);

    const apply = await cli.run(['reconcile', '--apply', '--plan', file, '--format', 'json']);
    expect(apply.code).toBe(0);
    // stdout stays a JSON document; the apply summary goes to stderr
    expect(JSON.parse(apply.stdout).plan_digest).toBe(doc.plan_digest);
    expect(apply.stderr).toMatch(/Apply complete: 1 environment created, 7 created/);
    expect(cli.sandbox.store.variable(api, 'DB_PASSWORD')?.value).toBe('CANARY-db-pass-7f3a');
    // the saved targets were honoured: workspace variables untouched
    expect(cli.sandbox.store.variable({ type: 'workspace', workspace: 'acme' }, 'REGION')).toBeUndefined();
  });

  it('refuses a plan made stale by a changed source, and by a change in Bitbucket, applying nothing', async () => {
    const cli = await setup();
    const file = join(cli.dir, 'plan.json');
    expect((await cli.run(['reconcile', '--format', 'json', '--out', file])).code).toBe(0);

    const outputs = join(cli.dir, 'outputs.json');
    const original = await readFile(outputs, 'utf8');
    await writeFile(outputs, original.replace('CANARY-db-pass-7f3a', 'CANARY-db-pass-rotated-9'));
    const stale = await cli.run(['reconcile', '--apply', '--plan', file]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('is stale');
    expect(stale.stderr).toContain('api DB_PASSWORD');
    expect(stale.stderr).not.toContain('CANARY');
    // The drift check runs under the apply lock: taking and releasing it are the only writes.
    expect(writesOf(cli.sandbox)).toEqual(lockOnly('api'));

    await writeFile(outputs, original);
    cli.sandbox.store.setVariable(
      { type: 'repository', workspace: 'acme', repository: 'api' },
      { key: 'SOMEONE_ELSE', value: 'x' },
    );
    const drifted = await cli.run(['reconcile', '--apply', '--plan', file]);
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain('the live variables in Bitbucket changed since the plan was made');
    expect(writesOf(cli.sandbox)).toEqual([...lockOnly('api'), ...lockOnly('api')]);
  });

  it('refuses an edited or foreign plan file with a clear message', async () => {
    const cli = await setup();
    const file = join(cli.dir, 'plan.json');
    await cli.run(['reconcile', '--format', 'json', '--out', file]);
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.changes[0].key = 'TAMPERED';
    await writeFile(file, JSON.stringify(doc));
    const edited = await cli.run(['reconcile', '--apply', '--plan', file]);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/plan\.json/);
    expect(edited.stderr).not.toMatch(/\n\s+at /);
    await writeFile(file, 'not json');
    const garbage = await cli.run(['reconcile', '--apply', '--plan', file]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toContain('not valid JSON');
    const missing = await cli.run(['reconcile', '--plan', file]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--plan applies a saved plan and needs --apply');
  });
});

describe('request budget', () => {
  it('--max-requests stops before reading when even the reads do not fit, and before writing when the writes do not', async () => {
    const cli = await setup();
    const tooSmall = await cli.run(['reconcile', '--max-requests', '3']);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toMatch(/Not starting reading the live variables: it needs about \d+ API requests/);
    expect(cli.sandbox.requests).toEqual([]);

    const readsOnly = await cli.run(['reconcile', '--apply', '--max-requests', '8']);
    expect(readsOnly.code).toBe(1);
    expect(readsOnly.stderr).toMatch(/Not starting the apply \(\d+ writes\)/);
    expect(writesOf(cli.sandbox)).toEqual(lockOnly('api'));
  });
});
