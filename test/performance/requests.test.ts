/**
 * Frugality with Bitbucket's rate limit, through the built CLI against the sandbox: a plan makes
 * exactly the lower bound of requests, an apply adds exactly one per write, and a request budget
 * is refused before work starts that it cannot finish.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupCli, type Cli } from '../support/cli.ts';
import { generatedWorkspace, type GeneratedWorkspace } from '../support/generated-workspace.ts';

const requestsSeen = (cli: Cli) => cli.sandbox.requests.length + cli.sandbox.tokenRequests.length;
const writesSeen = (cli: Cli) => cli.sandbox.requests.filter((r) => r.method !== 'GET').length;
/** An apply takes its lock (one POST) before reading and releases it (one DELETE) at the end. */
const LOCK_REQUESTS = 2;
const reported = (stdout: string) => Number(/Bitbucket API requests for this plan: (\d+)/.exec(stdout)?.[1]);

async function workspaceCli(ws: GeneratedWorkspace): Promise<Cli> {
  const cli = await setupCli({ sandbox: { seed: ws.seed } });
  await writeFile(join(cli.dir, 'bb-vars.yaml'), ws.manifest);
  return cli;
}

describe('request counts on a generated workspace (30 repositories, 2 environments each, 130 variables per scope)', () => {
  const ws = generatedWorkspace(30, 130);

  it('plan reads with exactly the lower bound of requests, and says how many it made', async () => {
    const cli = await workspaceCli(ws);
    const plan = await cli.run(['reconcile', '--detailed-exitcode']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain(`Plan: 0 to create, ${ws.changes} to update, 0 to replace, 0 to delete.`);
    // 1 token + 91 scopes × 2 pages + 30 environments lists.
    expect(ws.planLowerBound).toBe(213);
    expect(requestsSeen(cli)).toBe(ws.planLowerBound);
    expect(reported(plan.stdout)).toBe(ws.planLowerBound);
    expect(writesSeen(cli)).toBe(0);
  });

  it('apply adds exactly one request per write, and the next plan needs only reads', async () => {
    const cli = await workspaceCli(ws);
    const apply = await cli.run(['reconcile', '--apply']);
    expect(apply.code).toBe(0);
    // One update per repository, every declared scope records its managed keys once, and the
    // inventory of managed repositories is written once (before the first repository is touched).
    const writes = ws.changes + ws.scopes + 1;
    expect(writesSeen(cli)).toBe(writes + LOCK_REQUESTS);
    expect(requestsSeen(cli)).toBe(ws.planLowerBound + writes + LOCK_REQUESTS);
    expect(apply.stdout).toContain(
      `Bitbucket API requests: ${writes} to apply, ${ws.planLowerBound + writes + LOCK_REQUESTS} in total.`,
    );

    const before = requestsSeen(cli);
    const again = await cli.run(['reconcile', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    // The bookkeeping variable makes 131 per scope: still two pages each.
    expect(requestsSeen(cli) - before).toBe(ws.planLowerBound);
  });
});

describe('--max-requests', () => {
  const ws = generatedWorkspace(10, 20);

  it('refuses before the first request when the budget cannot cover the minimum reads', async () => {
    const cli = await workspaceCli(ws);
    const result = await cli.run(['reconcile', '--max-requests', String(ws.minimumReads - 1)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: Not starting reading the live variables: it needs about ${ws.minimumReads} API requests but the budget (--max-requests) has ${ws.minimumReads - 1} left. Raise --max-requests, or narrow the run with --target.\n`,
    );
    expect(requestsSeen(cli)).toBe(0);
  });

  it('reads within a budget that covers them exactly', async () => {
    const cli = await workspaceCli(ws);
    const result = await cli.run(['reconcile', '--max-requests', String(ws.planLowerBound)]);
    expect(result.code).toBe(0);
    expect(requestsSeen(cli)).toBe(ws.planLowerBound);
  });

  it('refuses an apply it cannot finish before writing anything', async () => {
    const cli = await workspaceCli(ws);
    // Reads, the lock's POST, and 5 more.
    const budget = ws.planLowerBound + 1 + 5;
    const result = await cli.run(['reconcile', '--apply', '--max-requests', String(budget)]);
    expect(result.code).toBe(1);
    const writes = ws.changes + ws.scopes + 1;
    // The writes and the lock's release.
    expect(result.stderr).toContain(
      `Error: Not starting the apply (${writes} writes): it needs about ${writes + 1} API requests but the budget (--max-requests) has 5 left.`,
    );
    expect(result.stdout).toContain(`Plan: 0 to create, ${ws.changes} to update`);
    // Only the lock was taken and released.
    expect(writesSeen(cli)).toBe(LOCK_REQUESTS);
    expect(requestsSeen(cli)).toBe(ws.planLowerBound + LOCK_REQUESTS);
  });

  it('a targeted run needs, and is allowed, only its own reads', async () => {
    const cli = await workspaceCli(ws);
    // repo-0001 and its two environments: token + 3 lists + 1 environments list.
    const result = await cli.run(['reconcile', '--target', 'repo-0001', '--max-requests', '5']);
    expect(result.code).toBe(0);
    expect(requestsSeen(cli)).toBe(5);
  });
});
