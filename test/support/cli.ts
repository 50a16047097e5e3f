/**
 * End-to-end harness: a sandbox in this process, the built CLI (dist/bin.mjs) in a child process,
 * talking real HTTP over loopback. Each test gets its own sandbox and temp directory.
 */
import { TEST_FINGERPRINT_KEY } from './seeds.ts';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onTestFinished } from 'vitest';
import { sandboxEnv, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist', 'bin.mjs');

/** The built CLI; without a build, the test that needs it fails (npm test builds first). */
export function builtCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test builds before it tests)`);
  return CLI;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cli {
  sandbox: Sandbox;
  dir: string;
  env: Record<string, string>;
  run(
    args: string[],
    options?: { env?: Record<string, string | undefined>; input?: string; cwd?: string; node?: string },
  ): Promise<RunResult>;
}

/** Starts a sandbox and a temp dir (copy of `fixture` if given), both cleaned up after the test. */
export async function setupCli(options: { sandbox?: SandboxOptions; fixture?: string } = {}): Promise<Cli> {
  const sandbox = await startSandbox(options.sandbox);
  const dir = await mkdtemp(join(tmpdir(), 'bb-vars-e2e-'));
  onTestFinished(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  if (options.fixture) await cp(options.fixture, dir, { recursive: true });
  const env: Record<string, string> = {
    ...sandboxEnv(sandbox),
    BB_VARS_FINGERPRINT_KEY: TEST_FINGERPRINT_KEY,
    BB_VARS_RETRY_BASE_MS: '5',
    BB_VARS_RETRY_MAX_MS: '50',
    DEPLOY_TOKEN: 'e2e-deploy-token',
    CI: 'true',
    NO_COLOR: '1',
  };
  return {
    sandbox,
    dir,
    env,
    run: (args, runOptions = {}) =>
      runCli(args, {
        cwd: runOptions.cwd ?? dir,
        env: { ...env, ...runOptions.env },
        input: runOptions.input,
        node: runOptions.node,
      }),
  };
}

/** Runs the built CLI; `node` picks another Node.js runtime (the version matrix). */
export function runCli(
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string | undefined>;
    input?: string | undefined;
    node?: string | undefined;
  },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    for (const [k, v] of Object.entries(options.env)) if (v !== undefined) env[k] = v;
    const child = spawn(options.node ?? process.execPath, [builtCli(), ...args], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
