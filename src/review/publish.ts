/**
 * `bb-vars publish`: one comment and/or one Code Insights report from saved JSON plans (one, or
 * one per shard), identical to what `reconcile --comment-pr --report` posts for the whole plan.
 */
import { BitbucketClient, clientOptionsFromEnv } from '../bitbucket/index.ts';
import { renderPlanComment, upsertPlanComment, type CommentResult, type PullRequestTarget } from './comment.ts';
import { mergeSavedPlans, type NamedPlan } from './merge.ts';
import { buildReport, publishReport, type ReportResult, type ReportTarget } from './report.ts';
import { resolvePullRequestTarget, resolveReportTarget } from './target.ts';

export interface PublishRequest {
  env: NodeJS.ProcessEnv;
  /** `--comment-pr`'s value: undefined (absent), '' (bare) or the id. */
  commentPr: string | undefined;
  report: boolean;
}

export interface Published {
  violations: number;
  comment?: { result: CommentResult; target: PullRequestTarget };
  report?: { result: ReportResult; target: ReportTarget };
}

/** Merges the plans, checks the targets, then posts. Throws UserError/UsageError before any request when something is missing. */
export async function publishPlans(plans: readonly NamedPlan[], request: PublishRequest): Promise<Published> {
  const merged = mergeSavedPlans(plans);
  const prTarget = resolvePullRequestTarget(request.commentPr, request.env, merged.workspace);
  const reportTarget = request.report ? resolveReportTarget(request.env, merged.workspace) : undefined;
  const out: Published = { violations: merged.view.violations.length };
  if (!prTarget && !reportTarget) return out;
  const client = new BitbucketClient(clientOptionsFromEnv(request.env));
  if (prTarget) {
    const result = await upsertPlanComment(client, prTarget, renderPlanComment(merged.view, merged.targets));
    out.comment = { result, target: prTarget };
  }
  if (reportTarget) {
    const result = await publishReport(client, reportTarget, buildReport(merged.view, merged.targets));
    out.report = { result, target: reportTarget };
  }
  return out;
}
