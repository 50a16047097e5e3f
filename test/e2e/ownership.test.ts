/**
 * Ownership you can trust (issue 12), end to end against the sandbox with the built CLI: each test
 * drives one reproduction from the issue and asserts on what a user sees (output, exit code) and
 * on the sandbox's state.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { ROOT, setupCli, type Cli, type RunResult } from '../support/cli.ts';
import { e2eEnv, e2eSeed, SECRETS } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const production: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'production' };

/** A second, read-only OAuth consumer: a least-privilege setup plans with it and applies with the other. */
const READER = { clientId: 'bb-vars-reader', clientSecret: 'reader-secret-8Jd2kQ' };

async function setup(): Promise<Cli & { reconcile(...args: string[]): Promise<RunResult>; manifest: string }> {
  const seed = e2eSeed();
  seed.credentials!.oauthConsumers!.push({ ...READER, scopes: ['pipeline', 'repository'] });
  const cli = await setupCli({ sandbox: { seed }, fixture: FIXTURE });
  Object.assign(cli.env, e2eEnv());
  return Object.assign(cli, {
    manifest: join(cli.dir, 'bb-vars.yaml'),
    reconcile: (...args: string[]) => cli.run(['reconcile', ...args]),
  });
}

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const before = await readFile(path, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(path, after);
}

function noSecrets(...results: RunResult[]): void {
  for (const r of results) for (const secret of SECRETS) expect(r.stdout + r.stderr).not.toContain(secret);
}

describe('records are authenticated (issue 12, item 3)', () => {
  it('a hand-written BB_VARS_STATE listing a hand-made variable never gets it deleted; the plan warns in every format', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const store = cli.sandbox.store;
    // Someone with edit rights on the repository writes a record of their own (a v2 shape, any key id).
    store.setVariable(api, { key: 'HAND_MADE_TARGET', value: 'precious' });
    const forged = {
      v: 2,
      k: 'AAAAAAAA',
      m: { HAND_MADE_TARGET: '', UNMANAGED: '', LOG_LEVEL: '' },
      h: 'AAAAAAAAAAAAAAAAAAAAAA',
    };
    store.setVariable(api, { key: 'BB_VARS_STATE', value: JSON.stringify(forged) });

    const text = await cli.reconcile();
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Warning: repository api: BB_VARS_STATE is not trusted/);
    expect(text.stdout).not.toMatch(/- .*HAND_MADE_TARGET/);
    const json = await cli.reconcile('--format', 'json');
    expect(JSON.parse(json.stdout).warnings.join('\n')).toMatch(/repository api: BB_VARS_STATE is not trusted/);
    const markdown = await cli.reconcile('--format', 'markdown');
    expect(markdown.stdout).toMatch(/⚠️ repository api: BB\\_VARS\\_STATE is not trusted/);

    const apply = await cli.reconcile('--apply');
    expect(apply.code).toBe(0);
    expect(store.variable(api, 'HAND_MADE_TARGET')?.value).toBe('precious');
    expect(store.variable(api, 'UNMANAGED')?.value).toBe('keep-me');
    // The record was rewritten, authentic again: the next plan is quiet and still deletes nothing.
    const record = JSON.parse(store.variable(api, 'BB_VARS_STATE')!.value) as { m: Record<string, string> };
    expect(Object.keys(record.m)).not.toContain('HAND_MADE_TARGET');
    const again = await cli.reconcile('--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Warning/);
    noSecrets(text, json, markdown, apply, again);
  });

  it('a genuine record copied into another scope is not trusted there', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const store = cli.sandbox.store;
    // The repository's authentic record, listing DB_HOST among others, copied into production,
    // where a hand-made DB_HOST lives: if trusted, the copy would make bb-vars delete it.
    store.setVariable(production, { key: 'DB_HOST', value: 'hand-made' });
    store.setVariable(production, { key: 'BB_VARS_STATE', value: store.variable(api, 'BB_VARS_STATE')!.value });
    const apply = await cli.reconcile('--apply');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/deployment api\/production: BB_VARS_STATE is not trusted/);
    expect(store.variable(production, 'DB_HOST')?.value).toBe('hand-made');
  });
});

