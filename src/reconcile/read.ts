/**
 * The reader's policy for one reconcile: how many lists a read needs at least, how many of them to
 * keep in flight, and the rounds of a read (the declared scopes, then what the inventory and the
 * records say bb-vars still manages although the manifest no longer declares it).
 */
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, readLiveState, type BitbucketClient } from '../bitbucket/index.ts';
import { environmentListKey, type EnvironmentLists } from '../bitbucket/read-state.ts';
import {
  scopeId,
  type DesiredScope,
  type DesiredState,
  type LiveScope,
  type LiveState,
  type ScopeRef,
} from '../core/types.ts';
import { ApiError } from '../errors.ts';
import type { FingerprintKeys } from '../plan/fingerprint.ts';
import { findOrphanDeployments } from '../plan/orphans.ts';
import { listed, managedRepositories, strayInventories, undeclared, type InventoryRead } from './inventory.ts';

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
  /** The manifest's home repository, where the inventory lives (none: a manifest without repositories). */
  home?: string;
  /**
   * How the run is limited. `targets` (--target): the inventory is read only when the home is
   * targeted, and nothing undeclared is read or pruned. `subset` (--shard, --changed-since): the
   * inventory is read only when the home is among the scopes read, and then every repository it
   * lists that the manifest no longer declares is pruned (such a repository is in no shard's
   * share); other runs read nothing extra.
   */
  limited?: 'targets' | 'subset';
  /** Every scope the manifest declares (before --target and --shard): the inventory lists what it no longer does. */
  whole: DesiredState;
}

export interface LiveRead {
  /** The declared scopes, plus what bb-vars still manages that the manifest no longer declares (pruned). */
  desired: DesiredState;
  live: LiveState;
  /** The inventory, when the home repository was read (not read by a run whose targets leave it out). */
  inventory?: InventoryRead;
  /** Repositories the inventory lists that no longer exist: apply drops them from it. */
  gone: string[];
}

/**
 * Reads the live state of the declared scopes (and of the home repository, for its inventory),
 * then of what bb-vars still manages although the manifest no longer declares it: the
 * repositories and the workspace the inventory lists, then the deployments repository records
 * list. Each later round happens only when there is something to read. Returns the desired state
 * with those scopes added, so the plan prunes them. Leaves the client at the default concurrency
 * (or the user's) for the writes that may follow.
 */
export async function readLive(
  client: BitbucketClient,
  declared: DesiredState,
  options: ReadOptions,
): Promise<LiveRead> {
  declared = withRecordScopes(declared);
  const home: ScopeRef | undefined =
    options.home === undefined
      ? undefined
      : { type: 'repository', workspace: declared.workspace, repository: options.home };
  const homeDeclared = home !== undefined && declared.scopes.some((s) => scopeId(s.scope) === scopeId(home));
  // A limited run reads the inventory only when it is free (apply reads it if it must add to it).
  const readHome = home !== undefined && (homeDeclared || options.limited === undefined);
  const lists = minimumLists(declared) + (readHome && !homeDeclared ? 1 : 0);
  client.assertBudget(lists + options.overhead, options.what ?? 'reading the live variables');
  if (!options.fixedConcurrency) client.setConcurrency(readConcurrency(lists));
  try {
    const environments: EnvironmentLists = new Map();
    let live = await readLiveState(
      client,
      [...declared.scopes.map((s) => s.scope), ...(readHome && !homeDeclared ? [home] : [])],
      environments,
    );
    let desired = declared;
    const gone: string[] = [];
    const homeLive = readHome ? live.scopes.find((l) => scopeId(l.scope) === scopeId(home)) : undefined;
    const inventory = homeLive ? managedRepositories(homeLive, options.keys, options.manifestId) : undefined;
    if (inventory && options.limited !== 'targets') {
      const strays = strayInventories(live.scopes, inventory.home, options.keys, options.manifestId);
      if (strays.length > 0) inventory.strays = strays;
    }
    const known = inventory ? listed(inventory) : null;
    if (known && options.limited !== 'targets') {
      const left = undeclared(known, options.whole);
      const scopes: ScopeRef[] = [
        ...(left.workspace ? [{ type: 'workspace' as const, workspace: declared.workspace }] : []),
        ...left.repositories.map((repository) => ({
          type: 'repository' as const,
          workspace: declared.workspace,
          repository,
        })),
      ];
      const read = new Map(live.scopes.map((l) => [scopeId(l.scope), l]));
      const unread = scopes.filter((scope) => !read.has(scopeId(scope)));
      client.assertBudget(unread.length, 'reading repositories removed from the manifest');
      const found = await Promise.all(unread.map((scope) => readUnlessGone(client, scope)));
      for (const [i, scope] of unread.entries()) {
        if (found[i]) read.set(scopeId(scope), found[i]);
        else if (scope.type === 'repository') gone.push(scope.repository);
      }
      const orphans = scopes.filter((scope) => read.has(scopeId(scope)));
      desired = { ...desired, scopes: [...desired.scopes, ...orphans.map(orphanScope)] };
      live = {
        ...live,
        scopes: [
          ...live.scopes.filter((l) => !orphans.some((o) => scopeId(o) === scopeId(l.scope))),
          ...orphans.map((o) => read.get(scopeId(o))!),
        ],
      };
    }
    const orphans = findOrphanDeployments(desired, live, options.keys, options.manifestId, options.alsoDeclared);
    if (orphans.length > 0) {
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
      desired = { ...desired, scopes: [...desired.scopes, ...orphans] };
      live = { ...live, scopes: [...live.scopes, ...more.scopes] };
    }
    return { desired, live, ...(inventory ? { inventory } : {}), gone };
  } finally {
    // Writes (PR comment, apply) keep the default, or what --concurrency asked for.
    if (!options.fixedConcurrency) client.setConcurrency(DEFAULT_CONCURRENCY);
  }
}

/** A scope bb-vars no longer declares: only what it manages there is pruned. */
function orphanScope(scope: ScopeRef): DesiredScope {
  return { scope, prune: 'managed', variables: [], orphan: true };
}

/** A repository the inventory lists may have been deleted (or renamed) since: undefined then. */
async function readUnlessGone(client: BitbucketClient, scope: ScopeRef): Promise<LiveScope | undefined> {
  try {
    return (await readLiveState(client, [scope])).scopes[0];
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && scope.type === 'repository') return undefined;
    throw error;
  }
}

/**
 * A deployment planned without its repository scope (`--target <repo>/<env>`) still belongs in the
 * repository record's list of deployments, or taking it out of the manifest later would leave its
 * variables behind: the repository scope is added, record-only.
 */
export function withRecordScopes(declared: DesiredState): DesiredState {
  const repositories = new Set(
    declared.scopes.flatMap((s) => (s.scope.type === 'repository' ? [s.scope.repository] : [])),
  );
  const added: DesiredScope[] = [];
  for (const { scope } of declared.scopes) {
    if (scope.type !== 'deployment' || repositories.has(scope.repository)) continue;
    repositories.add(scope.repository);
    added.push({
      scope: { type: 'repository', workspace: scope.workspace, repository: scope.repository },
      prune: 'none',
      variables: [],
      recordOnly: true,
    });
  }
  return added.length === 0 ? declared : { ...declared, scopes: [...declared.scopes, ...added] };
}
