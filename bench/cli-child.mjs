// Runs the bundled CLI's `main` (from dist/lib.mjs) in this (child) process, as `bb-vars` would run, and reports on
// fd 3 what the benchmark measures: exit code, wall time of `main`, and the process's peak RSS.
// stdout/stderr are the CLI's own.
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const started = performance.now();
const { main } = await import('../dist/lib.mjs');
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};
const code = await main(process.argv.slice(2), io);
const elapsedMs = performance.now() - started;
writeSync(3, JSON.stringify({ code, elapsedMs, maxRssKb: process.resourceUsage().maxRSS }));
process.exitCode = code;