describe('records that block or would be dropped (issue 12, item 7)', () => {
  it('a secured BB_VARS_STATE does not block apply: it is replaced by a plain record', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const store = cli.sandbox.store;
    const value = store.variable(api, 'BB_VARS_STATE')!.value;
    store.deleteVariable(api, 'BB_VARS_STATE');
    store.setVariable(api, { key: 'BB_VARS_STATE', value, secured: true });

    const plan = await cli.reconcile();
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/BB_VARS_STATE is secured.*Apply replaces it/);
    const apply = await cli.reconcile('--apply');
    assert.strictEqual(apply.code, 0, apply.stdout + apply.stderr);
    expect(store.variable(api, 'BB_VARS_STATE')?.secured).toBe(false);
    const again = await cli.reconcile('--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Warning/);
  });

  it('a record of a newer format is refused with "upgrade bb-vars" (exit 1) and never rewritten', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const store = cli.sandbox.store;
    const newer = '{"v":3,"k":"x","m":{"LOG_LEVEL":""},"future":true}';
    store.setVariable(api, { key: 'BB_VARS_STATE', value: newer });
    for (const args of [[], ['--apply']]) {
      const run = await cli.reconcile(...args);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/BB_VARS_STATE was written by a newer bb-vars \(record format 3.*Upgrade bb-vars/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(store.variable(api, 'BB_VARS_STATE')?.value).toBe(newer);
  });
});

describe('BB_VARS_FINGERPRINT_KEY (issue 12, item 9)', () => {
  it('is required, and a weak key is refused with how to make one (exit 1, the key never echoed)', async () => {
    const cli = await setup();
    const missing = await cli.run(['reconcile'], { env: { BB_VARS_FINGERPRINT_KEY: undefined } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/BB_VARS_FINGERPRINT_KEY is not set.*openssl rand -base64 32/s);
    const weak = await cli.run(['reconcile', '--apply'], { env: { BB_VARS_FINGERPRINT_KEY: 'dog' } });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/BB_VARS_FINGERPRINT_KEY is too short.*openssl rand -base64 32/s);
    expect(weak.stderr).not.toMatch(/\bdog\b/);
    const importing = await cli.run(['import', '--repo', 'api', '-o', 'imported.yaml'], {
      env: { BB_VARS_FINGERPRINT_KEY: undefined },
    });
    expect(importing.code).toBe(1);
    expect(importing.stderr).toMatch(/BB_VARS_FINGERPRINT_KEY is not set/);
    // Nothing was written.
    expect(cli.sandbox.store.variable(api, 'BB_VARS_STATE')).toBeUndefined();
  });

  it('plans and applies made with different credentials agree: no secured value "rewritten once"', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    // A read-only credential plans: the key no longer comes from the credential.
    const reader = await cli.run(['reconcile', '--detailed-exitcode'], {
      env: { BITBUCKET_CLIENT_ID: READER.clientId, BITBUCKET_CLIENT_SECRET: READER.clientSecret },
    });
    expect(reader.stdout + reader.stderr).not.toMatch(/rewriting once/);
    assert.strictEqual(reader.code, 0, reader.stdout + reader.stderr);
    expect(reader.stdout).toContain('No changes');
  });

  it('rotation: with the old key as BB_VARS_FINGERPRINT_KEY_PREVIOUS nothing is rewritten; without it the reason names the key', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    const oldKey = cli.env.BB_VARS_FINGERPRINT_KEY!;
    const newKey = 'rotated-key-4Hq8ZpL2vX9mT6bN1cR7wY3s';
    const without = await cli.run(['reconcile'], { env: { BB_VARS_FINGERPRINT_KEY: newKey } });
    expect(without.stdout).toMatch(
      /API_KEY = \(secured\)\s+# the record was written with another BB_VARS_FINGERPRINT_KEY, rewriting once/,
    );
    const rotating = await cli.run(['reconcile', '--apply'], {
      env: { BB_VARS_FINGERPRINT_KEY: newKey, BB_VARS_FINGERPRINT_KEY_PREVIOUS: oldKey },
    });
    assert.strictEqual(rotating.code, 0, rotating.stdout + rotating.stderr);
    expect(rotating.stdout).toMatch(/0 created, 0 updated, 0 replaced, 0 deleted, 0 failed/);
    const after = await cli.run(['reconcile', '--detailed-exitcode'], { env: { BB_VARS_FINGERPRINT_KEY: newKey } });
    assert.strictEqual(after.code, 0, after.stdout);
    noSecrets(without, rotating, after);
  });
});

