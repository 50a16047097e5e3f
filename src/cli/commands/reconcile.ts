/**
 * `bb-vars reconcile [--apply]`: flags, rendering and exit codes over the reconcile use case
 * (src/reconcile/): load → plan → print → (comment) → (apply).
 */
import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { RetryEvent } from '../../bitbucket/types.ts';
import { ExitCode, PermissionError, UsageError, UserError } from '../../errors.ts';
import { hasChanges } from '../../plan/types.ts';
import { warningLine } from '../../sources/resolve.ts';
import { DEFAULT_LOCK_TIMEOUT_MS, LockWaitInterrupted, parseDuration } from '../../apply/lock.ts';
import {
  applyLive,
  liveDigestOf,
  loadDesired,
  lockForApply,
  openClient,
  planLive,
  type LivePlan,
  type PlanRequest,
} from '../../reconcile/index.ts';
import { assertSavedPlanFresh, readSavedPlan } from '../../reconcile/saved-plan.ts';
import { parseShard } from '../../reconcile/shard.ts';
import { renderJson } from '../../render/json.ts';
import { renderMarkdown } from '../../render/markdown.ts';
import { renderText } from '../../render/text.ts';
import {
  buildFailedReport,
  buildReport,
  commentPlan,
  formatCommentResult,
  formatReportResult,
  publishReport,
  resolvePullRequestTarget,
  resolveReportTarget,
} from '../../review/index.ts';
import { commandHelp, parseCommandArgs, parsePositiveInt, type Parsed } from '../args.ts';
import { assertOutputWritten, useColor, writeAll, type CliIO } from '../io.ts';
import { formatApplySummary, formatStats } from './reconcile-output.ts';

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Exit status of a run stopped by Ctrl-C or SIGTERM. */
const INTERRUPTED = 130;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('reconcile', argv);
  if (values.help) {
    io.stdout.write(commandHelp('reconcile') + '\n');
    return ExitCode.Ok;
  }
  try {
    return await reconcile(values, io);
  } catch (error) {
    // A plan for review that cannot be computed still reports, FAILED, so a merge check blocks it.
    // Not for a usage error or a refused credential: the report would be refused alike.
    const reportable = error instanceof UserError && !(error instanceof UsageError || error instanceof PermissionError);
    if (values.report === true && !values.apply && reportable) await reportFailure(io, error);
    throw error;
  }
}

/** Publishes the FAILED report and status for `error`; a failure to publish is said, not thrown. */
async function reportFailure(io: CliIO, error: UserError): Promise<void> {
  try {
    const target = resolveReportTarget(io.env);
    const result = await publishReport(
      openClient({ env: io.env, forceSecured: false }),
      target,
      buildFailedReport(error.message),
    );
    io.stderr.write(formatReportResult(result, target) + '\n');
  } catch (failure) {
    io.stderr.write(
      `Could not publish the failed report: ${failure instanceof Error ? failure.message : 'unknown error'}\n`,
    );
  }
}

