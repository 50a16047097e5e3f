/**
 * `bb-vars publish` (issue 16): saved JSON plans published as one comment and one report; the
 * shards of a plan publish exactly what the unsharded plan does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupCli, type Cli } from '../support/cli.ts';
import {
  MANIFEST_V1,
  MANIFEST_V2,
  outputs,
  SECRET_V1,
  SECRETS,
  scenarioSeed,
  SCENARIO_ENV,
} from '../support/scenario.ts';

const COMMIT = 'ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12';

async function setup(): Promise<Cli> {
  const cli = await setupCli({ sandbox: { seed: scenarioSeed() } });
  Object.assign(cli.env, SCENARIO_ENV, {
    BITBUCKET_REPO_SLUG: 'api',
    BITBUCKET_PR_ID: '7',
    BITBUCKET_COMMIT: COMMIT,
    BITBUCKET_BRANCH: 'feature/x',
  });
  await writeFile(join(cli.dir, 'outputs.json'), outputs(SECRET_V1));
  await writeFile(join(cli.dir, 'bb-vars.yaml'), MANIFEST_V1);
  expect((await cli.run(['reconcile', '--apply'])).code).toBe(0);
  // With a violation, so merged plans must count max_deletes over all shards.
  await writeFile(
    join(cli.dir, 'bb-vars.yaml'),
    MANIFEST_V2.replace('repositories:\n', 'policy:\n  protected: [web]\n  max_deletes: 2\nrepositories:\n'),
  );
  return cli;
}

/** What the comment, report, annotations and status say now (ids and times left out). */
function published(cli: Cli): unknown {
  const store = cli.sandbox.store;
  const strip = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([k]) => !['uuid', 'created_on', 'updated_on'].includes(k)));
  return {
    comments: store
      .comments('acme', 'api', 7)
      .filter((c) => !c.deleted)
      .map((c) => c.raw),
    reports: store.reports('acme', 'api', COMMIT).map((r) => ({ ...strip(r), annotations: r.annotations.map(strip) })),
    statuses: store.statuses('acme', 'api', COMMIT).map(strip),
  };
}

describe('bb-vars publish (issue 16)', () => {
  it('two shards publish the same comment, report and status as the one plan, and as reconcile itself', async () => {
    const cli = await setup();
    const whole = await cli.run(['reconcile', '--format', 'json', '--out', 'all.json']);
    expect(whole.code).toBe(1); // the violation
    for (const i of [0, 1])
      expect(
        (await cli.run(['reconcile', '--shard', `${i}/2`, '--format', 'json', '--out', `s${i}.json`])).code,
      ).not.toBe(2);

    const direct = await cli.run(['reconcile', '--comment-pr', '--report']);
    expect(direct.code).toBe(1);
    const fromReconcile = published(cli);

    const one = await cli.run(['publish', 'all.json', '--comment-pr', '--report']);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('Published Code Insights report bb-vars');
    const fromOne = published(cli);

    const two = await cli.run(['publish', 's0.json', 's1.json', '--comment-pr', '--report']);
    expect(two.code).toBe(1);
    const fromShards = published(cli);

    expect(fromShards).toEqual(fromOne);
    expect(fromOne).toEqual(fromReconcile);
    const view = fromOne as { comments: string[]; reports: Array<{ annotations: unknown[]; result: string }> };
    expect(view.comments).toHaveLength(1);
    expect(view.comments[0]).toContain('the plan deletes 3 variables; policy.max\\_deletes allows at most 2');
    expect(view.reports[0]!.result).toBe('FAILED');
    expect(view.reports[0]!.annotations.length).toBeGreaterThan(5);
    const all = JSON.stringify(fromOne) + one.stdout + one.stderr + two.stdout + two.stderr;
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });

  it('refuses plans of different manifests, and overlapping plans, before any request', async () => {
    const cli = await setup();
    expect((await cli.run(['reconcile', '--format', 'json', '--out', 'a.json'])).code).toBe(1);
    // The same plan as another manifest id would write it (manifest_id is not part of the digest).
    const doc = JSON.parse(await readFile(join(cli.dir, 'a.json'), 'utf8')) as { manifest_id: string };
    await writeFile(join(cli.dir, 'b.json'), JSON.stringify({ ...doc, manifest_id: 'other' }));
    const before = cli.sandbox.requests.length;
    const mixed = await cli.run(['publish', 'a.json', 'b.json', '--comment-pr']);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("b.json is a plan of manifest id 'other', a.json of 'default'");
    const twice = await cli.run(['publish', 'a.json', 'a.json', '--report']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/a\.json plans \S+ again: the plans overlap/);
    expect(cli.sandbox.requests.length).toBe(before);
  });
});
