/**
 * `bb-vars publish <plan.json>...`: reads saved JSON plans and publishes them as one pull-request
 * comment and/or one Code Insights report (src/review/publish.ts).
 */
import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.ts';
import { readSavedPlan } from '../../reconcile/saved-plan.ts';
import { formatCommentResult, formatReportResult, publishPlans } from '../../review/index.ts';
import { commandHelp, parseCommandArgs } from '../args.ts';
import { writeAll, type CliIO } from '../io.ts';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('publish', argv);
  if (values.help) {
    io.stdout.write(commandHelp('publish') + '\n');
    return ExitCode.Ok;
  }
  if (positionals.length === 0)
    throw new UsageError('bb-vars publish needs saved plans: bb-vars publish plan.json [shard-1.json ...].');
  if (values['comment-pr'] === undefined && !values.report)
    throw new UsageError('bb-vars publish needs --comment-pr, --report or both: say where to publish.');
  const plans = [];
  for (const file of positionals) plans.push({ file, doc: await readSavedPlan(resolve(io.cwd, file), file) });
  const published = await publishPlans(plans, {
    env: io.env,
    commentPr: values['comment-pr'],
    report: values.report === true,
  });
  const lines: string[] = [];
  if (published.comment) lines.push(formatCommentResult(published.comment.result, published.comment.target));
  if (published.report) lines.push(formatReportResult(published.report.result, published.report.target));
  if (published.violations > 0)
    lines.push(
      `Exit 1: the plans break the manifest's policy (${published.violations} violation${published.violations === 1 ? '' : 's'}). See docs/policy.md.`,
    );
  await writeAll(io.stdout, lines.join('\n') + '\n');
  return published.violations > 0 ? ExitCode.Failure : ExitCode.Ok;
}
