/**
 * Reads the live variables of the requested scopes with the fewest requests: each variable
 * collection is listed once (all pages), environments once per repository that has deployment
 * scopes, and nothing for an environment that does not exist yet. Independent lists run
 * concurrently, within the client's concurrency limit.
 */
import type { LiveScope, LiveState, ScopeRef } from '../core/types.ts';
import { scopeId } from '../core/types.ts';
import type { BitbucketClient } from './client.ts';
import type { BbEnvironment, BbVariable, VariableScope } from './types.ts';

/** Environments lists by repository, shared between reads of one run so each is listed once. */
export type EnvironmentLists = Map<string, Promise<BbEnvironment[]>>;

/** The key of a repository's list in `EnvironmentLists`. */
export function environmentListKey(workspace: string, repository: string): string {
  return `${workspace}\u0000${repository}`;
}

/**
 * The live state of `scopes`, in their order (duplicates read once), bookkeeping variables
 * included. Pass the same `environments` map to later reads of the same run to reuse its lists.
 */
export async function readLiveState(
  client: BitbucketClient,
  scopes: readonly ScopeRef[],
  environments: EnvironmentLists = new Map(),
): Promise<LiveState> {
  const unique = new Map<string, ScopeRef>();
  for (const scope of scopes) unique.set(`${scope.workspace}\u0000${scopeId(scope)}`, scope);

  for (const scope of unique.values()) {
    if (scope.type !== 'deployment') continue;
    const repoKey = environmentListKey(scope.workspace, scope.repository);
    if (!environments.has(repoKey))
      environments.set(repoKey, client.listEnvironments(scope.workspace, scope.repository));
  }
  // Attach a handler now so a rejection is not reported as unhandled before we await it.
  for (const pending of environments.values()) pending.catch(() => undefined);

  const read = async (scope: ScopeRef): Promise<LiveScope> => {
    if (scope.type !== 'deployment') {
      const api: VariableScope =
        scope.type === 'workspace'
          ? { kind: 'workspace', workspace: scope.workspace }
          : { kind: 'repository', workspace: scope.workspace, repository: scope.repository };
      return { scope, exists: true, variables: toLive(await client.listVariables(api)) };
    }
    const list = await environments.get(environmentListKey(scope.workspace, scope.repository))!;
    // An exact name wins; otherwise a unique match ignoring case, because Bitbucket refuses a
    // second environment whose name differs only in case (409), so creating it could never work.
    const environment = list.find((e) => e.name === scope.environment) ?? uniqueIgnoringCase(list, scope.environment);
    if (!environment) return { scope, exists: false, variables: [] };
    const variables = await client.listVariables({
      kind: 'deployment',
      workspace: scope.workspace,
      repository: scope.repository,
      environmentUuid: environment.uuid,
    });
    const live: LiveScope = { scope, exists: true, environmentUuid: environment.uuid, variables: toLive(variables) };
    if (environment.environmentType) live.environmentType = environment.environmentType;
    return live;
  };

  const results = await Promise.all([...unique.values()].map(read));
  return { workspace: scopes[0]?.workspace ?? '', scopes: results };
}

function toLive(variables: BbVariable[]): LiveScope['variables'] {
  return variables.map((v) =>
    v.value === undefined
      ? { uuid: v.uuid, key: v.key, secured: v.secured }
      : { uuid: v.uuid, key: v.key, value: v.value, secured: v.secured },
  );
}

function uniqueIgnoringCase(list: readonly BbEnvironment[], name: string): BbEnvironment | undefined {
  const matches = list.filter((e) => e.name.toLowerCase() === name.toLowerCase());
  return matches.length === 1 ? matches[0] : undefined;
}
