import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.ts';
import { PR_COMMENT_MARKER } from '../../src/render/markdown.ts';
import {
  MAX_COMMENT_CHARS,
  commentPlan,
  findPlanComments,
  formatCommentResult,
  renderPlanComment,
  upsertPlanComment,
} from '../../src/review/index.ts';
import {
  HUMAN,
  IMPOSTOR,
  QUOTING,
  SECRET,
  TARGET,
  clientFor,
  planWith,
  startReviewSandbox,
} from '../support/review.ts';

const { workspace, repository, pullRequest } = TARGET;

describe('upsertPlanComment against the sandbox', () => {
  it('creates the comment once, then updates the same one in place, leaving human comments alone', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);

    const first = await commentPlan(client, TARGET, planWith(3, 'first'));
    expect(first.action).toBe('created');
    const second = await commentPlan(client, TARGET, planWith(4, 'second'));
    expect(second).toEqual({ action: 'updated', commentId: first.commentId });

    const comments = await client.listComments(workspace, repository, pullRequest);
    const ours = findPlanComments(comments);
    expect(ours.map((c) => c.id)).toEqual([first.commentId]);
    expect(ours[0]!.raw).toContain('second-3');
    expect(ours[0]!.raw).not.toContain('first-0');
    expect(comments.filter((c) => !ours.includes(c)).map((c) => c.raw)).toEqual([HUMAN, QUOTING]);
    expect(formatCommentResult(second, TARGET)).toBe(
      `Updated the plan comment on pull request #7 of acme/api (comment ${first.commentId}).`,
    );
  });

  it('sends nothing when the comment is already identical', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);
    const first = await commentPlan(client, TARGET, planWith(2));
    const writesBefore = sandbox.requests.filter((r) => r.method !== 'GET').length;
    const again = await commentPlan(client, TARGET, planWith(2));
    expect(again).toEqual({ action: 'unchanged', commentId: first.commentId });
    expect(sandbox.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);
  });

  it("never edits someone else's comment that ends with the marker: posts its own instead", async () => {
    const sandbox = await startReviewSandbox([{ raw: IMPOSTOR, author: 'jane' }]);
    const client = clientFor(sandbox);
    const result = await commentPlan(client, TARGET, planWith(1));
    expect(result.action).toBe('created');
    const comments = await client.listComments(workspace, repository, pullRequest);
    expect(comments.map((c) => c.raw)).toContain(IMPOSTOR);
    // The next run finds its own (newest) comment and updates it.
    expect((await commentPlan(client, TARGET, planWith(2))).commentId).toBe(result.commentId);
  });

  it('ignores a deleted plan comment', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);
    const first = await commentPlan(client, TARGET, planWith(1));
    const token = sandbox.issueToken('writer');
    const deleted = await fetch(
      `${sandbox.url}/repositories/${workspace}/${repository}/pullrequests/${pullRequest}/comments/${first.commentId}`,
      {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(deleted.status).toBe(204);
    const next = await commentPlan(client, TARGET, planWith(1));
    expect(next.action).toBe('created');
    expect(next.commentId).not.toBe(first.commentId);
  });

  it('keeps a 2,000-change plan under the comment bound, with the marker and a note about the rest', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);
    const plan = planWith(2_000);
    expect(plan.summary.create).toBe(2_001);
    const result = await commentPlan(client, TARGET, plan);
    const stored = (await client.listComments(workspace, repository, pullRequest)).find(
      (c) => c.id === result.commentId,
    )!;
    expect(stored.raw.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(stored.raw.length).toBeGreaterThan(20_000);
    expect(stored.raw).toContain('**Plan: 2001 to create, 0 to update, 0 to replace, 0 to delete.**');
    expect(stored.raw).toMatch(/… and \d+ more changes not shown/);
    expect(stored.raw.trimEnd().endsWith(`\n${PR_COMMENT_MARKER}`)).toBe(true);
  });

  it('bounds markdown rendered without a limit too', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);
    const huge = `### bb-vars plan\n\n${'| create | `K` | no | `v` |\n'.repeat(5_000)}`;
    const result = await upsertPlanComment(client, TARGET, huge);
    const stored = (await client.listComments(workspace, repository, pullRequest)).find(
      (c) => c.id === result.commentId,
    )!;
    expect(stored.raw.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(stored.raw).toContain('cut to fit a Bitbucket comment');
    expect(
      stored.raw
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .every((l) => l === '| create | `K` | no | `v` |'),
    ).toBe(true);
    expect(findPlanComments([stored]).length).toBe(1);
  });

  it('never puts a secured value into the comment', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);
    const plan = planWith(3);
    expect(renderPlanComment(plan)).toContain('DB_PASSWORD');
    await commentPlan(client, TARGET, plan);
    const posted = sandbox.requests
      .filter((r) => r.method === 'POST' || r.method === 'PUT')
      .map((r) => JSON.stringify(r.body));
    expect(posted.length).toBe(1);
    expect(posted.join('\n')).not.toContain(SECRET);
    expect(posted.join('\n')).toContain('DB_PASSWORD');
  });

  it('names the missing pullrequest scope on a 403', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox, 'no-pr');
    const attempt = commentPlan(client, TARGET, planWith(1));
    await expect(attempt).rejects.toBeInstanceOf(ApiError);
    await expect(attempt).rejects.toMatchObject({ status: 403 });
    await expect(attempt).rejects.toThrow(/lack the scope pullrequest.*Pull requests 'Read'/s);
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('says which pull request was not found', async () => {
    const sandbox = await startReviewSandbox();
    const client = clientFor(sandbox);
    await expect(commentPlan(client, { ...TARGET, pullRequest: 999 }, planWith(1))).rejects.toThrow(
      /Not found \(404\).*pull request #999 of repository 'acme\/api'/s,
    );
  });
});