describe('forgetting `secured: true` (issue 12, item 6)', () => {
  it('a live secured variable declared without `secured` stays secured and its value is never shown; `secured: false` makes it plain', async () => {
    const cli = await setup();
    // LEGACY_SECRET is secured in Bitbucket; the manifest now declares it from the environment, without `secured`.
    await edit(cli.manifest, (text) =>
      text.replace('      LOG_LEVEL: info\n', '      LOG_LEVEL: info\n      LEGACY_SECRET: { env: NEW_LEGACY }\n'),
    );
    const env = { NEW_LEGACY: 'npm_abcdef123-visible' };
    const plans = [
      await cli.run(['reconcile'], { env }),
      await cli.run(['reconcile', '--format', 'markdown'], { env }),
      await cli.run(['reconcile', '--format', 'json'], { env }),
    ];
    for (const plan of plans) {
      assert.strictEqual(plan.code, 0, plan.stderr);
      expect(plan.stdout + plan.stderr).not.toContain('npm_abcdef123-visible');
    }
    expect(plans[0]!.stdout).toMatch(/~ LEGACY_SECRET = \(secured\)/);
    const apply = await cli.run(['reconcile', '--apply'], { env });
    assert.strictEqual(apply.code, 0, apply.stdout + apply.stderr);
    expect(apply.stdout + apply.stderr).not.toContain('npm_abcdef123-visible');
    expect(cli.sandbox.store.variable(api, 'LEGACY_SECRET')).toMatchObject({
      secured: true,
      value: 'npm_abcdef123-visible',
    });

    await edit(cli.manifest, (text) => text.replace('{ env: NEW_LEGACY }', '{ env: NEW_LEGACY, secured: false }'));
    const plain = await cli.run(['reconcile'], { env });
    expect(plain.stdout).toMatch(/-\/\+ LEGACY_SECRET.*secured → plain/);
    expect((await cli.run(['reconcile', '--apply'], { env })).code).toBe(0);
    expect(cli.sandbox.store.variable(api, 'LEGACY_SECRET')).toMatchObject({
      secured: false,
      value: 'npm_abcdef123-visible',
    });
  });
});

describe('case-only rename of a deployment (issue 12, item 2)', () => {
  it('production → Production keeps its variables', async () => {
    const cli = await setup();
    expect((await cli.reconcile('--apply')).code).toBe(0);
    await edit(cli.manifest, (text) => text.replace('      production:\n', '      Production:\n'));
    const plan = await cli.reconcile();
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toMatch(/- .*URL/);
    const apply = await cli.reconcile('--apply');
    assert.strictEqual(apply.code, 0, apply.stdout + apply.stderr);
    expect(cli.sandbox.store.variable(production, 'URL')?.value).toBe('https://api.example');
    const again = await cli.reconcile('--detailed-exitcode');
    assert.strictEqual(again.code, 0, again.stdout);
    expect(cli.sandbox.store.variable(production, 'URL')?.value).toBe('https://api.example');
  });
});
