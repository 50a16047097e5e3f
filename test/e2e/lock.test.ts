/**
 * The apply lock (issue 12, item 1), end to end with the built CLI against the sandbox: a held
 * lock makes an apply wait and give up naming its holder, an expired or killed run's lock is taken
 * over, the lock is released on success, failure and interrupt, and it is never planned, pruned or
 * imported. Lease times are set in the past rather than waited for.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { builtCli, ROOT, setupCli, type Cli } from '../support/cli.ts';
import { writesOf } from '../support/lock.ts';
import { e2eEnv, e2eSeed, SECRETS } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const web: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'web' };
const STACK = /\n\s+at .+:\d+:\d+/;

async function setup(): Promise<Cli> {
  const seed = e2eSeed();
  seed.workspaces.acme!.repositories!.web = { variables: [] };
  const cli = await setupCli({ sandbox: { seed }, fixture: FIXTURE });
  Object.assign(cli.env, e2eEnv());
  return cli;
}

/** A lock as another run would have left it. */
function plantLock(cli: Cli, lock: { holder: string; since: Date; lease_seconds?: number }, key = 'BB_VARS_LOCK') {
  const value = JSON.stringify({
    holder: lock.holder,
    since: lock.since.toISOString(),
    lease_seconds: lock.lease_seconds ?? 600,
  });
  cli.sandbox.store.setVariable(api, { key, value });
  return value;
}

/** Every variable of the scopes the fixture touches, keys and values (compared, never printed). */
function snapshot(cli: Cli): string {
  const store = cli.sandbox.store;
  const ws: ScopeRef = { type: 'workspace', workspace: 'acme' };
  return JSON.stringify([ws, api, web].map((scope) => store.variables(scope).map((v) => [v.key, v.value, v.secured])));
}

