/**
 * Which pull request `--comment-pr` comments on. Bitbucket Pipelines sets BITBUCKET_PR_ID and
 * BITBUCKET_REPO_SLUG in pull-request pipelines, so in CI the bare flag is enough. Pure.
 */
import { SLUG_PATTERN } from '../core/names.ts';
import { UsageError } from '../errors.ts';
import type { PullRequestTarget } from './comment.ts';
import type { ReportTarget } from './report.ts';

type Env = Record<string, string | undefined>;

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * The pull request to comment on, or undefined when `--comment-pr` was not given.
 *
 * @param flag the flag's value as `parseCommandArgs` returns it: undefined (flag absent), `''`
 *   (bare `--comment-pr`) or the id given after it.
 * @param workspace the manifest's workspace, if it names one; else `$BITBUCKET_WORKSPACE`.
 * @throws UsageError naming what is missing or malformed and how to provide it.
 */
export function resolvePullRequestTarget(
  flag: string | undefined,
  env: Env,
  workspace?: string,
): PullRequestTarget | undefined {
  if (flag === undefined) return undefined;
  const given = present(flag);
  const raw = given ?? present(env.BITBUCKET_PR_ID);
  if (raw === undefined) {
    throw new UsageError(
      '--comment-pr needs a pull request id: pass --comment-pr <id>, or set BITBUCKET_PR_ID (Bitbucket Pipelines sets it in pull-request pipelines, i.e. under `pipelines: pull-requests:`).',
    );
  }
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    const from = given !== undefined ? '--comment-pr' : 'BITBUCKET_PR_ID';
    throw new UsageError(`${from} must be a pull request number (the digits in .../pull-requests/<id>), got '${raw}'.`);
  }
  const repository = present(env.BITBUCKET_REPO_SLUG);
  if (repository === undefined) {
    throw new UsageError(
      '--comment-pr needs the repository of the pull request: set BITBUCKET_REPO_SLUG to its slug (Bitbucket Pipelines sets it in every step).',
    );
  }
  if (!SLUG_PATTERN.test(repository)) {
    throw new UsageError(
      `BITBUCKET_REPO_SLUG '${repository}' is not a repository slug: use the name as in bitbucket.org/<workspace>/<slug>.`,
    );
  }
  const ws = present(workspace) ?? present(env.BITBUCKET_WORKSPACE);
  if (ws === undefined) {
    throw new UsageError(
      '--comment-pr needs the workspace of the pull request: set `workspace:` in the manifest or BITBUCKET_WORKSPACE.',
    );
  }
  return { workspace: ws, repository, pullRequest: Number(raw) };
}

/**
 * The commit `--report` publishes to: `$BITBUCKET_COMMIT` of `$BITBUCKET_REPO_SLUG` (Pipelines sets
 * both in every step), with `$BITBUCKET_BRANCH` as the status' refname when set.
 *
 * @throws UsageError naming what is missing or malformed and how to provide it.
 */
export function resolveReportTarget(env: Env, workspace?: string): ReportTarget {
  const commit = present(env.BITBUCKET_COMMIT);
  if (commit === undefined || !/^[0-9a-f]{7,40}$/i.test(commit)) {
    throw new UsageError(
      commit === undefined
        ? '--report needs the commit to report on: set BITBUCKET_COMMIT to its hash (Bitbucket Pipelines sets it in every step).'
        : `BITBUCKET_COMMIT '${commit}' is not a commit hash (7 to 40 hexadecimal digits).`,
    );
  }
  const repository = present(env.BITBUCKET_REPO_SLUG);
  if (repository === undefined || !SLUG_PATTERN.test(repository)) {
    throw new UsageError(
      repository === undefined
        ? '--report needs the repository of the commit: set BITBUCKET_REPO_SLUG to its slug (Bitbucket Pipelines sets it in every step).'
        : `BITBUCKET_REPO_SLUG '${repository}' is not a repository slug: use the name as in bitbucket.org/<workspace>/<slug>.`,
    );
  }
  const ws = present(workspace) ?? present(env.BITBUCKET_WORKSPACE);
  if (ws === undefined)
    throw new UsageError('--report needs the workspace: set `workspace:` in the manifest or BITBUCKET_WORKSPACE.');
  const branch = present(env.BITBUCKET_BRANCH);
  const build = present(env.BITBUCKET_BUILD_NUMBER);
  const pr = present(env.BITBUCKET_PR_ID);
  const base = `https://bitbucket.org/${encodeURIComponent(ws)}/${encodeURIComponent(repository)}`;
  const url =
    build !== undefined && /^\d+$/.test(build)
      ? `${base}/pipelines/results/${build}`
      : pr !== undefined && /^\d+$/.test(pr)
        ? `${base}/pull-requests/${pr}`
        : `${base}/commits/${commit}`;
  return { workspace: ws, repository, commit, ...(branch ? { branch } : {}), url };
}
