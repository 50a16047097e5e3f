/**
 * `--shard <i>/<n>` (issue 17), through the built CLI against the sandbox: the n shard plans
 * together are the unsharded plan, each shard reads only its own repositories (counted in the
 * sandbox's request log), and a shard's budget is checked before it starts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupCli, type Cli } from '../support/cli.ts';
import { generatedWorkspace } from '../support/generated-workspace.ts';

interface JsonPlan {
  changes: unknown[];
  summary: Record<string, number>;
  unchecked_scopes?: number;
  shard?: { index: number; count: number };
}

const REPOSITORIES = 24;
const ws = generatedWorkspace(REPOSITORIES, 3);

/**
 * The generated manifest as first applied (with a `qa` environment in repo-0005), or as changed
 * since: a workspace value, a new key in repo-0007, and `qa` dropped (its variable is pruned).
 */
function manifest(options: { applied: boolean; reversed?: boolean }): string {
  const text = options.applied
    ? ws.manifest
    : ws.manifest.replace('WS_VAR_0001: ws-value-1', 'WS_VAR_0001: ws-value-1-changed');
  const [head, rest] = text.split('repositories:\n');
  let blocks = rest!.split(/(?=^ {2}repo-)/m).map((block) => {
    if (block.startsWith('  repo-0007:') && !options.applied)
      return block.replace('    variables:\n', '    variables:\n      ADDED_KEY: added\n');
    if (block.startsWith('  repo-0005:') && options.applied)
      return block.replace(
        '    deployments:\n',
        '    deployments:\n      qa:\n        type: Test\n        variables:\n          QA_ONLY: q\n',
      );
    return block;
  });
  // The same repositories in the opposite order: shares depend on slugs, not on positions.
  if (options.reversed) blocks = blocks.reverse();
  return `${head}repositories:\n${blocks.join('')}`;
}

async function workspaceCli(): Promise<Cli> {
  const cli = await setupCli({ sandbox: { seed: ws.seed } });
  await writeFile(join(cli.dir, 'bb-vars.yaml'), manifest({ applied: true }));
  // Apply once with a `qa` environment, then drop it: the plans below also prune a removed deployment.
  expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);
  await writeFile(join(cli.dir, 'bb-vars.yaml'), manifest({ applied: false }));
  // And make drift by hand in two repositories, so there are updates again.
  const repo = (slug: string) => ({ type: 'repository' as const, workspace: 'acme', repository: slug });
  cli.sandbox.store.setVariable(repo('repo-0002'), { key: 'REPO_VAR_0002', value: 'edited by hand' });
  cli.sandbox.store.setVariable(repo('repo-0019'), { key: 'REPO_VAR_0003', value: 'edited by hand' });
  return cli;
}

async function jsonPlan(cli: Cli, ...args: string[]): Promise<JsonPlan> {
  const result = await cli.run(['reconcile', '--format', 'json', ...args]);
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as JsonPlan;
}

const sorted = (changes: unknown[]) => changes.map((c) => JSON.stringify(c)).sort();

/** What one run read: the repositories named in its request paths, and whether it read workspace variables. */
function readsSince(cli: Cli, from: number): { repositories: Set<string>; workspace: boolean } {
  const entries = cli.sandbox.requests.slice(from);
  const repositories = new Set<string>();
  for (const e of entries) {
    const m = /^\/(?:2\.0\/)?repositories\/acme\/([^/]+)\//.exec(e.path);
    if (m) repositories.add(decodeURIComponent(m[1]!));
  }
  return { repositories, workspace: entries.some((e) => e.path.includes('/workspaces/acme/pipelines-config/')) };
}

