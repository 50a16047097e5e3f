// `npm run bench` (after `npm run build`): how frugal and fast bb-vars is on generated workspaces.
// The sandbox runs in this process with injected latency; the CLI runs in a child process and
// talks HTTP to it, as it would to Bitbucket. Every figure printed is measured in this run.
//
//   node bench/run.mjs [--quick] [--sizes 10,30,100] [--latency 50] [--concurrency <n>]
//                      [--no-apply] [--no-memory] [--no-cold-start] [--runs 21] [--json <file>]
//                      [--scale 1000] [--no-scale] [--projects 1000] [--no-projects]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultSeed, peakInFlight, sandboxEnv, startSandbox } from '../dist/lib.mjs';
import { coldStart } from './cold-start.mjs';
import { benchProjects, printProjects } from './projects.mjs';
import { benchScale, printScale } from './scale.mjs';
import { machine, printTable } from './report.mjs';
import { describeWorkspace, expectations, seedFor, writeWorkspace } from './workspace.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const CHILD = join(HERE, 'cli-child.mjs');

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    sizes: { type: 'string' },
    latency: { type: 'string', default: '50' },
    // Unset: bb-vars chooses (8, or more for a small plan's reads); the bound uses what it used.
    concurrency: { type: 'string' },
    'no-apply': { type: 'boolean' },
    'no-memory': { type: 'boolean' },
    'no-cold-start': { type: 'boolean' },
    runs: { type: 'string' },
    json: { type: 'string' },
    // Repositories of the --changed-since / --shard workspace (bench/scale.mjs).
    scale: { type: 'string' },
    'no-scale': { type: 'boolean' },
    // Repositories of the project fan-out (bench/projects.mjs).
    projects: { type: 'string' },
    'no-projects': { type: 'boolean' },
  },
});
const sizes = (opts.sizes ?? (opts.quick ? '10,30,100' : '10,30,100,300,1000')).split(',').map(Number);
const latencyMs = Number(opts.latency);
const concurrency = opts.concurrency === undefined ? undefined : Number(opts.concurrency);
const concurrencyArgs = concurrency === undefined ? [] : ['--concurrency', String(concurrency)];
const credentials = defaultSeed().credentials;

/** Runs the CLI in a child; resolves with its report, stdout and stderr. */
function runCli(args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let report = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.stdio[3].setEncoding('utf8').on('data', (d) => (report += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (!report)
        return reject(new Error(`bb-vars ${args.join(' ')} exited ${code} without a report:\n${stderr.slice(-2000)}`));
      resolve({ ...JSON.parse(report), stdout, stderr });
    });
  });
}

function cliEnv(sandbox) {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...sandboxEnv(sandbox), CI: 'true', NO_COLOR: '1' };
  // Required by every plan; a fixed key for the benchmark's throwaway workspaces.
  env.BB_VARS_FINGERPRINT_KEY = 'bench-only-fingerprint-key-4Jq8Zt2Wm6Rb0Xc';
  env.BITBUCKET_WORKSPACE = 'bench';
  return env;
}

/**
 * What the sandbox saw since `from`: request count, the time from first arrival to last answer,
 * and the concurrency used (most requests in flight at once).
 */
function window(sandbox, from) {
  const log = [...sandbox.tokenRequests.slice(from.token), ...sandbox.requests.slice(from.api)];
  const start = Math.min(...log.map((e) => e.startedMs));
  const end = Math.max(...log.map((e) => e.startedMs + e.durationMs));
  const writes = log.filter((e) => e.method !== 'GET' && !e.path.endsWith('/access_token'));
  return {
    requests: log.length,
    writes: writes.length,
    ms: end - start,
    concurrency: peakInFlight(log),
    writeConcurrency: peakInFlight(writes),
    rateLimited: log.filter((e) => e.status === 429).length,
  };
}

const mark = (sandbox) => ({ token: sandbox.tokenRequests.length, api: sandbox.requests.length });

function expectOk(result, what) {
  const bad = what === 'plan' ? result.code !== 0 && result.code !== 2 : result.code !== 0;
  if (bad)
    throw new Error(
      `${what} failed (exit ${result.code}):\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-2000)}`,
    );
}

/** The CLI's own count, from "Bitbucket API requests for this plan: N". */
const reportedRequests = (stdout) => Number(/Bitbucket API requests for this plan: (\d+)/.exec(stdout)?.[1] ?? NaN);
const planSummary = (stdout) =>
  /Plan: (\d+) to create, (\d+) to update, (\d+) to replace, (\d+) to delete\./.exec(stdout)?.slice(1).map(Number);

