// The benchmark's table and machine description.
import { cpus, totalmem } from 'node:os';

export function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

const fixed = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const mark = (ok) => (ok ? 'ok' : 'MISSED');

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** Prints the results as markdown tables (pasted as-is into docs/performance.md). */
export function printTable(results) {
  const { latencyMs, concurrency } = results.settings;
  console.log(
    `### Requests and plan time (latency ${latencyMs} ms, concurrency ${concurrency ?? "bb-vars' default: 8, more for a small plan's reads"})\n`,
  );
  const rows = results.sizes.map((r) => [
    r.repositories,
    r.scopes,
    r.variables.toLocaleString('en-US'),
    `${r.plan.requests} / ${r.plan.lowerBound}`,
    `${fixed(r.plan.ratio)} ${mark(r.plan.ratio <= 1.0001)}`,
    r.apply ? `${r.apply.requests} / ${r.apply.lowerBound}` : 'n/a',
    r.apply ? `${fixed(r.apply.ratio)} ${mark(r.apply.ratio <= 1.0001)}` : 'n/a',
    `${r.plan.concurrency}${r.apply ? ` / ${r.apply.concurrency}` : ''}`,
    `${fixed(r.plan.readMs / 1000)} / ${fixed(r.plan.boundMs / 1000)}`,
    `${fixed(r.plan.timeRatio)} ${mark(r.plan.timeRatio <= 1.25)}`,
    fixed(r.plan.cliMs / 1000),
    fixed(r.plan.maxRssMb, 0),
  ]);
  console.log(
    table(
      [
        'repos',
        'scopes',
        'variables',
        'plan req / bound',
        'ratio (1.00)',
        'apply req / bound',
        'ratio (1.00)',
        'in flight: reads / writes',
        'plan read s / bound s',
        'ratio (≤1.25)',
        'plan CLI s',
        'plan RSS MB',
      ],
      rows,
    ),
  );
  const checks = results.sizes.flatMap((r) => {
    const out = [];
    if (r.plan.reported !== r.plan.requests)
      out.push(
        `${r.repositories} repos: the CLI reported ${r.plan.reported} requests, the sandbox saw ${r.plan.requests}`,
      );
    if (r.plan.changes !== r.plan.expectedChanges)
      out.push(
        `${r.repositories} repos: plan has ${r.plan.changes} writes for changes, expected ${r.plan.expectedChanges}`,
      );
    return out;
  });
  console.log(
    checks.length
      ? `\nConsistency problems:\n${checks.map((c) => `- ${c}`).join('\n')}`
      : "\nConsistency: the CLI's own request count equals what the sandbox saw, the plan has exactly the expected changes, and a plan after apply is clean.",
  );
  if (results.memory) {
    const m = results.memory;
    console.log(
      `\n### Memory\n\nPlan of ${m.variables.toLocaleString('en-US')} variables in ${m.scopes} scopes (manifest ${(m.manifestBytes / 2 ** 20).toFixed(1)} MB): peak RSS ${fixed(m.maxRssMb, 0)} MB (target ≤ 300: ${mark(m.maxRssMb <= 300)}), ${fixed(m.cliMs / 1000)} s, ${m.requests} requests (bound ${m.lowerBound}).`,
    );
  }
  if (results.coldStart) {
    const c = results.coldStart;
    console.log(`\n### Cold start (median of ${c.runs} runs)\n`);
    console.log(
      table(
        ['command', 'median ms', 'min ms', '× node -e 0 (≤ 2)'],
        c.commands.map((x) => [
          x.name,
          fixed(x.medianMs, 1),
          fixed(x.minMs, 1),
          x.name === 'node -e 0' ? '1.00' : `${fixed(x.ratio)} ${mark(x.ratio <= 2)}`,
        ]),
      ),
    );
  }
  console.log(`\nBenchmark took ${fixed(results.totalSeconds, 0)} s.`);
}
