/**
 * Reliability harness: runs bb-vars in-process through `main()` with captured streams (so fault
 * loops stay fast), checks convergence against the sandbox store, scans output for secrets, and
 * records figures for scripts/reliability-report.mjs.
 */
import { TEST_FINGERPRINT_KEY } from './seeds.ts';
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, onTestFinished } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { builtCli, type RunResult } from './cli.ts';
import { captureIO } from './files.ts';
import { sandboxEnv, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';
import {
  API_KEY,
  CLIENT_ID,
  CLIENT_SECRET,
  EXPECTED,
  MANIFEST_V1,
  MANIFEST_V2,
  outputs,
  SCOPE_BY_NAME,
  scenarioSeed,
  SECRET_V1,
  SECRET_V2,
  SECRETS,
  STAGING_TOKEN,
  UNMANAGED,
} from './scenario.ts';

export type { RunResult } from './cli.ts';

/** Runs `bb-vars <args>` in this process. An exception escaping `main` is a crash: code -1. */
export async function runInProcess(args: string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  const io = captureIO(cwd, env);
  let code: number;
  let crash = '';
  try {
    code = await main(args, io);
  } catch (error) {
    code = -1;
    crash = `CRASH: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }
  // Let the streams deliver what was written.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: io.out(), stderr: io.err() + crash };
}

/** A sandbox seeded with the scenario plus a temp dir holding a manifest and outputs. */
export interface World {
  sandbox: Sandbox;
  dir: string;
  env: Record<string, string>;
  results: RunResult[];
  run(...args: string[]): Promise<RunResult>;
  write(manifest: string, secret: string): Promise<void>;
}

export async function startWorld(options: SandboxOptions = {}, extraEnv: Record<string, string> = {}): Promise<World> {
  const sandbox = await startSandbox({ seed: scenarioSeed(), ...options });
  const dir = await mkdtemp(join(tmpdir(), 'bb-vars-rel-'));
  onTestFinished(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });
  const env: Record<string, string> = {
    ...sandboxEnv(sandbox),
    BB_VARS_FINGERPRINT_KEY: TEST_FINGERPRINT_KEY,
    BITBUCKET_CLIENT_ID: CLIENT_ID,
    BITBUCKET_CLIENT_SECRET: CLIENT_SECRET,
    API_KEY,
    STAGING_TOKEN,
    BB_VARS_RETRY_BASE_MS: '2',
    BB_VARS_RETRY_MAX_MS: '20',
    CI: 'true',
    NO_COLOR: '1',
    ...extraEnv,
  };
  const results: RunResult[] = [];
  const world: World = {
    sandbox,
    dir,
    env,
    results,
    async run(...args) {
      const r = await runInProcess(args, dir, env);
      results.push(r);
      return r;
    },
    async write(manifest, secret) {
      await writeFile(join(dir, 'bb-vars.yaml'), manifest);
      await writeFile(join(dir, 'outputs.json'), outputs(secret));
    },
  };
  return world;
}

/** A world where the BEFORE manifest has been applied cleanly and AFTER is on disk, ready to apply. */
export async function preparedWorld(
  options: Omit<SandboxOptions, 'seed'> = {},
  extraEnv: Record<string, string> = {},
): Promise<World> {
  const world = await startWorld(options, extraEnv);
  await world.write(MANIFEST_V1, SECRET_V1);
  const first = await world.run('reconcile', '--apply');
  assert.strictEqual(first.code, 0, first.stderr);
  await world.write(MANIFEST_V2, SECRET_V2);
  return world;
}

/** Problems with the store after AFTER should have converged; empty when all is well. */
export function convergenceProblems(sandbox: Sandbox, expected = EXPECTED): string[] {
  const problems: string[] = [];
  for (const [name, scope] of Object.entries(SCOPE_BY_NAME)) {
    const vars = sandbox.store.variables(scope);
    const keys = vars.map((v) => v.key);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dupes.length > 0) problems.push(`${name}: duplicate keys ${dupes.join(', ')}`);
    const want = { ...expected[name], ...UNMANAGED[name] };
    for (const [key, exp] of Object.entries(want)) {
      const got = vars.find((v) => v.key === key);
      if (!got) problems.push(`${name}: ${key} missing`);
      // Values are compared, never printed: they may be secrets.
      else if (got.value !== exp.value || got.secured !== exp.secured)
        problems.push(`${name}: ${key} differs (secured ${got.secured}, expected ${exp.secured})`);
    }
    const own = ['BB_VARS_STATE', ...(name === 'api' ? ['BB_VARS_INVENTORY'] : [])];
    for (const key of keys) if (!(key in want) && !own.includes(key)) problems.push(`${name}: unexpected ${key}`);
    const record = vars.find((v) => v.key === 'BB_VARS_STATE');
    if (record?.secured) problems.push(`${name}: bookkeeping is secured`);
    if (record && SECRETS.some((s) => record.value.includes(s))) problems.push(`${name}: bookkeeping holds a secret`);
  }
  // The inventory, in the home repository (api: the first declared), lists where records are.
  const inventory = sandbox.store.variable(SCOPE_BY_NAME.api!, 'BB_VARS_INVENTORY');
  const listed = inventory ? (JSON.parse(inventory.value) as { r?: unknown; w?: unknown }) : undefined;
  if (JSON.stringify([listed?.r, listed?.w]) !== JSON.stringify([['api', 'web'], 1]))
    problems.push(`api: BB_VARS_INVENTORY does not list api, web and the workspace`);
  const envs = sandbox.store.environments('acme', 'api').map((e) => e.name);
  if (envs.filter((e) => e === 'staging').length !== 1) problems.push(`environments: ${envs.join(', ')}`);
  return problems;
}

/** Secrets found in the given texts, as `<which secret> in <where>` (the secret itself never printed). */
export function findLeaks(
  texts: Record<string, string>,
  secrets: readonly string[] = [...SECRETS, SECRET_V1],
): string[] {
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    secrets.forEach((s, i) => {
      if (text.includes(s)) leaks.push(`secret #${i} in ${where}`);
    });
  }
  return leaks;
}

