// Fleets (issue 15): what a `projects:` fan-out costs, counted in the sandbox's request log. One
// project of N repositories is declared once; its repositories are listed at plan time
// (`GET /repositories/{workspace}?q=project.key="FLEET"`, 100 per page), then read as if each
// were declared under `repositories:`. A few repositories of another project must not be read.
//
//   - the first plan: requests against the lower bound (that of the same repositories declared
//     one by one, plus ⌈N / 100⌉ listing pages);
//   - the apply: its writes against the expected ones;
//   - the second plan: clean (exit 0 with --detailed-exitcode), and its requests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../dist/lib.mjs';
import { PROJECT_KEY, describeProject, projectExpectations, projectManifestFor, projectSeedFor } from './workspace.mjs';

const LISTING = 'GET /repositories/{workspace}';
const SONAR_TOKEN = 'bench-sonar-token-never-printed-7Hq2';

/**
 * `{ repositories, scopes, listing, plan, apply, replan, otherRead, leaked }`.
 * `run(args, options)` runs the CLI (bench/run.mjs's runner); `window` counts what the sandbox saw.
 */
export async function benchProjects({ repositories, latencyMs, credentials, run, env: cliEnv, mark, window }) {
  const p = describeProject({ repositories });
  const expected = projectExpectations(p);
  const dir = await mkdtemp(join(tmpdir(), `bb-vars-bench-projects-${repositories}-`));
  const sandbox = await startSandbox({ seed: projectSeedFor(p, credentials), latencyMs });
  try {
    const manifest = join(dir, 'bb-vars.yaml');
    await writeFile(manifest, projectManifestFor(p));
    const env = { ...cliEnv(sandbox), SONAR_TOKEN };
    const args = ['reconcile', '-c', manifest];
    const outputs = [];
    const measure = async (extra) => {
      const from = mark(sandbox);
      const result = await run([...args, ...extra], { cwd: dir, env });
      outputs.push(result.stdout, result.stderr);
      return { result, seen: window(sandbox, from), log: sandbox.requests.slice(from.api) };
    };

    const plan = await measure(['--detailed-exitcode']);
    if (plan.result.code !== 2)
      throw new Error(`the first plan should have changes (exit 2), got ${plan.result.code}:\n${plan.result.stderr}`);
    const listings = plan.log.filter((e) => e.route === LISTING);

    const apply = await measure(['--apply']);
    if (apply.result.code !== 0)
      throw new Error(`apply failed (exit ${apply.result.code}):\n${apply.result.stderr.slice(-3000)}`);

    const replan = await measure(['--detailed-exitcode']);
    if (replan.result.code !== 0)
      throw new Error(
        `plan after apply is not clean (exit ${replan.result.code}):\n${replan.result.stdout.slice(-2000)}${replan.result.stderr.slice(-2000)}`,
      );

    return {
      repositories,
      scopes: expected.scopes,
      listing: {
        pages: listings.length,
        expected: expected.listPages,
        queries: [...new Set(listings.map((e) => e.query.q))],
      },
      plan: {
        requests: plan.seen.requests,
        repositoryBound: expected.repositoryBound,
        lowerBound: expected.planRequests,
        ratio: plan.seen.requests / expected.planRequests,
        seconds: plan.seen.ms / 1000,
      },
      apply: { requests: apply.seen.requests, writes: apply.seen.writes, expectedWrites: expected.writes },
      replan: {
        requests: replan.seen.requests,
        lowerBound: expected.replanRequests,
        ratio: replan.seen.requests / expected.replanRequests,
      },
      // Requests that touched a repository of the other project (must be 0).
      otherRead: sandbox.requests.filter((e) => e.path.includes('/other-')).length,
      leaked: outputs.some((text) => text.includes(SONAR_TOKEN)),
    };
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const ok = (good) => (good ? 'ok' : 'MISSED');
const n = (x) => x.toLocaleString('en-US');

/** Markdown, pasted as-is into docs/performance.md. Returns false when a target is missed. */
export function printProjects(r) {
  const listingOk =
    r.listing.pages === r.listing.expected && r.listing.queries.join() === `project.key="${PROJECT_KEY}"`;
  const planOk = r.plan.ratio <= 1;
  const writesOk = r.apply.writes === r.apply.expectedWrites;
  const replanOk = r.replan.ratio <= 1;
  console.log(`\n### Projects: one project of ${n(r.repositories)} repositories (${n(r.scopes)} scopes)\n`);
  console.log(
    `- listing pages (\`GET /repositories/{workspace}?q=project.key="${PROJECT_KEY}"\`): ${r.listing.pages} ` +
      `(⌈${n(r.repositories)} / 100⌉ = ${r.listing.expected}; ${ok(listingOk)})`,
  );
  console.log(
    `- first plan: ${n(r.plan.requests)} requests, lower bound ${n(r.plan.lowerBound)} ` +
      `(${n(r.plan.repositoryBound)} for the same repositories declared under \`repositories:\` + ${r.listing.expected} listing pages): ` +
      `ratio ${r.plan.ratio.toFixed(2)} (target 1.00; ${ok(planOk)}), read in ${r.plan.seconds.toFixed(2)} s`,
  );
  console.log(
    `- apply: ${n(r.apply.writes)} writes (expected ${n(r.apply.expectedWrites)}: 3 variables per repository, the missing ` +
      `environments, per scope an intent and a record, the inventory and the lock; ${ok(writesOk)}), ${n(r.apply.requests)} requests in all`,
  );
  console.log(
    `- second plan: clean (exit 0), ${n(r.replan.requests)} requests, lower bound ${n(r.replan.lowerBound)}: ` +
      `ratio ${r.replan.ratio.toFixed(2)} (${ok(replanOk)})`,
  );
  console.log(`- repositories of another project read: ${r.otherRead} (${ok(r.otherRead === 0)})`);
  console.log(`- secured value in any output: ${r.leaked ? 'yes (MISSED)' : 'no (ok)'}`);
  return listingOk && planOk && writesOk && replanOk && r.otherRead === 0 && !r.leaked;
}
