/**
 * The reader's policy for one reconcile: how many lists a read needs at least, how many of them to
 * keep in flight, and the two rounds of a read (the declared scopes, then the deployments that
 * bookkeeping records say bb-vars still manages although the manifest no longer declares them).
 */
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, readLiveState, type BitbucketClient } from '../bitbucket/index.ts';
import { environmentListKey, type EnvironmentLists } from '../bitbucket/read-state.ts';
import type { DesiredState, LiveState } from '../core/types.ts';
import type { FingerprintKeys } from '../plan/fingerprint.ts';
import { findOrphanDeployments } from '../plan/orphans.ts';

/**
 * The fewest list requests reading live state can take: one per workspace or repository scope
 * and per deployment scope, and one environments list per repository with deployments (plus,
 * for OAuth, the token request the caller adds). Pages beyond the first are unknown until read.
 */
export function minimumLists(desired: DesiredState): number {
  const repositoriesWithDeployments = new Set<string>();
  let lists = 0;
  for (const { scope } of desired.scopes) {
    lists++;
    if (scope.type === 'deployment') repositoriesWithDeployments.add(scope.repository);
  }
  return lists + repositoriesWithDeployments.size;
}

/**
 * How many reads a plan keeps in flight when `--concurrency` is not given. A small plan's reads
 * are a few round trips at any concurrency (environments lists first, then the deployment lists
 * that wait on them), so when the first pages of every list fit in two rounds of at most
 * MAX_CONCURRENCY requests, it sends them that way: a 10-repository plan then reads in 4 round
 * trips instead of 8. Larger plans keep the default: they are bound by Bitbucket's hourly request
 * allowance, not by latency, and a burst of 32 would only meet 429s sooner.
 */
export function readConcurrency(lists: number): number {
  const twoRounds = Math.ceil(lists / 2);
  return twoRounds <= MAX_CONCURRENCY ? Math.max(DEFAULT_CONCURRENCY, twoRounds) : DEFAULT_CONCURRENCY;
}

export interface ReadOptions {
  /** True when the user chose the concurrency (`--concurrency`): the read keeps it. */
  fixedConcurrency: boolean;
  /** Requests spent before the reads start (an OAuth token request), for the budget check. */
  overhead: number;
  /** Records are authenticated with these before they are trusted to name removed deployments. */
  keys: FingerprintKeys;
  manifestId: string;
  /** What the reads are, for the budget message (default `reading the live variables`). */
  what?: string;
  /** Declared scopes this run does not read (`sameScopeId`): not removed, so never pruned. */
  alsoDeclared?: ReadonlySet<string>;
}

/**
 * Reads the live state of the declared scopes and of the deployments removed from the manifest
 * that bb-vars still manages (a second round, only when there are any). Returns the desired
 * state with those deployments added, so the plan prunes them. Leaves the client at the default
 * concurrency (or the user's) for the writes that may follow.
 */
export async function readLive(
  client: BitbucketClient,
  declared: DesiredState,
  options: ReadOptions,
): Promise<{ desired: DesiredState; live: LiveState }> {
  const lists = minimumLists(declared);
  client.assertBudget(lists + options.overhead, options.what ?? 'reading the live variables');
  if (!options.fixedConcurrency) client.setConcurrency(readConcurrency(lists));
  try {
    const environments: EnvironmentLists = new Map();
    const live = await readLiveState(
      client,
      declared.scopes.map((s) => s.scope),
      environments,
    );
    const orphans = findOrphanDeployments(declared, live, options.keys, options.manifestId, options.alsoDeclared);
    if (orphans.length === 0) return { desired: declared, live };
    const repositories = orphans.flatMap((o) => (o.scope.type === 'deployment' ? [o.scope.repository] : []));
    const fresh = new Set(
      repositories.filter((repository) => !environments.has(environmentListKey(declared.workspace, repository))),
    );
    client.assertBudget(orphans.length + fresh.size, 'reading deployments removed from the manifest');
    const more = await readLiveState(
      client,
      orphans.map((s) => s.scope),
      environments,
    );
    return {
      desired: { ...declared, scopes: [...declared.scopes, ...orphans] },
      live: { ...live, scopes: [...live.scopes, ...more.scopes] },
    };
  } finally {
    // Writes (PR comment, apply) keep the default, or what --concurrency asked for.
    if (!options.fixedConcurrency) client.setConcurrency(DEFAULT_CONCURRENCY);
  }
}
