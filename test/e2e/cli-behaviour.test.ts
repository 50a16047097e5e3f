/**
 * The CLI as a Terraform or GitHub-CLI user expects it to behave: arguments it does not take are
 * refused, near misses get a did-you-mean, closed or full outputs never crash it, a missing
 * permission is reported once, Ctrl-C stops cleanly, and a plan says what it checked.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScopeRef } from '../../src/core/types.ts';
import { builtCli, ROOT, setupCli, type Cli } from '../support/cli.ts';
import { e2eEnv, e2eSeed } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');
const api: ScopeRef = { type: 'repository', workspace: 'acme', repository: 'api' };
const staging: ScopeRef = { type: 'deployment', workspace: 'acme', repository: 'api', environment: 'staging' };
/** A line of a stack trace. */
const STACK = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

async function setup(seed = e2eSeed()): Promise<Cli> {
  const cli = await setupCli({ sandbox: { seed }, fixture: FIXTURE });
  Object.assign(cli.env, e2eEnv());
  return cli;
}

const mutations = (cli: Cli) => cli.sandbox.requests.filter((r) => r.method !== 'GET' && !r.path.includes('oauth2'));

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns the built CLI with its stdout on `stdout` ('pipe' or a file descriptor). `onStdout` and
 * `onTick` (every few ms) may act on the child: close its output, send it a signal.
 */
function spawnCli(
  cli: Cli,
  args: string[],
  options: {
    stdout?: 'pipe' | number;
    onStdout?: (child: ReturnType<typeof spawn>) => void;
    onTick?: (child: ReturnType<typeof spawn>, stderr: string) => boolean;
  } = {},
): Promise<Spawned> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [builtCli(), ...args], {
      cwd: cli.dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...cli.env },
      stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      options.onStdout?.(child);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = options.onTick
      ? setInterval(() => {
          if (options.onTick!(child, stderr)) clearInterval(timer);
        }, 5)
      : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

