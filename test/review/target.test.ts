import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import {
  findPlanComments,
  isPlanComment,
  preparePlanComment,
  resolvePullRequestTarget,
  MAX_COMMENT_CHARS,
} from '../../src/review/index.ts';
import { PR_COMMENT_MARKER } from '../../src/render/markdown.ts';

const env = { BITBUCKET_PR_ID: '12', BITBUCKET_REPO_SLUG: 'api', BITBUCKET_WORKSPACE: 'acme' };

describe('resolvePullRequestTarget', () => {
  it('is undefined without --comment-pr', () => {
    expect(resolvePullRequestTarget(undefined, env)).toBeUndefined();
  });

  it('takes the id from the flag, else BITBUCKET_PR_ID, and the workspace from the manifest first', () => {
    expect(resolvePullRequestTarget('', env)).toEqual({ workspace: 'acme', repository: 'api', pullRequest: 12 });
    expect(resolvePullRequestTarget('34', env, 'other')).toEqual({
      workspace: 'other',
      repository: 'api',
      pullRequest: 34,
    });
  });

  it.each([
    [
      '',
      { ...env, BITBUCKET_PR_ID: undefined },
      /needs a pull request id: pass --comment-pr <id>, or set BITBUCKET_PR_ID/,
    ],
    ['', { ...env, BITBUCKET_PR_ID: '  ' }, /needs a pull request id/],
    ['abc', env, /--comment-pr must be a pull request number .*got 'abc'/],
    ['', { ...env, BITBUCKET_PR_ID: '12a' }, /BITBUCKET_PR_ID must be a pull request number .*got '12a'/],
    ['0', env, /must be a pull request number/],
    ['99999999999999999999', env, /must be a pull request number/],
    ['', { ...env, BITBUCKET_REPO_SLUG: undefined }, /set BITBUCKET_REPO_SLUG/],
    ['', { ...env, BITBUCKET_REPO_SLUG: 'a/b' }, /BITBUCKET_REPO_SLUG 'a\/b' is not a repository slug/],
    ['', { ...env, BITBUCKET_WORKSPACE: undefined }, /set `workspace:` in the manifest or BITBUCKET_WORKSPACE/],
  ])('flag %j with %j fails clearly', (flag, e, message) => {
    expect(() => resolvePullRequestTarget(flag, e)).toThrow(UsageError);
    expect(() => resolvePullRequestTarget(flag, e)).toThrow(message);
  });
});

describe('recognising bb-vars comments', () => {
  it('needs the marker as the last line of its own', () => {
    expect(isPlanComment(`plan\n\n${PR_COMMENT_MARKER}\n`)).toBe(true);
    expect(isPlanComment(`plan\r\n\r\n${PR_COMMENT_MARKER}\r\n`)).toBe(true);
    expect(isPlanComment(`> ${PR_COMMENT_MARKER}`)).toBe(false);
    expect(isPlanComment(`see ${PR_COMMENT_MARKER} above`)).toBe(false);
    expect(isPlanComment(`${PR_COMMENT_MARKER}\n\nand then I said`)).toBe(false);
  });

  it('lists non-deleted plan comments newest first', () => {
    const raw = `x\n${PR_COMMENT_MARKER}`;
    const found = findPlanComments([
      { id: 3, raw, deleted: false },
      { id: 9, raw, deleted: true },
      { id: 5, raw, deleted: false },
      { id: 7, raw: 'human', deleted: false },
    ]);
    expect(found.map((c) => c.id)).toEqual([5, 3]);
  });
});

describe('preparePlanComment', () => {
  it('adds the marker once', () => {
    expect(preparePlanComment('plan')).toBe(`plan\n\n${PR_COMMENT_MARKER}\n`);
    expect(preparePlanComment(`plan\n\n${PR_COMMENT_MARKER}\n`)).toBe(`plan\n\n${PR_COMMENT_MARKER}\n`);
  });

  it('cuts at a line end and never splits a surrogate pair', () => {
    const line = `${'😀'.repeat(7)}\n`;
    const out = preparePlanComment(line.repeat(10_000));
    expect(out.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    const body = out.split('\n\n…')[0]!;
    expect(body.split('\n').every((l) => l === '😀'.repeat(7))).toBe(true);
    const oneLine = preparePlanComment('😀'.repeat(20_000));
    expect(oneLine.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(oneLine).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
