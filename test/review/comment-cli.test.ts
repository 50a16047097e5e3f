/** `reconcile --comment-pr` end to end: the built CLI posts and updates its plan comment in the sandbox. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BitbucketClient } from '../../src/bitbucket/index.ts';
import { PR_COMMENT_MARKER } from '../../src/render/markdown.ts';
import { findPlanComments } from '../../src/review/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { ROOT, setupCli } from '../support/cli.ts';
import { CLIENT_ID, CLIENT_SECRET, SECRETS, e2eEnv, e2eSeed } from '../support/seeds.ts';

const FIXTURE = join(ROOT, 'test/e2e/fixtures/basic');

async function comments(sandbox: Sandbox) {
  const client = new BitbucketClient({
    apiUrl: sandbox.url,
    credentials: { kind: 'oauth', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenUrl: sandbox.tokenUrl },
  });
  return client.listComments('acme', 'api', 7);
}

describe('reconcile --comment-pr (end to end)', () => {
  it('posts the plan to the pull request, then keeps one comment up to date', async () => {
    const cli = await setupCli({ sandbox: { seed: e2eSeed() }, fixture: FIXTURE });
    Object.assign(cli.env, e2eEnv());

    const first = await cli.run(['reconcile', '--detailed-exitcode', '--comment-pr']);
    expect(first.code).toBe(2);
    const afterFirst = findPlanComments(await comments(cli.sandbox));
    expect(afterFirst).toHaveLength(1);
    expect(afterFirst[0]!.raw).toContain('Plan: 8 to create');
    expect(afterFirst[0]!.raw.trimEnd().endsWith(PR_COMMENT_MARKER)).toBe(true);

    expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);
    const second = await cli.run(['reconcile', '--detailed-exitcode', '--comment-pr', '7']);
    expect(second.code).toBe(0);
    const all = await comments(cli.sandbox);
    const ours = findPlanComments(all);
    expect(ours.map((c) => c.id)).toEqual([afterFirst[0]!.id]);
    expect(ours[0]!.raw).toContain('No changes');
    for (const secret of SECRETS) {
      expect(all.map((c) => c.raw).join('\n')).not.toContain(secret);
      expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(secret);
    }
  });

  it('fails clearly without a pull request id', async () => {
    const cli = await setupCli({ sandbox: { seed: e2eSeed() }, fixture: FIXTURE });
    Object.assign(cli.env, e2eEnv());
    const result = await cli.run(['reconcile', '--comment-pr'], { env: { BITBUCKET_PR_ID: undefined } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--comment-pr needs a pull request id/);
    expect(findPlanComments(await comments(cli.sandbox))).toEqual([]);
  });

  it('names the missing pullrequest scope', async () => {
    const seed = e2eSeed();
    seed.credentials!.oauthConsumers![0]!.scopes = ['pipeline', 'pipeline:variable'];
    const cli = await setupCli({ sandbox: { seed }, fixture: FIXTURE });
    Object.assign(cli.env, e2eEnv());
    const result = await cli.run(['reconcile', '--comment-pr']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lack the scope pullrequest/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
