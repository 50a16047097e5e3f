// Large workspaces (issue 17): what `--changed-since` and `--shard` cost on a generated workspace,
// counted in the sandbox's request log. The workspace lives in a git repository made for the run.
//
//   - a pull request that changes one repository's production variable, planned with
//     `--changed-since HEAD`: at most 1 token + that scope's list pages + its repository's
//     environments list + its repository's variables (which hold the record), against the full
//     plan's requests;
//   - the plan split into 6 shards: requests per shard (each with its own token).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../dist/lib.mjs';
import { PAGELEN, describeWorkspace, expectations, seedFor, writeWorkspace } from './workspace.mjs';

const SHARDS = 6;

function git(dir, ...args) {
  execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Sets the first production variable of `repository` to a new value in the manifest text. */
function changeOneRepository(text, repository) {
  const at = text.indexOf(`\n  ${repository}:\n`);
  const production = text.indexOf('\n      production:\n', at);
  const line = text.indexOf('          PRODUCTION_0001: ', production);
  if (at < 0 || production < 0 || line < 0)
    throw new Error(`no production variables for ${repository} in the manifest`);
  const end = text.indexOf('\n', line);
  return `${text.slice(0, line)}          PRODUCTION_0001: changed-in-this-pull-request${text.slice(end)}`;
}

/**
 * `{ repositories, full, changed: { requests, bound }, shards: [{ shard, repositories, requests }] }`.
 * `run(args, options)` runs the CLI (bench/run.mjs's runner); `window` counts what the sandbox saw.
 */
export async function benchScale({ repositories, latencyMs, credentials, run, env: cliEnv, mark, window }) {
  const ws = describeWorkspace({ repositories });
  const expected = expectations(ws);
  const dir = await mkdtemp(join(tmpdir(), `bb-vars-bench-scale-${repositories}-`));
  const sandbox = await startSandbox({ seed: seedFor(ws, credentials), latencyMs });
  try {
    const { manifest } = await writeWorkspace(dir, ws);
    git(dir, 'init', '-q');
    git(dir, 'config', 'user.name', 'bb-vars bench');
    git(dir, 'config', 'user.email', 'bench@example.invalid');
    git(dir, 'config', 'commit.gpgsign', 'false');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const env = cliEnv(sandbox);
    const args = ['reconcile', '-c', manifest];
    const measure = async (extra) => {
      const from = mark(sandbox);
      const result = await run([...args, ...extra], { cwd: dir, env });
      if (result.code !== 0 && result.code !== 2)
        throw new Error(`bb-vars ${extra.join(' ')} failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
      return { ...window(sandbox, from), stdout: result.stdout };
    };

    const full = await measure([]);

    // One repository's production variable changes in the pull request.
    const slug = `repo-${String(Math.ceil(repositories / 2)).padStart(4, '0')}`;
    await writeFile(manifest, changeOneRepository(await readFile(manifest, 'utf8'), slug));
    const scope = ws.scopes.find((s) => s.repository === slug && s.environment === 'production');
    // A deployment's record lives in its repository's record, so that repository's variables are read too.
    const repository = ws.scopes.find((s) => s.type === 'repository' && s.repository === slug);
    const pages = (n) => Math.max(1, Math.ceil(n / PAGELEN));
    const bound = 1 + pages(scope.live) + 1 + pages(repository.live);
    const changed = await measure(['--changed-since', 'HEAD']);
    git(dir, 'checkout', '-q', '--', '.');

    const shards = [];
    for (let i = 0; i < SHARDS; i++) {
      const seen = await measure(['--shard', `${i}/${SHARDS}`]);
      const share = new RegExp(`shard ${i}/${SHARDS}: (\\d+) of`).exec(seen.stdout);
      shards.push({ shard: `${i}/${SHARDS}`, repositories: Number(share?.[1]), requests: seen.requests });
    }
    return {
      repositories,
      scopes: expected.scopes,
      full: { requests: full.requests, lowerBound: expected.planRequests },
      changed: { repository: slug, requests: changed.requests, bound, ratio: changed.requests / full.requests },
      shards,
    };
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Markdown, pasted as-is into docs/performance.md. */
export function printScale(result) {
  const { full, changed, shards } = result;
  console.log(`\n### Large workspaces: ${result.repositories} repositories, ${result.scopes} scopes\n`);
  console.log(`- full plan: ${full.requests} requests (lower bound ${full.lowerBound})`);
  console.log(
    `- one repository changed (${changed.repository}, production), \`--changed-since HEAD\`: ${changed.requests} requests ` +
      `(target ≤ ${changed.bound}: 1 token + the scope's pages + the environments list + the repository's variables, which hold its record; ${changed.requests <= changed.bound ? 'ok' : 'MISSED'}), ` +
      `${(changed.ratio * 100).toFixed(2)} % of the full plan (1 : ${Math.round(1 / changed.ratio)})`,
  );
  const total = shards.reduce((n, s) => n + s.requests, 0);
  const max = Math.max(...shards.map((s) => s.requests));
  console.log(`- \`--shard i/${shards.length}\`: ${total} requests in all, at most ${max} per shard\n`);
  console.log('| shard | repositories | requests |');
  console.log('|---|---|---|');
  for (const s of shards) console.log(`| ${s.shard} | ${s.repositories} | ${s.requests} |`);
}