describe('--shard i/n', { timeout: 180_000 }, () => {
  it('the union of the shard plans is the unsharded plan at n = 2, 3 and 7', async () => {
    const cli = await workspaceCli();
    const full = await jsonPlan(cli);
    expect(full.unchecked_scopes).toBeUndefined();
    // Every kind of change is there: workspace, updates, a create, the pruned deployment's variable.
    const actions = new Set(full.changes.map((c) => (c as { action: string }).action));
    expect([...actions].sort()).toEqual(['create', 'delete', 'update']);
    expect(full.changes.some((c) => (c as { scope: { type: string } }).scope.type === 'workspace')).toBe(true);
    expect(full.changes).toContainEqual(
      expect.objectContaining({
        action: 'delete',
        key: 'QA_ONLY',
        scope: expect.objectContaining({ environment: 'qa' }),
      }),
    );

    for (const n of [2, 3, 7]) {
      const union: unknown[] = [];
      let unchecked = 0;
      for (let i = 0; i < n; i++) {
        const shard = await jsonPlan(cli, '--shard', `${i}/${n}`);
        expect(shard.shard).toEqual({ index: i, count: n });
        union.push(...shard.changes);
        unchecked += shard.unchecked_scopes!;
      }
      expect(sorted(union)).toEqual(sorted(full.changes));
      // Each declared scope is checked by exactly one shard: the others count it as unchecked.
      expect(unchecked).toBe((n - 1) * ws.scopes);
    }
  });

  it('no shard reads another shard’s repositories; workspace variables are read by shard 0 only', async () => {
    const cli = await workspaceCli();
    const n = 3;
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const from = cli.sandbox.requests.length;
      const text = await cli.run(['reconcile', '--shard', `${i}/${n}`]);
      expect(text.code).toBe(0);
      const reads = readsSince(cli, from);
      expect(reads.workspace).toBe(i === 0);
      for (const slug of reads.repositories) {
        expect(seen.get(slug), `${slug} read by shards ${seen.get(slug)} and ${i}`).toBeUndefined();
        seen.set(slug, i);
      }
      const share = new RegExp(
        `Limited: shard ${i}/${n}: ${reads.repositories.size} of ${REPOSITORIES} repositories${i === 0 ? ' and the workspace variables' : ''}; \\d+ scopes not checked for drift\\.`,
      );
      expect(text.stdout).toMatch(share);
      expect(text.stdout).not.toContain('Bitbucket matches the manifest');
    }
    // Together they read every repository, and a share is neither empty nor everything.
    expect(seen.size).toBe(REPOSITORIES);
    for (let i = 0; i < n; i++) expect([...seen.values()].filter((s) => s === i).length).toBeGreaterThan(0);

    // Shares follow the slug, not the manifest's order.
    await writeFile(join(cli.dir, 'bb-vars.yaml'), manifest({ applied: false, reversed: true }));
    for (let i = 0; i < n; i++) {
      const from = cli.sandbox.requests.length;
      expect((await cli.run(['reconcile', '--shard', `${i}/${n}`])).code).toBe(0);
      const again = readsSince(cli, from).repositories;
      expect([...again].sort()).toEqual([...seen.keys()].filter((slug) => seen.get(slug) === i).sort());
    }
  });

  it('a shard without changes says what it checked, never that the workspace is in sync', async () => {
    const cli = await workspaceCli();
    expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);
    const text = await cli.run(['reconcile', '--shard', '1/2', '--detailed-exitcode']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No changes in the checked scopes: they match the manifest.');
    expect(text.stdout).toMatch(/Limited: shard 1\/2: \d+ of 24 repositories; \d+ scopes not checked for drift\./);
    const markdown = await cli.run(['reconcile', '--shard', '1/2', '--format', 'markdown']);
    expect(markdown.stdout).toMatch(/Limited: shard 1\/2: \d+ of 24 repositories; \d+ scopes not checked for drift\./);
    expect(markdown.stdout).not.toContain('Bitbucket matches the manifest');
  });

  it('--max-requests: a shard that cannot finish within the budget says so before its first request', async () => {
    const cli = await workspaceCli();
    const from = cli.sandbox.requests.length;
    const tokens = cli.sandbox.tokenRequests.length;
    const result = await cli.run(['reconcile', '--shard', '2/3', '--max-requests', '5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: Not starting reading the live variables of shard 2\/3: it needs about \d+ API requests but the budget \(--max-requests\) has 5 left\./,
    );
    expect(cli.sandbox.requests.length).toBe(from);
    expect(cli.sandbox.tokenRequests.length).toBe(tokens);
    // A budget that covers the shard is enough, although it could not cover the whole workspace.
    const enough = await cli.run(['reconcile', '--shard', '2/3', '--max-requests', String(ws.planLowerBound - 20)]);
    expect(enough.code).toBe(0);
  });

  it('a saved shard plan applies that shard only, and --apply --plan repeats its reads', async () => {
    const cli = await workspaceCli();
    const saved = await cli.run(['reconcile', '--shard', '1/3', '--format', 'json', '--out', 'plan.json']);
    expect(saved.code).toBe(0);
    const planned = JSON.parse(saved.stdout) as JsonPlan;
    expect(planned.changes.length).toBeGreaterThan(0);
    const apply = await cli.run(['reconcile', '--apply', '--plan', 'plan.json']);
    expect(apply.stderr).not.toMatch(/Error/);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/Limited: shard 1\/3: /);
    expect((await jsonPlan(cli, '--shard', '1/3')).changes).toEqual([]);
    // The other shards' changes are still pending: exactly the full plan minus shard 1's.
    const rest = await jsonPlan(cli);
    expect(rest.changes.length).toBeGreaterThan(0);
    expect(sorted(rest.changes)).toEqual(
      sorted([...(await jsonPlan(cli, '--shard', '0/3')).changes, ...(await jsonPlan(cli, '--shard', '2/3')).changes]),
    );
    const mixed = await cli.run(['reconcile', '--apply', '--plan', 'plan.json', '--shard', '2/3']);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('--shard cannot change a saved plan');
  });

  it('bb-vars publish: the merged comment of 3 shards is the unsharded comment', async () => {
    const cli = await workspaceCli();
    const comments = () =>
      cli.sandbox.store
        .comments('acme', 'repo-0001', 1)
        .filter((c) => !c.deleted)
        .map((c) => c.raw);
    expect((await cli.run(['reconcile', '--comment-pr'])).code).toBe(0);
    const direct = comments();
    expect(direct).toHaveLength(1);
    for (let i = 0; i < 3; i++)
      expect((await cli.run(['reconcile', '--shard', `${i}/3`, '--format', 'json', '--out', `s${i}.json`])).code).toBe(
        0,
      );
    const published = await cli.run(['publish', 's0.json', 's1.json', 's2.json', '--comment-pr']);
    expect(published.stderr).toBe('');
    expect(published.code).toBe(0);
    expect(comments()).toEqual(direct);
  });

  it('a malformed --shard is a usage error', async () => {
    const cli = await setupCli({ sandbox: { seed: ws.seed } });
    for (const bad of ['3/3', '1', 'a/b', '0/0', '1/2/3']) {
      const result = await cli.run(['reconcile', '--shard', bad]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('--shard must be <i>/<n> with 0 <= i < n');
      expect(cli.sandbox.requests.length).toBe(0);
    }
  });
});
