/** Pull-request review: the plan as a comment that bb-vars keeps up to date. */
import { visible } from '../core/escape.ts';
import type { BitbucketClient } from '../bitbucket/index.ts';
import type { PlanView } from '../plan/types.ts';
import { renderPlanComment, upsertPlanComment, type CommentResult, type PullRequestTarget } from './comment.ts';

export {
  COMMENT_RENDER_CHARS,
  MAX_COMMENT_CHARS,
  renderPlanComment,
  findPlanComments,
  isPlanComment,
  preparePlanComment,
  upsertPlanComment,
  type CommentResult,
  type PullRequestTarget,
} from './comment.ts';
export { resolvePullRequestTarget, resolveReportTarget } from './target.ts';
export {
  buildFailedReport,
  buildReport,
  formatReportResult,
  publishReport,
  MAX_ANNOTATIONS_PER_REPORT,
  MAX_ANNOTATIONS_PER_REQUEST,
  REPORT_ID,
  STATUS_KEY,
  type BuiltReport,
  type ReportResult,
  type ReportTarget,
  type ReviewPlan,
} from './report.ts';

/** Renders `plan` (limited to `targets`, if any) and posts or updates bb-vars' comment on the pull request. */
export function commentPlan(
  client: BitbucketClient,
  target: PullRequestTarget,
  plan: PlanView,
  targets: readonly string[] = [],
): Promise<CommentResult> {
  return upsertPlanComment(client, target, renderPlanComment(plan, targets));
}

/** One line for the CLI: what happened to the comment. */
export function formatCommentResult(result: CommentResult, target: PullRequestTarget): string {
  const where = visible(`pull request #${target.pullRequest} of ${target.workspace}/${target.repository}`);
  switch (result.action) {
    case 'created':
      return `Posted the plan to ${where} (comment ${result.commentId}).`;
    case 'updated':
      return `Updated the plan comment on ${where} (comment ${result.commentId}).`;
    case 'unchanged':
      return `The plan comment on ${where} is up to date (comment ${result.commentId}).`;
  }
}
export { mergeSavedPlans, reviewView, type MergedPlans, type NamedPlan } from './merge.ts';
export { publishPlans, type Published, type PublishRequest } from './publish.ts';