async function reconcile(values: Parsed<'reconcile'>['values'], io: CliIO): Promise<number> {
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'.`);
  if (values.plan !== undefined && !values.apply)
    throw new UsageError('--plan applies a saved plan and needs --apply.');
  if (values.plan !== undefined && values['force-secured'])
    throw new UsageError('--force-secured cannot change a saved plan: make the plan with --force-secured instead.');
  if (values['allow-destructive'] && !values.apply)
    throw new UsageError('--allow-destructive lets --apply apply what the policy forbids; it needs --apply.');
  const concurrency = parsePositiveInt('concurrency', values.concurrency, 32);
  const maxRequests = parsePositiveInt('max-requests', values['max-requests']);
  for (const option of ['shard', 'changed-since'] as const)
    if (values.plan !== undefined && values[option] !== undefined)
      throw new UsageError(`--${option} cannot change a saved plan: the plan records it; give --plan alone.`);

  const lockTimeoutMs = parseLockTimeout(values['lock-timeout']);
  if (values['lock-timeout'] !== undefined && !values.apply)
    throw new UsageError('--lock-timeout is for --apply: plans take no lock.');

  const saved = values.plan === undefined ? undefined : await readSavedPlan(resolve(io.cwd, values.plan), values.plan);
  const shard = values.shard === undefined ? saved?.shard : parseShard(values.shard);
  const changedSince = values['changed-since'] ?? saved?.changed_since;
  const desired = await loadDesired({
    cwd: io.cwd,
    io,
    targets: values.target ?? saved?.targets ?? [],
    ...(shard === undefined ? {} : { shard }),
    ...(changedSince === undefined ? {} : { changedSince }),
    ...(values.config === undefined ? {} : { config: values.config }),
    // Saved (JSON) plans and reports say where each change is declared.
    locations: format === 'json' || values.report === true,
  });
  // A text plan shows them itself; a markdown or JSON one on stdout also has them on stderr.
  if (format !== 'text') for (const warning of desired.warnings) io.stderr.write(`Warning: ${warningLine(warning)}\n`);
  const prTarget = resolvePullRequestTarget(values['comment-pr'], io.env, desired.manifestWorkspace);
  const reportTarget = values.report ? resolveReportTarget(io.env, desired.manifestWorkspace) : undefined;

  const request: PlanRequest = {
    env: io.env,
    forceSecured: values['force-secured'] === true,
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(maxRequests === undefined ? {} : { maxRequests }),
    onRetry: (event: RetryEvent) => {
      io.stderr.write(
        `Waiting ${(event.delayMs / 1000).toFixed(1)}s before retry ${event.attempt}/${event.maxRetries} of ${event.method} ${event.path}: ${event.reason}\n`,
      );
    },
  };
  const client = openClient(request);
  // Progress and summaries go to stderr when stdout carries a machine-readable plan.
  const report = format === 'json' ? io.stderr : io.stdout;

  /** Reads, plans, prints the plan (and posts it); an apply then applies exactly that plan. */
  const planAndShow = async (): Promise<LivePlan> => {
    const planned = await planLive(desired, request, client);
    const { plan, targets } = planned;
    // Only JSON documents (saved plans) carry it, and --plan checks it: not worth hashing otherwise.
    const digest = format === 'json' || saved ? liveDigestOf(planned) : undefined;
    if (saved) assertSavedPlanFresh(saved, plan, digest!, values.plan!);

    const rendered = render(planned, format, useColor(io), digest);
    await writeAll(io.stdout, rendered);
    // Every plan says what it spent; a JSON or markdown plan on stdout stays only that.
    await writeAll(format === 'text' ? io.stdout : io.stderr, formatStats(client.stats, 'plan') + '\n');
    // A plan that could not be written is a failed plan; an apply goes on and reports what it did.
    if (!values.apply) assertOutputWritten(io, 'the plan');
    if (values.out !== undefined) {
      const plain = format === 'text' && useColor(io) ? render(planned, format, false, digest) : rendered;
      await writeOut(resolve(io.cwd, values.out), values.out, plain);
    }
    if (prTarget) {
      const result = await commentPlan(client, prTarget, plan, targets);
      report.write(formatCommentResult(result, prTarget) + '\n');
    }
    if (reportTarget) {
      const result = await publishReport(client, reportTarget, buildReport(plan, targets));
      report.write(formatReportResult(result, reportTarget) + '\n');
    }
    return planned;
  };

  if (!values.apply) {
    const planned = await planAndShow();
    const { plan } = planned;
    const violations = plan.violations.length;
    if (violations > 0) io.stderr.write(`Exit 1: ${broken(violations)}. See docs/policy.md.\n`);
    if (planned.overBudget.length > 0) {
      const steps = planned.overBudget.length;
      io.stderr.write(
        `Error: ${steps} pipeline step${steps === 1 ? '' : 's'} would see more than Bitbucket's 120,000 characters of variables (see the warnings); an apply of this plan is refused.\n`,
      );
    }
    if (violations > 0 || planned.overBudget.length > 0) {
      return ExitCode.Failure;
    }
    if (values['detailed-exitcode'] && hasChanges(plan)) return ExitCode.ChangesPending;
    return ExitCode.Ok;
  }
  return withInterrupt(io, async (signal, interrupt) => {
    // The lock comes first, so the plan is made on state no other apply is changing (and a saved
    // plan's drift check runs under it).
    let lock;
    try {
      lock = await lockForApply(desired, client, {
        env: io.env,
        timeoutMs: lockTimeoutMs,
        notice: (message) => io.stderr.write(message + '\n'),
        signal,
        onLost: interrupt,
      });
    } catch (error) {
      if (!(error instanceof LockWaitInterrupted)) throw error;
      io.stderr.write(error.message + '\n');
      return INTERRUPTED;
    }
    let applied;
    try {
      const planned = await planAndShow();
      const violations = planned.plan.violations.length;
      if (violations > 0) {
        if (!values['allow-destructive'])
          throw new UserError(
            `Refusing to apply: ${broken(violations)}. Nothing was written. Fix the manifest, or, if these changes are ` +
              'intended, run again with --allow-destructive (docs/policy.md).',
          );
        io.stderr.write(`Applying although ${broken(violations)}: --allow-destructive was given.\n`);
      }
      applied = await applyLive(planned, { renderer: pickRenderer(io), output: io.stderr, signal, lock });
    } finally {
      await lock.release();
    }
    // Released first: the lock is held no longer than needed, and the total counts the release.
    applied.requests.total = client.stats.requests;
    await writeAll(report, formatApplySummary(applied) + '\n');
    if (applied.stopped?.reason === 'interrupted') return INTERRUPTED;
    return applied.counts.failed > 0 || applied.stopped ? ExitCode.Failure : ExitCode.Ok;
  });
}

