/**
 * `bb-vars reconcile [--apply]`: the one place that runs the sequence
 * load manifest → resolve sources → read live state → plan → render → (comment) → (apply).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BitbucketClient, clientOptionsFromEnv, credentialSecret, DEFAULT_CONCURRENCY, readLiveState } from '../../bitbucket/index.ts';
import { environmentListKey, type EnvironmentLists } from '../../bitbucket/read-state.ts';
import type { RetryEvent } from '../../bitbucket/types.ts';
import type { DesiredState, LiveState } from '../../core/types.ts';
import { ExitCode, UsageError, UserError } from '../../errors.ts';
import { loadManifest } from '../../config/load.ts';
import { resolveManifest, warningLine } from '../../sources/resolve.ts';
import { deriveFingerprintKey } from '../../plan/fingerprint.ts';
import { planReconcile } from '../../plan/diff.ts';
import { liveDigest } from '../../plan/live-digest.ts';
import { findOrphanDeployments } from '../../plan/orphans.ts';
import { filterTargets } from '../../plan/targets.ts';
import { hasChanges, type Plan } from '../../plan/types.ts';
import { renderText } from '../../render/text.ts';
import { renderMarkdown } from '../../render/markdown.ts';
import { toJsonDocument } from '../../render/json.ts';
import { describePlanDrift, parsePlanJson } from '../../render/saved-plan.ts';
import { commentPlan, formatCommentResult, resolvePullRequestTarget } from '../../review/index.ts';
import { applyPlan } from '../../apply/run.ts';
import { parseCommandArgs, parsePositiveInt } from '../args.ts';
import { useColor, type CliIO } from '../io.ts';
import { countWrites, formatApplySummary, formatStats, minimumLists, readConcurrency } from './reconcile-output.ts';

export const USAGE = `Usage: bb-vars reconcile [options]

Plans Bitbucket Pipelines variables against the manifest; with --apply, makes Bitbucket match.

Options:
  -c, --config <file>            manifest (default: bb-vars.yaml etc. found from the cwd)
  --apply                        apply the plan
  --format <text|markdown|json>  how to print the plan (default text)
  --out <file>                   also write the plan to a file (format from --format)
  --detailed-exitcode            plan mode: exit 0 no changes, 2 changes pending, 1 error
  --target <repo>[/<env>]        limit to these scopes (repeatable; "workspace" for workspace vars)
  --concurrency <n>              parallel API requests (max 32; default 8, and up to 32
                                 for the reads of a small plan)
  --force-secured                rewrite every secured value even if its fingerprint matches
  --comment-pr [<id>]            post the markdown plan to a pull request (default $BITBUCKET_PR_ID)
  --plan <file>                  with --apply: apply exactly this saved plan (from --out with --format json)
  --max-requests <n>             stop before starting work the request budget cannot finish
  --verbose                      more detail (never secrets)
  -h, --help                     show this help`;

const FORMATS = ['text', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('reconcile', argv, {
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
  if (positionals.length > 0) throw new UsageError(`Unexpected argument '${positionals[0]}'. Run 'bb-vars reconcile --help' for the options.`);
  const format = (values.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${values.format}'.`);
  if (values.plan !== undefined && !values.apply) throw new UsageError('--plan applies a saved plan and needs --apply.');
  if (values.plan !== undefined && values['force-secured']) throw new UsageError('--force-secured cannot change a saved plan: make the plan with --force-secured instead.');
  const concurrency = parsePositiveInt('concurrency', values.concurrency, 32);
  const maxRequests = parsePositiveInt('max-requests', values['max-requests']);

  const saved = values.plan === undefined ? undefined : await readSavedPlan(resolve(io.cwd, values.plan), values.plan);
  const targets = values.target ?? saved?.targets ?? [];

  const loaded = await loadManifest({ cwd: io.cwd, ...(values.config === undefined ? {} : { config: values.config }) });
  const prTarget = resolvePullRequestTarget(values['comment-pr'], io.env, loaded.manifest.workspace);
  const resolved = await resolveManifest(loaded, io);
  // A text plan shows them itself; a markdown or JSON one on stdout also has them on stderr.
  if (format !== 'text') for (const warning of resolved.warnings) io.stderr.write(`Warning: ${warningLine(warning)}\n`);
  const declared = filterTargets(resolved.desired, targets);

  const options = clientOptionsFromEnv(io.env);
  if (concurrency !== undefined) options.concurrency = concurrency;
  if (maxRequests !== undefined) options.maxRequests = maxRequests;
  options.onRetry = (event: RetryEvent) => {
    io.stderr.write(`Waiting ${(event.delayMs / 1000).toFixed(1)}s before retry ${event.attempt}/${event.maxRetries} of ${event.method} ${event.path}: ${event.reason}\n`);
  };
  const client = new BitbucketClient(options);
  const fingerprintKey = deriveFingerprintKey(io.env.BB_VARS_FINGERPRINT_KEY || credentialSecret(options.credentials));

  const lists = minimumLists(declared);
  client.assertBudget(lists + (options.credentials.kind === 'oauth' ? 1 : 0), 'reading the live variables');
  if (concurrency === undefined) client.setConcurrency(readConcurrency(lists));
  const { desired, live } = await readLive(client, declared);
  // Writes (PR comment, apply) keep the default, or what --concurrency asked for.
  if (concurrency === undefined) client.setConcurrency(DEFAULT_CONCURRENCY);
  const plan = planReconcile(desired, live, { fingerprintKey, forceSecured: values['force-secured'] === true });
  // Warnings about values belong in the plan, so a reviewer sees them in the pull request.
  plan.warnings.unshift(...resolved.warnings.map(warningLine));
  // Only JSON documents (saved plans) carry it, and --plan checks it: not worth hashing otherwise.
  const digest = format === 'json' || saved ? liveDigest(live, fingerprintKey) : '';
  const readRequests = client.stats.requests;

  if (saved) {
    const drift = describePlanDrift(saved.plan, plan);
    if (drift.length > 0 || saved.liveDigest !== digest) {
      const why = drift.length > 0 ? drift : ['the live variables in Bitbucket changed since the plan was made'];
      throw new UserError(
        `The saved plan ${values.plan} is stale: Bitbucket or the manifest's sources changed since it was made.\n` +
          why.map((line) => `  - ${line}`).join('\n') +
          `\nNothing was applied. Make a new plan (bb-vars reconcile --format json --out ${values.plan}), review it, and apply that.`,
      );
    }
  }

  const rendered = render(plan, format, useColor(io), targets, digest);
  io.stdout.write(rendered);
  // Every plan says what it spent; a JSON or markdown plan on stdout stays only that.
  (format === 'text' ? io.stdout : io.stderr).write(formatStats(client.stats, 'plan') + '\n');
  if (values.out !== undefined) {
    const plain = format === 'text' && useColor(io) ? render(plan, format, false, targets, digest) : rendered;
    await writeOut(resolve(io.cwd, values.out), values.out, plain);
  }
  // Progress and summaries go to stderr when stdout carries a machine-readable plan.
  const report = format === 'json' ? io.stderr : io.stdout;

  if (prTarget) {
    const result = await commentPlan(client, prTarget, plan);
    report.write(formatCommentResult(result, prTarget) + '\n');
  }

  if (!values.apply) {
    if (values['detailed-exitcode'] && hasChanges(plan)) return ExitCode.ChangesPending;
    return ExitCode.Ok;
  }

  const writes = countWrites(plan);
  client.assertBudget(writes, `the apply (${writes} writes)`);
  const result = await applyPlan(plan, desired, client, {
    concurrency: client.concurrency.max,
    renderer: pickRenderer(io),
    output: io.stderr as NodeJS.WriteStream,
  });
  report.write(formatApplySummary(result, client.stats.requests - readRequests, client.stats.requests) + '\n');
  return result.counts.failed > 0 ? ExitCode.Failure : ExitCode.Ok;
}

/**
 * Reads the declared scopes, then the deployments that repository records say bb-vars still
 * manages although the manifest no longer declares them (a second round, only when there are any).
 */