async function benchSize(repositories) {
  const ws = describeWorkspace({ repositories });
  const expected = expectations(ws);
  const dir = await mkdtemp(join(tmpdir(), `bb-vars-bench-${repositories}-`));
  const sandbox = await startSandbox({ seed: seedFor(ws, credentials), latencyMs });
  try {
    const { manifest, bytes } = await writeWorkspace(dir, ws);
    const env = cliEnv(sandbox);
    const args = ['reconcile', '-c', manifest, ...concurrencyArgs];

    let from = mark(sandbox);
    const plan = await runCli([...args, '--detailed-exitcode'], { cwd: dir, env });
    expectOk(plan, 'plan');
    const planSeen = window(sandbox, from);
    const summary = planSummary(plan.stdout);
    const planned = summary ? summary[0] + summary[1] + summary[2] * 2 + summary[3] : NaN;
    // requests × latency spread over the concurrency used, and never less than the longest dependent chain.
    const boundMs = Math.max(
      (expected.planRequests * latencyMs) / planSeen.concurrency,
      expected.longestChain * latencyMs,
    );

    const row = {
      repositories,
      scopes: expected.scopes,
      variables: expected.variables,
      manifestBytes: bytes,
      plan: {
        requests: planSeen.requests,
        reported: reportedRequests(plan.stdout),
        lowerBound: expected.planRequests,
        ratio: planSeen.requests / expected.planRequests,
        readMs: planSeen.ms,
        concurrency: planSeen.concurrency,
        boundMs,
        timeRatio: planSeen.ms / boundMs,
        cliMs: plan.elapsedMs,
        maxRssMb: plan.maxRssKb / 1024,
        changes: planned,
        expectedChanges: expected.changes,
      },
    };
    if (!opts['no-apply']) {
      from = mark(sandbox);
      const apply = await runCli([...args, '--apply'], { cwd: dir, env });
      expectOk(apply, 'apply');
      const seen = window(sandbox, from);
      row.apply = {
        requests: seen.requests,
        writes: seen.writes,
        concurrency: seen.writeConcurrency,
        lowerBound: expected.applyRequests,
        ratio: seen.requests / expected.applyRequests,
        ms: seen.ms,
        cliMs: apply.elapsedMs,
      };
      from = mark(sandbox);
      const again = await runCli([...args, '--detailed-exitcode'], { cwd: dir, env });
      if (again.code !== 0)
        throw new Error(
          `plan after apply is not clean (exit ${again.code}):\n${again.stdout.slice(-2000)}${again.stderr.slice(-2000)}`,
        );
      row.replan = { requests: window(sandbox, from).requests };
    }
    return row;
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Peak RSS of a plan over 100,000 variables: 333 repositories × 3 scopes + the workspace, 100 each. */
async function benchMemory() {
  const ws = describeWorkspace({ repositories: 333, perScope: 100 });
  const expected = expectations(ws);
  const dir = await mkdtemp(join(tmpdir(), 'bb-vars-bench-mem-'));
  const sandbox = await startSandbox({ seed: seedFor(ws, credentials) });
  try {
    const { manifest, bytes } = await writeWorkspace(dir, ws);
    const from = mark(sandbox);
    const plan = await runCli(['reconcile', '-c', manifest, ...concurrencyArgs], { cwd: dir, env: cliEnv(sandbox) });
    expectOk(plan, 'plan');
    return {
      variables: expected.variables,
      scopes: expected.scopes,
      manifestBytes: bytes,
      maxRssMb: plan.maxRssKb / 1024,
      cliMs: plan.elapsedMs,
      requests: window(sandbox, from).requests,
      lowerBound: expected.planRequests,
    };
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
const results = { machine: machine(), settings: { latencyMs, concurrency, sizes }, sizes: [] };
console.log(
  `bb-vars benchmark — ${results.machine.cpu} × ${results.machine.cores}, ${results.machine.memoryGb} GB, Node ${results.machine.node}; latency ${latencyMs} ms, concurrency ${concurrency ?? "bb-vars' default"}`,
);
for (const size of sizes) {
  process.stdout.write(`  ${size} repositories… `);
  const row = await benchSize(size);
  results.sizes.push(row);
  console.log(
    `plan ${row.plan.requests} requests in ${(row.plan.readMs / 1000).toFixed(2)} s${row.apply ? `, apply ${row.apply.requests} requests` : ''}`,
  );
}
if (!opts['no-memory']) {
  process.stdout.write('  100,000-variable plan… ');
  results.memory = await benchMemory();
  console.log(`${results.memory.maxRssMb.toFixed(0)} MB peak RSS`);
}
if (!opts['no-scale']) {
  const repositories = Number(opts.scale ?? (opts.quick ? 100 : 1000));
  process.stdout.write(`  --changed-since and --shard at ${repositories} repositories… `);
  results.scale = await benchScale({ repositories, latencyMs, credentials, run: runCli, env: cliEnv, mark, window });
  console.log('done');
}
if (!opts['no-projects']) {
  const repositories = Number(opts.projects ?? (opts.quick ? 150 : 1000));
  process.stdout.write(`  a project of ${repositories} repositories… `);
  results.projects = await benchProjects({
    repositories,
    latencyMs,
    credentials,
    run: runCli,
    env: cliEnv,
    mark,
    window,
  });
  console.log('done');
}
if (!opts['no-cold-start']) {
  process.stdout.write('  cold start… ');
  results.coldStart = await coldStart({ root: ROOT, runs: Number(opts.runs ?? (opts.quick ? 11 : 21)) });
  console.log('done');
}
results.totalSeconds = (Date.now() - started) / 1000;
console.log('');
printTable(results);
if (results.scale) printScale(results.scale);
if (results.projects && !printProjects(results.projects)) process.exitCode = 1;
if (opts.json) await writeFile(opts.json, JSON.stringify(results, null, 2) + '\n');