describe('arguments', () => {
  it('validate takes the manifest as a positional path, and checks that file', async () => {
    const cli = await setup();
    await mkdir(join(cli.dir, 'ci'));
    await writeFile(
      join(cli.dir, 'ci', 'bb-vars.yaml'),
      'version: 1\nworkspace: acme\nrepositories:\n  api:\n    variables:\n      bad-key: x\n',
    );
    const broken = await cli.run(['validate', 'ci/bb-vars.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('ci/bb-vars.yaml');
    expect(broken.stdout).not.toContain('is valid');
    const good = await cli.run(['validate', 'bb-vars.yaml']);
    expect(good.stdout).toContain('bb-vars.yaml is valid.');
    expect(good.code).toBe(0);
  });

  it.each([
    [['validate', 'a.yaml', 'b.yaml'], /Unexpected argument 'b\.yaml': bb-vars validate takes at most 1 argument/],
    [['reconcile', 'apply'], /Unexpected argument 'apply': bb-vars reconcile takes no arguments/],
    [['schema', 'out.json'], /Unexpected argument 'out\.json': bb-vars schema takes no arguments/],
    [['sandbox', '8080'], /Unexpected argument '8080': bb-vars sandbox takes no arguments/],
  ])('%j is refused: an argument the command does not take', async (args, message) => {
    const cli = await setup();
    const r = await cli.run(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('plan and apply point to reconcile; unknown flags and commands get a did-you-mean', async () => {
    const cli = await setup();
    const plan = await cli.run(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("run 'bb-vars reconcile'");
    const apply = await cli.run(['apply']);
    expect(apply.stderr).toContain("run 'bb-vars reconcile --apply'");
    const flag = await cli.run(['reconcile', '--detailed-exit-code']);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain("Unknown option '--detailed-exit-code'. Did you mean '--detailed-exitcode'?");
    const command = await cli.run(['reconcil']);
    expect(command.stderr).toContain("Did you mean 'reconcile'?");
    // Nothing was read or written for any of them.
    expect(cli.sandbox.requests).toEqual([]);
  });

  it('reconcile --help lists the credential variables and the exit codes', async () => {
    const cli = await setup();
    const help = await cli.run(['reconcile', '--help']);
    expect(help.code).toBe(0);
    for (const name of [
      'BITBUCKET_CLIENT_ID',
      'BITBUCKET_CLIENT_SECRET',
      'BITBUCKET_ACCESS_TOKEN',
      'BITBUCKET_USERNAME',
      'BITBUCKET_API_TOKEN',
      'BB_VARS_FINGERPRINT_KEY',
    ]) {
      expect(help.stdout).toContain(name);
    }
    expect(help.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*changes pending.*\n {2}130 .*interrupted/);
  });
});

describe('what a plan says it checked', () => {
  it('a plan limited by --target names the targeted scopes instead of the whole manifest', async () => {
    const cli = await setup();
    expect((await cli.run(['reconcile', '--apply', '--target', 'workspace'])).code).toBe(0);
    const targeted = await cli.run(['reconcile', '--target', 'workspace']);
    expect(targeted.code).toBe(0);
    expect(targeted.stdout).not.toContain('Bitbucket matches the manifest');
    expect(targeted.stdout).toContain(
      'No changes in the targeted scopes (workspace): they match the manifest. Other scopes were not checked.',
    );
    const markdown = await cli.run(['reconcile', '--target', 'workspace', '--format', 'markdown']);
    expect(markdown.stdout).toContain('No changes in the targeted scopes (workspace)');
  });
});

describe('messages that name the cause', () => {
  it('a workspace typo is reported as the workspace, not as a missing repository', async () => {
    const cli = await setup();
    const manifest = join(cli.dir, 'bb-vars.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('workspace: acme', 'workspace: acmee'));
    const r = await cli.run(['reconcile']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Workspace 'acmee' not found, or these credentials cannot see it. Did you mean 'acme' (BITBUCKET_WORKSPACE)?",
    );
    expect(r.stderr).not.toMatch(/Repository acmee\/api/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('closed and failing outputs', () => {
  it('an apply whose stdout is closed early (| head) finishes, with no stack trace, and exits 0', async () => {
    const cli = await setup();
    // The first write is held a moment, so the summary comes well after the reader has gone.
    cli.sandbox.setFaults({ mutationsOnly: true, at: { 1: 'slow' }, slowMs: 500 });
    const r = await spawnCli(cli, ['reconcile', '--apply'], { onStdout: (child) => child.stdout?.destroy() });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toContain('Error');
    expect(r.code).toBe(0);
    expect(cli.sandbox.store.variable(api, 'LOG_LEVEL')?.value).toBe('info');
    expect(cli.sandbox.store.variable(staging, 'URL')?.value).toBe('https://staging.example');
  });

  it('a plan larger than the pipe, read by `head`, stops quietly', async () => {
    const cli = await setup();
    // Over the 64 KB pipe buffer, and (bb-vars' record of 4,000 keys included) under the 120K budget of a step.
    const keys = Array.from({ length: 4000 }, (_, i) => `  KEY_${i}: v`);
    await writeFile(
      join(cli.dir, 'bb-vars.yaml'),
      `version: 1\nworkspace: acme\nworkspace_variables:\n${keys.join('\n')}\n`,
    );
    const r = await spawnCli(cli, ['reconcile'], { onStdout: (child) => child.stdout?.destroy() });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });

  it('> /dev/full: a plan fails with one clear message; an apply still applies and exits 0', async () => {
    const cli = await setup();
    const full = openSync('/dev/full', 'w');
    try {
      const plan = await spawnCli(cli, ['reconcile'], { stdout: full });
      expect(plan.stderr).not.toMatch(STACK);
      expect(plan.stderr).toContain('Error: Cannot write the plan to standard output (ENOSPC)');
      expect(plan.code).toBe(1);
      const apply = await spawnCli(cli, ['reconcile', '--apply'], { stdout: full });
      expect(apply.stderr).not.toMatch(STACK);
      expect(apply.code).toBe(0);
      expect(cli.sandbox.store.variable(api, 'LOG_LEVEL')?.value).toBe('info');
    } finally {
      closeSync(full);
    }
  });
});

describe('stopping early', () => {
  it('a credential that may not write variables: one write is tried, the refusal printed once, no re-run suggested', async () => {
    const seed = e2eSeed();
    seed.credentials!.oauthConsumers!.push({
      clientId: 'readonly',
      clientSecret: 'readonly-secret',
      scopes: ['pipeline', 'repository'],
    });
    const cli = await setup(seed);
    const r = await cli.run(['reconcile', '--apply'], {
      env: { BITBUCKET_CLIENT_ID: 'readonly', BITBUCKET_CLIENT_SECRET: 'readonly-secret' },
    });
    expect(r.code).toBe(1);
    expect(mutations(cli)).toHaveLength(1);
    const output = r.stdout + r.stderr;
    expect(output.match(/lack the scope/g)).toHaveLength(1);
    // The first write is the inventory in the home repository: refused, so nothing else is tried.
    expect(output).toContain('Bitbucket refused POST /repositories/acme/api/pipelines_config/variables (403)');
    expect(output).toContain('Grant them to the OAuth consumer');
    expect(output).not.toMatch(/again/i);
    expect(output).not.toMatch(STACK);
  });

  it('Ctrl-C during an apply: stops starting work, says what was done and what is left, exits 130; a re-run finishes', async () => {
    const cli = await setup();
    // The first write takes the apply lock, the second is the inventory, the third the scope's
    // intent record (it lists the keys about to be created); the fourth, the first change, is
    // slow: the interrupt lands while it is in flight.
    cli.sandbox.setFaults({ mutationsOnly: true, at: { 4: 'slow' }, slowMs: 1000 });
    const interrupted = await spawnCli(cli, ['reconcile', '--apply', '--concurrency', '1'], {
      onTick: (child) => {
        if (mutations(cli).length < 4) return false;
        child.kill('SIGINT');
        return true;
      },
    });
    expect(interrupted.signal).toBeNull();
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted: finishing the operations in flight, starting no more');
    expect(interrupted.stdout).toMatch(/Interrupted: 1 of 9 changes done, 8 not started\./);
    expect(interrupted.stdout).toContain('Run `bb-vars reconcile --apply` again to finish.');
    expect(interrupted.stderr).not.toMatch(STACK);
    // The lock, the inventory, the intent, the one change in flight, its scope's record, the
    // inventory's settling and the lock's release; nothing else started.
    expect(mutations(cli).length).toBeLessThanOrEqual(7);
    // An interrupted apply releases its lock: the re-run needs no wait.
    expect(cli.sandbox.store.variable(api, 'BB_VARS_LOCK')).toBeUndefined();

    cli.sandbox.setFaults(undefined);
    const rerun = await cli.run(['reconcile', '--apply']);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/Apply complete: .*0 failed\./);
    const plan = await cli.run(['reconcile', '--detailed-exitcode']);
    expect(plan.code).toBe(0);
  });
});

describe('--apply --detailed-exitcode', () => {
  it('exits 0 when everything was applied, as terraform apply does', async () => {
    const cli = await setup();
    const r = await cli.run(['reconcile', '--apply', '--detailed-exitcode']);
    expect(r.stdout).toMatch(/Apply complete/);
    expect(r.code).toBe(0);
  });
});