describe('a held lock', () => {
  it('makes a later apply wait, say who holds it since when, give up with exit 1, and write nothing', async () => {
    const cli = await setup();
    const since = new Date();
    // The holder comes from Bitbucket: a control character in it is shown escaped.
    const planted = plantLock(cli, { holder: 'pipeline build 41 in api \u001b[31m(BITBUCKET_BUILD_NUMBER)', since });
    const before = snapshot(cli);

    const r = await cli.run(['reconcile', '--apply', '--lock-timeout', '1s']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    const holder = 'pipeline build 41 in api \\u001b[31m(BITBUCKET_BUILD_NUMBER)';
    expect(r.stderr).not.toContain('\u001b');
    // Told once, however many times it looked.
    expect(r.stderr.match(/Waiting for the lock/g)).toHaveLength(1);
    expect(r.stderr).toContain(`Waiting for the lock held by ${holder} since ${since.toISOString()}`);
    expect(r.stderr).toContain(
      `Error: Another apply holds the lock: BB_VARS_LOCK in repository api, held by ${holder} since ${since.toISOString()}`,
    );
    expect(r.stderr).toContain('Gave up after waiting 1s (--lock-timeout); nothing was changed.');
    expect(r.stderr).toContain('delete the repository variable BB_VARS_LOCK in repository api');
    // No plan was made: nothing was read for an apply that could not lock.
    expect(r.stdout).toBe('');
    // Only failed attempts to create the lock: every one answered 409, nothing else written.
    const writes = cli.sandbox.requests.filter((q) => q.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    expect(writesOf(cli.sandbox).every((w) => w === 'POST api BB_VARS_LOCK')).toBe(true);
    expect(writes.every((q) => q.status === 409)).toBe(true);
    expect(snapshot(cli)).toBe(before);
    expect(cli.sandbox.store.variable(api, 'BB_VARS_LOCK')?.value).toBe(planted);
  });

  it('--lock-timeout 0 does not wait; plans take no lock, and refuse --lock-timeout', async () => {
    const cli = await setup();
    plantLock(cli, { holder: 'alice@laptop pid 4242', since: new Date() });
    const now = await cli.run(['reconcile', '--apply', '--lock-timeout', '0']);
    expect(now.code).toBe(1);
    expect(now.stderr).not.toContain('Waiting for the lock');
    expect(now.stderr).toContain('held by alice@laptop pid 4242');
    expect(writesOf(cli.sandbox)).toEqual(['POST api BB_VARS_LOCK']);

    const plan = await cli.run(['reconcile', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(writesOf(cli.sandbox)).toEqual(['POST api BB_VARS_LOCK']);

    const misuse = await cli.run(['reconcile', '--lock-timeout', '5m']);
    expect(misuse.code).toBe(1);
    expect(misuse.stderr).toContain('--lock-timeout is for --apply: plans take no lock.');
    const bad = await cli.run(['reconcile', '--apply', '--lock-timeout', '5 minutes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      "--lock-timeout must be a duration such as 30s, 5m or 1h (0: do not wait), got '5 minutes'.",
    );
  });
});

describe('taking over', () => {
  it('an expired lock is taken over, said so, and released at the end', async () => {
    const cli = await setup();
    plantLock(cli, { holder: 'bob@ci-runner pid 77', since: new Date(Date.now() - 3_600_000), lease_seconds: 600 });
    const r = await cli.run(['reconcile', '--apply']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /Taking over the lock held by bob@ci-runner pid 77 since \S+: its lease of 600 s ran out at /,
    );
    expect(r.stdout).toMatch(/Apply complete: 1 environment created, 8 created/);
    expect(cli.sandbox.store.variable(api, 'BB_VARS_LOCK')).toBeUndefined();
    // The takeover deleted the stale lock, then took and released its own.
    expect(writesOf(cli.sandbox).filter((w) => w.startsWith('POST api BB_VARS_LOCK'))).toHaveLength(2);
  });

  it("a killed run's lock stops the next apply until its lease has run out, then is taken over", async () => {
    const cli = await setup();
    // The first change is held, so the run is killed while it holds the lock.
    cli.sandbox.setFaults({ mutationsOnly: true, at: { 3: 'slow' }, slowMs: 20_000 });
    const child = spawn(process.execPath, [builtCli(), 'reconcile', '--apply', '--concurrency', '1'], {
      cwd: cli.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...cli.env },
      stdio: 'ignore',
    });
    const killed = new Promise((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (cli.sandbox.requests.filter((q) => q.method !== 'GET').length < 3) return;
        clearInterval(timer);
        child.kill('SIGKILL');
        resolve();
      }, 5);
    });
    await killed;
    cli.sandbox.setFaults(undefined);
    const left = cli.sandbox.store.variable(api, 'BB_VARS_LOCK');
    expect(left).toBeDefined();
    const lock = JSON.parse(left!.value) as { holder: string; since: string; lease_seconds: number };
    expect(lock.holder).toMatch(new RegExp(`@.+ pid ${child.pid}$`));
    expect(lock.lease_seconds).toBe(600);

    const blocked = await cli.run(['reconcile', '--apply', '--lock-timeout', '0']);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`held by ${lock.holder} since ${lock.since}`);
    expect(blocked.stderr).toContain('When it was killed, the next apply after');

    // The lease runs out (moved into the past rather than waited for).
    const past = new Date(Date.parse(lock.since) - 601_000).toISOString();
    cli.sandbox.store.setVariable(api, { key: 'BB_VARS_LOCK', value: JSON.stringify({ ...lock, since: past }) });
    const after = await cli.run(['reconcile', '--apply']);
    expect(after.code).toBe(0);
    expect(after.stderr).toContain(`Taking over the lock held by ${lock.holder}`);
    expect(cli.sandbox.store.variable(api, 'BB_VARS_LOCK')).toBeUndefined();
    expect((await cli.run(['reconcile', '--detailed-exitcode'])).code).toBe(0);
  });
});

describe('release', () => {
  it('a failed apply releases the lock', async () => {
    const cli = await setup();
    cli.env.BB_VARS_MAX_RETRIES = '0';
    // The lock's POST answers; the intent record's write fails for good.
    cli.sandbox.setFaults({ mutationsOnly: true, at: { 2: '500' } });
    const r = await cli.run(['reconcile', '--apply', '--concurrency', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/failed|Error/);
    expect(cli.sandbox.store.variable(api, 'BB_VARS_LOCK')).toBeUndefined();
    const w = writesOf(cli.sandbox);
    expect(w[0]).toBe('POST api BB_VARS_LOCK');
    expect(w.at(-1)).toBe('DELETE api variable');
  });
});

describe('the lock is not a variable of the manifest', () => {
  it('never appears in a plan, is never pruned by prune: all, and is never imported', async () => {
    const cli = await setup();
    const manifest = join(cli.dir, 'bb-vars.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('  api:\n', '  api:\n    prune: all\n'));
    // Another manifest's lock lives in the same repository.
    plantLock(cli, { holder: 'carol@desk pid 1', since: new Date() }, 'BB_VARS_LOCK_PLATFORM');

    const apply = await cli.run(['reconcile', '--apply']);
    expect(apply.code).toBe(0);
    // The plan was made while this run held BB_VARS_LOCK in api.
    expect(apply.stdout).not.toContain('BB_VARS_LOCK');
    expect(apply.stdout).toMatch(/- UNMANAGED/);
    expect(cli.sandbox.store.variable(api, 'BB_VARS_LOCK_PLATFORM')).toBeDefined();
    const writes = writesOf(cli.sandbox);
    expect(writes.slice(0, 1)).toEqual(['POST api BB_VARS_LOCK']);
    expect(writes.at(-1)).toBe('DELETE api variable');

    plantLock(cli, { holder: 'dave@desk pid 2', since: new Date() });
    const plan = await cli.run(['reconcile', '--format', 'json']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toContain('BB_VARS_LOCK');

    const imported = await cli.run(['import', '--repo', 'api']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('LOG_LEVEL');
    expect(imported.stdout).not.toContain('BB_VARS_LOCK');
    for (const r of [apply, plan, imported]) for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
  });
});

describe('the home repository', () => {
  it('a manifest of workspace variables only needs home: to apply; with it the lock lives there', async () => {
    const cli = await setup();
    const manifest = join(cli.dir, 'bb-vars.yaml');
    await writeFile(manifest, 'version: 1\nworkspace: acme\nworkspace_variables:\n  REGION: eu-west-1\n');
    expect((await cli.run(['reconcile'])).code).toBe(0);
    const homeless = await cli.run(['reconcile', '--apply']);
    expect(homeless.code).toBe(1);
    expect(homeless.stderr).toContain(
      'Applying needs a home repository, and this manifest declares no repository (nor',
    );
    expect(homeless.stderr).toContain('add `home: <repository slug>`');
    expect(writesOf(cli.sandbox)).toEqual([]);

    await writeFile(manifest, 'version: 1\nworkspace: acme\nhome: web\nworkspace_variables:\n  REGION: eu-west-1\n');
    const homed = await cli.run(['reconcile', '--apply']);
    expect(homed.code).toBe(0);
    expect(homed.stderr).not.toContain('home:');
    expect(writesOf(cli.sandbox)[0]).toBe('POST web BB_VARS_LOCK');
    expect(writesOf(cli.sandbox).at(-1)).toBe('DELETE web variable');
  });

  it('warns when the home is only the first declared repository, and follows $BITBUCKET_REPO_SLUG', async () => {
    const cli = await setup();
    const manifest = join(cli.dir, 'bb-vars.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')) + '  web:\n    variables:\n      FOO: bar\n');
    // Not in a pipeline: no $BITBUCKET_REPO_SLUG (the sandbox's env sets one).
    const plan = await cli.run(['reconcile'], { env: { BITBUCKET_REPO_SLUG: '' } });
    expect(plan.stdout).toContain('Warning: bb-vars keeps its lock and inventory in repository api');
    expect(plan.stdout).toContain('set `home: api` in the manifest');
    const first = await cli.run(['reconcile', '--apply'], { env: { BITBUCKET_REPO_SLUG: '' } });
    expect(first.code).toBe(0);
    expect(first.stdout + first.stderr).toContain('Warning: bb-vars keeps its lock and inventory in repository api');
    expect(writesOf(cli.sandbox)[0]).toBe('POST api BB_VARS_LOCK');

    const seen = cli.sandbox.requests.at(-1)!.seq;
    const pipeline = await cli.run(['reconcile', '--apply'], { env: { BITBUCKET_REPO_SLUG: 'web' } });
    expect(pipeline.code).toBe(0);
    expect(pipeline.stdout + pipeline.stderr).not.toContain('Warning: bb-vars keeps its lock');
    // The lock moved with the home (and so does the inventory, between the two).
    const writes = writesOf(cli.sandbox, seen);
    expect(writes[0]).toBe('POST web BB_VARS_LOCK');
    expect(writes.at(-1)).toBe('DELETE web variable');
    expect(writes.filter((w) => w.includes('BB_VARS_LOCK'))).toEqual(['POST web BB_VARS_LOCK']);
  });
});