function broken(violations: number): string {
  return `the plan breaks the manifest's policy (${violations} violation${violations === 1 ? '' : 's'}, listed with the plan)`;
}

/** `--lock-timeout`: `30s`, `5m`, `1h`, `0` (do not wait); default 5m. */
function parseLockTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LOCK_TIMEOUT_MS;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new UsageError(`--lock-timeout must be a duration such as 30s, 5m or 1h (0: do not wait), got '${value}'.`);
  return ms;
}

/**
 * Runs `work` with Ctrl-C / SIGTERM turned into an abort: waiting for the lock stops, an apply
 * finishes the operations in flight and starts no more, and the lock is released.
 */
async function withInterrupt(
  io: CliIO,
  work: (signal: AbortSignal, interrupt: () => void) => Promise<number>,
): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = () => {
    // A second signal stops at once: the operations in flight are not waited for.
    if (interrupt.signal.aborted) process.exit(INTERRUPTED);
    interrupt.abort();
    io.stderr.write(
      '\nInterrupted: finishing the operations in flight, starting no more (press Ctrl-C again to stop at once).\n',
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(interrupt.signal, () => interrupt.abort());
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function render(planned: LivePlan, format: Format, color: boolean, digest: string | undefined): string {
  const { plan, targets } = planned;
  switch (format) {
    case 'text':
      return renderText(plan, { color, targets });
    case 'markdown':
      return ensureNewline(renderMarkdown(plan, { targets }));
    case 'json':
      // `targets` and `live_digest` let `--apply --plan` repeat the same reads and detect drift.
      return renderJson(plan, {
        targets,
        ...(digest === undefined ? {} : { liveDigest: digest }),
        ...(planned.policy ? { policy: planned.policy } : {}),
      });
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}

function pickRenderer(io: CliIO): 'default' | 'lines' {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  return io.stderr.isTTY === true && !ci ? 'default' : 'lines';
}

async function writeOut(path: string, file: string, content: string): Promise<void> {
  try {
    await writeFile(path, ensureNewline(content), { mode: 0o600 });
  } catch (error) {
    throw new UserError(
      `Cannot write the plan to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the directory exists and is writable.`,
    );
  }
}