export function leaksInResults(results: readonly RunResult[], secrets?: readonly string[]): string[] {
  return results.flatMap((r, i) =>
    findLeaks({ [`run ${i} stdout`]: r.stdout, [`run ${i} stderr`]: r.stderr }, secrets),
  );
}

/** A crash is an exit code outside 0/1/2, or a stack trace / "unexpected failure" on stderr. */
export function isCrash(r: RunResult): boolean {
  return (
    ![0, 1, 2].includes(r.code) ||
    /\n\s+at .+:\d+:\d+\)?/.test(r.stderr) ||
    /unexpected failure|This is a bug/i.test(r.stderr)
  );
}

/** Figures one test file contributes to the reliability report. */
export interface Figures {
  scenarios: number;
  faultsInjected: number;
  maxRunsToConverge: number;
  leaks: number;
  crashes: number;
  notes?: string[];
}

/** Figures at zero, for a test file to add to. */
export function noFigures(): Figures & { notes: string[] } {
  return { scenarios: 0, faultsInjected: 0, maxRunsToConverge: 0, leaks: 0, crashes: 0, notes: [] };
}

/** Adds the leaks and crashes of `results` to `figures`, then asserts there was no leak. */
export function tallyRuns(figures: Figures, results: readonly RunResult[], label?: string): void {
  const leaks = leaksInResults(results);
  figures.leaks += leaks.length;
  figures.crashes += results.filter(isCrash).length;
  assert.deepEqual(leaks, [], label);
}

/**
 * Appends `figures` under `suite` to the JSON-lines file named by BB_VARS_RELIABILITY_SUMMARY
 * (set by scripts/reliability-report.mjs); a no-op otherwise.
 */
export function recordFigures(suite: string, figures: Figures): void {
  const file = process.env.BB_VARS_RELIABILITY_SUMMARY;
  if (!file) return;
  appendFileSync(file, JSON.stringify({ suite, ...figures }) + '\n');
}

/** Mutations (POST/PUT/DELETE) the sandbox saw, in arrival order. */
export function mutations(sandbox: Sandbox) {
  return sandbox.requests.filter((r) => r.method !== 'GET');
}

/** Spawns the built CLI and SIGKILLs it as soon as the sandbox has received mutation `position`. */
export function spawnAndKillAt(
  world: Pick<World, 'sandbox' | 'dir' | 'env'>,
  position: number,
): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const base = mutations(world.sandbox).length;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [builtCli(), 'reconcile', '--apply'], {
      cwd: world.dir,
      env: { PATH: process.env.PATH, HOME: join(world.dir, 'home'), ...world.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setInterval(() => {
      if (mutations(world.sandbox).length - base >= position) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 1);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearInterval(timer);
      resolvePromise({ signal, stdout, stderr });
    });
  });
}