async function readLive(client: BitbucketClient, declared: DesiredState): Promise<{ desired: DesiredState; live: LiveState }> {
  const environments: EnvironmentLists = new Map();
  const live = await readLiveState(client, declared.scopes.map((s) => s.scope), environments);
  const orphans = findOrphanDeployments(declared, live);
  if (orphans.length === 0) return { desired: declared, live };
  const repositories = orphans.flatMap((o) => (o.scope.type === 'deployment' ? [o.scope.repository] : []));
  const fresh = new Set(repositories.filter((repository) => !environments.has(environmentListKey(declared.workspace, repository))));
  client.assertBudget(orphans.length + fresh.size, 'reading deployments removed from the manifest');
  const more = await readLiveState(client, orphans.map((s) => s.scope), environments);
  return { desired: { ...declared, scopes: [...declared.scopes, ...orphans] }, live: { ...live, scopes: [...live.scopes, ...more.scopes] } };
}

function render(plan: Plan, format: Format, color: boolean, targets: readonly string[], digest: string): string {
  switch (format) {
    case 'text':
      return renderText(plan, { color });
    case 'markdown':
      return ensureNewline(renderMarkdown(plan));
    case 'json':
      // `targets` and `live_digest` let `--apply --plan` repeat the same reads and detect drift.
      return JSON.stringify({ ...toJsonDocument(plan), targets: [...targets], live_digest: digest }, null, 2) + '\n';
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : text + '\n';
}

async function readSavedPlan(path: string, file: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read the saved plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Write one with 'bb-vars reconcile --format json --out ${file}'.`);
  }
  const plan = parsePlanJson(text, file);
  const raw = JSON.parse(text) as { targets?: unknown; live_digest?: unknown };
  const targets = Array.isArray(raw.targets) && raw.targets.every((t) => typeof t === 'string') ? (raw.targets) : undefined;
  if (typeof raw.live_digest !== 'string') {
    throw new UserError(`${file}: live_digest is missing, so bb-vars cannot tell whether Bitbucket changed since the plan was made. Write the plan again with 'bb-vars reconcile --format json --out ${file}'.`);
  }
  return { plan, targets, liveDigest: raw.live_digest };
}

function pickRenderer(io: CliIO): 'default' | 'lines' {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  return io.stderr.isTTY === true && !ci ? 'default' : 'lines';
}

async function writeOut(path: string, file: string, content: string): Promise<void> {
  try {
    await writeFile(path, ensureNewline(content), { mode: 0o600 });
  } catch (error) {
    throw new UserError(`Cannot write the plan to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Check the directory exists and is writable.`);
  }
}
