/**
 * The plan as a pull-request comment that bb-vars keeps up to date: the first run posts it,
 * later runs edit that same comment in place, so a pull request carries one current plan
 * instead of one comment per push.
 */
import type { BitbucketClient } from '../bitbucket/index.ts';
import type { BbComment } from '../bitbucket/types.ts';
import { ApiError } from '../errors.ts';
import type { PlanView } from '../plan/types.ts';
import { PR_COMMENT_MARKER, renderMarkdown } from '../render/markdown.ts';
import { reviewView } from './merge.ts';

/** Bitbucket refuses longer comments; bb-vars stays under it with room to spare. */
export const MAX_COMMENT_CHARS = 32_000;
/** What the markdown renderer is asked for: the bound minus room for the marker and a cut note. */
export const COMMENT_RENDER_CHARS = 30_000;

/** The pull request a plan comment goes to. */
export interface PullRequestTarget {
  workspace: string;
  /** Repository slug. */
  repository: string;
  /** Pull request id (a positive integer). */
  pullRequest: number;
}

/** What `upsertPlanComment` did. */
export interface CommentResult {
  action: 'created' | 'updated' | 'unchanged';
  commentId: number;
}

/**
 * True when `raw` is a bb-vars plan comment: the marker is a line of its own (a human quoting
 * it writes `> ` in front) and the last non-blank line, where the renderer puts it.
 */
export function isPlanComment(raw: string, marker = PR_COMMENT_MARKER): boolean {
  const lines = raw.replace(/\r\n/g, '\n').trimEnd().split('\n');
  return lines[lines.length - 1]?.trimEnd() === marker;
}

/** bb-vars' own comments, newest first (Bitbucket ids grow with time). */
export function findPlanComments(comments: readonly BbComment[], marker = PR_COMMENT_MARKER): BbComment[] {
  return comments.filter((c) => !c.deleted && isPlanComment(c.raw, marker)).sort((a, b) => b.id - a.id);
}

/**
 * The body to post: ends with the marker line (so the next run finds it) and stays under
 * MAX_COMMENT_CHARS even if the caller rendered without a bound; a cut body says so.
 */
export function preparePlanComment(markdown: string, marker = PR_COMMENT_MARKER): string {
  let body = markdown.replace(/\r\n/g, '\n').trimEnd();
  if (isPlanComment(body, marker)) body = body.slice(0, body.length - marker.length).trimEnd();
  const tail = `\n\n${marker}\n`;
  if (body.length + tail.length >= MAX_COMMENT_CHARS) {
    const note = '\n\n… (cut to fit a Bitbucket comment; run `bb-vars reconcile` locally for the full plan)';
    const room = MAX_COMMENT_CHARS - 1 - tail.length - note.length;
    let cut = body.slice(0, room);
    // Cut at a line end so a table row or code span is never left half-open.
    const lastNewline = cut.lastIndexOf('\n');
    if (lastNewline > 0) cut = cut.slice(0, lastNewline);
    // Never leave half of a surrogate pair.
    if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
    body = cut + note;
  }
  return body + tail;
}

/**
 * Posts `markdown` to the pull request, or updates the newest earlier bb-vars comment in place
 * (nothing is sent when it is already identical). Only comments bb-vars wrote are touched: if
 * Bitbucket refuses an edit (403, someone else's comment that happens to end with the marker),
 * the next older candidate is tried, then a new comment is posted.
 *
 * @throws ApiError e.g. 403 naming the missing `pullrequest` scope, 404 for an unknown pull request.
 */
export async function upsertPlanComment(
  client: BitbucketClient,
  target: PullRequestTarget,
  markdown: string,
): Promise<CommentResult> {
  const { workspace, repository, pullRequest } = target;
  const body = preparePlanComment(markdown);
  const existing = findPlanComments(await client.listComments(workspace, repository, pullRequest));
  for (const comment of existing) {
    if (comment.raw.replace(/\r\n/g, '\n').trimEnd() === body.trimEnd())
      return { action: 'unchanged', commentId: comment.id };
    try {
      const updated = await client.updateComment(workspace, repository, pullRequest, comment.id, body);
      return { action: 'updated', commentId: updated.id };
    } catch (error) {
      // Listing worked, so the scope is there: a 403 here means the comment is not ours to edit.
      // (A real permission problem resurfaces on the create below.)
      if (error instanceof ApiError && error.status === 403) continue;
      throw error;
    }
  }
  const created = await client.createComment(workspace, repository, pullRequest, body);
  return { action: 'created', commentId: created.id };
}

/** The plan as a comment body: bounded markdown ending with bb-vars' marker line. Pure. */
export function renderPlanComment(plan: PlanView, targets: readonly string[] = []): string {
  // One canonical order, so shards published together (bb-vars publish) read as the whole plan.
  return preparePlanComment(
    renderMarkdown(reviewView(plan), { maxChars: COMMENT_RENDER_CHARS, marker: PR_COMMENT_MARKER, targets }),
  );
}
