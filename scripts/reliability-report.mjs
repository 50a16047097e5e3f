// Runs the reliability suite (test/reliability) and prints its figures: scenarios run, faults
// injected, runs needed to converge (max), leaks found, crashes found. Each test file appends its
// figures as JSON lines to the file named by BB_VARS_RELIABILITY_SUMMARY; this script totals them.
// Exit code: vitest's (non-zero when a test failed), or 1 when leaks or crashes were counted.
//
//   node scripts/reliability-report.mjs [--json] [extra vitest args]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const vitestArgs = args.filter((a) => a !== '--json');

const dir = mkdtempSync(join(tmpdir(), 'bb-vars-reliability-'));
const summaryFile = join(dir, 'summary.jsonl');
const started = Date.now();
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', 'test/reliability', ...vitestArgs], {
  cwd: root,
  stdio: asJson ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  env: { ...process.env, BB_VARS_RELIABILITY_SUMMARY: summaryFile },
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const suites = new Map();
if (existsSync(summaryFile)) {
  for (const line of readFileSync(summaryFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const f = JSON.parse(line);
    const s = suites.get(f.suite) ?? { scenarios: 0, faultsInjected: 0, maxRunsToConverge: 0, leaks: 0, crashes: 0 };
    s.scenarios += f.scenarios;
    s.faultsInjected += f.faultsInjected;
    s.maxRunsToConverge = Math.max(s.maxRunsToConverge, f.maxRunsToConverge ?? 0);
    s.leaks += f.leaks;
    s.crashes += f.crashes;
    if (f.overlapping) {
      s.overlapping ??= { trials: 0, waited: 0 };
      s.overlapping.trials += f.overlapping.trials;
      s.overlapping.waited += f.overlapping.waited;
    }
    suites.set(f.suite, s);
  }
}
rmSync(dir, { recursive: true, force: true });

const total = { scenarios: 0, faultsInjected: 0, maxRunsToConverge: 0, leaks: 0, crashes: 0 };
// Overlapping applies of different values (concurrent-applies): trials, and how many really
// overlapped (the later run waited for the first one's lock).
const overlapping = { trials: 0, waited: 0 };
for (const s of suites.values()) {
  overlapping.trials += s.overlapping?.trials ?? 0;
  overlapping.waited += s.overlapping?.waited ?? 0;
  total.scenarios += s.scenarios;
  total.faultsInjected += s.faultsInjected;
  total.maxRunsToConverge = Math.max(total.maxRunsToConverge, s.maxRunsToConverge);
  total.leaks += s.leaks;
  total.crashes += s.crashes;
}
const testsPassed = result.status === 0;

if (asJson) {
  console.log(
    JSON.stringify(
      { testsPassed, seconds: Number(seconds), total, overlapping, suites: Object.fromEntries(suites) },
      null,
      2,
    ),
  );
} else {
  const rows = [
    ['suite', 'scenarios', 'faults injected', 'runs to converge (max)', 'leaks', 'crashes'],
    ...[...suites].map(([name, s]) => [
      name,
      s.scenarios,
      s.faultsInjected,
      s.maxRunsToConverge || '-',
      s.leaks,
      s.crashes,
    ]),
  ];
  rows.push([
    'total',
    total.scenarios,
    total.faultsInjected,
    total.maxRunsToConverge || '-',
    total.leaks,
    total.crashes,
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const fmt = (r) =>
    r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log('\nbb-vars reliability report');
  console.log(fmt(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1, -1)) console.log(fmt(r));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  console.log(fmt(rows[rows.length - 1]));
  if (overlapping.trials > 0)
    console.log(
      `\noverlapping applies of different values: ${overlapping.trials} trials, ${overlapping.waited} of them ` +
        'overlapped (the later apply waited for the lock); values and recorded fingerprints agreed in every passing trial.',
    );
  console.log(`\ntests ${testsPassed ? 'passed' : 'FAILED'} in ${seconds}s; ${suites.size} suites reported figures.`);
}
process.exitCode = !testsPassed ? (result.status ?? 1) : total.leaks > 0 || total.crashes > 0 ? 1 : 0;
