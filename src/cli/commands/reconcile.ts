/**
 * `bb-vars reconcile [--apply]`: the one place that runs the sequence
 * load manifest → resolve sources → read live state → plan → render → (apply).
 */
import { writeFile } from 'node:fs/promises';
import { BitbucketClient, clientOptionsFromEnv, credentialSecret, readLiveState } from '../../bitbucket/index.ts';
import type { RetryEvent } from '../../bitbucket/types.ts';
import { ExitCode, UsageError, UserError } from '../../errors.ts';
import { loadManifest } from '../../config/load.ts';
import { resolveManifest } from '../../sources/resolve.ts';
import { deriveFingerprintKey } from '../../plan/fingerprint.ts';
import { planReconcile } from '../../plan/diff.ts';
import { filterTargets } from '../../plan/targets.ts';
import { hasChanges, type Plan } from '../../plan/types.ts';
import { renderText } from '../../render/text.ts';
import { renderMarkdown } from '../../render/markdown.ts';
import { renderJson } from '../../render/json.ts';
import { applyPlan, type ApplyResult } from '../../apply/run.ts';
import { parseCommandArgs, parsePositiveInt } from '../args.ts';
import { useColor, type CliIO } from '../io.ts';
import { formatApplySummary, formatStats } from './reconcile-output.ts';

export const USAGE = `Usage: bb-vars reconcile [options]

Plans Bitbucket Pipelines variables against the manifest; with --apply, makes Bitbucket match.

Options:
  -c, --config <file>            manifest (default: bb-vars.yaml etc. found from the cwd)
  --apply                        apply the plan
  --format <text|markdown|json>  how to print the plan (default text)
  --out <file>                   also write the plan to a file (format from --format)
  --detailed-exitcode            plan mode: exit 0 no changes, 2 changes pending, 1 error
  --target <repo>[/<env>]        limit to these scopes (repeatable; "workspace" for workspace vars)
  --concurrency <n>              parallel API requests (default 8, max 32)
  --force-secured                rewrite every secured value even if its fingerprint matches
  --comment-pr [<id>]            post the markdown plan to a pull request (default $BITBUCKET_PR_ID)
  --plan <file>                  with --apply: apply exactly this saved plan (from --out with --format json)
  --max-requests <n>             stop before starting work the request budget cannot finish
  --verbose                      more detail (never secrets)
  -h, --help                     show this help`;

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('reconcile', argv, {
    config: { type: 'string', short: 'c' },
    apply: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean' },
    target: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    'force-secured': { type: 'boolean' },
    'comment-pr': { type: 'string' },
    plan: { type: 'string' },
    'max-requests': { type: 'string' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE + '\n');
    return ExitCode.Ok;
  }
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'.`);
  if (values.plan !== undefined && !values.apply) throw new UsageError('--plan applies a saved plan and needs --apply.');
  const concurrency = parsePositiveInt('concurrency', values.concurrency, 32);
  const maxRequests = parsePositiveInt('max-requests', values['max-requests']);

  const loaded = await loadManifest({ cwd: io.cwd, ...(values.config === undefined ? {} : { config: values.config }) });
  const resolved = await resolveManifest(loaded, { env: io.env, stdin: io.stdin });
  for (const warning of resolved.warnings) io.stderr.write(`Warning: ${warning.message}\n`);
  const desired = filterTargets(resolved.desired, values.target ?? []);

  const options = clientOptionsFromEnv(io.env);
  if (concurrency !== undefined) options.concurrency = concurrency;
  if (maxRequests !== undefined) options.maxRequests = maxRequests;
  options.onRetry = (event: RetryEvent) => {
    io.stderr.write(`Waiting ${(event.delayMs / 1000).toFixed(1)}s before retry ${event.attempt}/${event.maxRetries} of ${event.method} ${event.path}: ${event.reason}\n`);
  };
  const client = new BitbucketClient(options);
  const fingerprintKey = deriveFingerprintKey(io.env.BB_VARS_FINGERPRINT_KEY || credentialSecret(options.credentials));

  const live = await readLiveState(client, desired.scopes.map((s) => s.scope));
  const plan = planReconcile(desired, live, { fingerprintKey, forceSecured: values['force-secured'] === true });
  const readRequests = client.stats.requests;

  const rendered = render(plan, format, useColor(io));
  io.stdout.write(rendered.endsWith('\n') ? rendered : rendered + '\n');
  if (format === 'text') io.stdout.write(formatStats(client.stats, 'plan') + '\n');
  if (values.out !== undefined) await writeOut(values.out, render(plan, format, false));

  if (!values.apply) {
    if (values['detailed-exitcode'] && hasChanges(plan)) return ExitCode.ChangesPending;
    return ExitCode.Ok;
  }

  const writes = countWrites(plan);
  client.assertBudget(writes, `apply (${writes} writes)`);
  const result: ApplyResult = await applyPlan(plan, desired, client, {
    concurrency: client.concurrency.max,
    renderer: pickRenderer(io),
    output: io.stderr as NodeJS.WriteStream,
  });
  io.stdout.write(formatApplySummary(result, client.stats.requests - readRequests, client.stats.requests) + '\n');
  return result.counts.failed > 0 ? ExitCode.Failure : ExitCode.Ok;
}

function render(plan: Plan, format: Format, color: boolean): string {
  switch (format) {
    case 'text':
      return renderText(plan, { color });
    case 'markdown':
      return renderMarkdown(plan);
    case 'json':
      return renderJson(plan);
  }
}

/** Writes needed if every change succeeds: replace is two requests, plus one bookkeeping write per scope. */
export function countWrites(plan: Plan): number {
  let writes = 0;
  for (const scope of plan.scopes) {
    for (const change of scope.changes) writes += change.action === 'replace' ? 2 : 1;
    if (scope.changes.length > 0 || scope.bookkeepingDirty) writes += 1;
  }
  return writes;
}

function pickRenderer(io: CliIO): 'default' | 'simple' {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  return io.stderr.isTTY === true && !ci ? 'default' : 'simple';
}

async function writeOut(file: string, content: string): Promise<void> {
  try {
    await writeFile(file, content.endsWith('\n') ? content : content + '\n', { mode: 0o600 });
  } catch (error) {
    throw new UserError(`Cannot write the plan to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the directory exists and is writable.`);
  }
}
