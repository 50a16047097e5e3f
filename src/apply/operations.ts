/**
 * One async function per change kind, with no UI: applyScope (scope.ts) calls these.
 * Values come from the DesiredState, never from the Plan (which holds no secret).
 */
import type { DesiredState, DesiredVariable, EnvironmentType, LiveVariable, ScopeRef } from '../core/types.ts';
import { scopeId } from '../core/types.ts';
import { InternalError } from '../errors.ts';
import type { Change } from '../plan/types.ts';
import type { VariableScope as VariableCollection, VariableInput } from '../bitbucket/types.ts';

/** Where a variable collection lives, as the API addresses it; what a write sends. */
export type { VariableScope as VariableCollection, VariableInput } from '../bitbucket/types.ts';

/**
 * The writes apply needs; the Bitbucket client implements it. `existed` on a create: the thing was
 * already there (HTTP 409, another run made it) and was set to what was asked instead.
 */
export interface ApplyTarget {
  createEnvironment(
    workspace: string,
    repository: string,
    environment: { name: string; type: EnvironmentType },
  ): Promise<{ uuid: string; existed?: boolean }>;
  createVariable(collection: VariableCollection, input: VariableInput): Promise<LiveVariable & { existed?: boolean }>;
  updateVariable(collection: VariableCollection, uuid: string, input: VariableInput): Promise<LiveVariable>;
  deleteVariable(collection: VariableCollection, uuid: string): Promise<void>;
}

/** Index of desired values by scope id and key. */
export type DesiredIndex = Map<string, Map<string, DesiredVariable>>;

export function indexDesired(desired: DesiredState): DesiredIndex {
  const index: DesiredIndex = new Map();
  for (const s of desired.scopes) index.set(scopeId(s.scope), new Map(s.variables.map((v) => [v.key, v])));
  return index;
}

export function collectionFor(scope: ScopeRef, environmentUuid: string | undefined): VariableCollection {
  switch (scope.type) {
    case 'workspace':
      return { kind: 'workspace', workspace: scope.workspace };
    case 'repository':
      return { kind: 'repository', workspace: scope.workspace, repository: scope.repository };
    case 'deployment':
      if (!environmentUuid) throw new InternalError(`no environment UUID for ${scopeId(scope)}`);
      return { kind: 'deployment', workspace: scope.workspace, repository: scope.repository, environmentUuid };
  }
}

function desiredInput(index: DesiredIndex, change: Change): VariableInput {
  const v = index.get(scopeId(change.scope))?.get(change.key);
  if (!v) throw new InternalError(`no desired value for ${scopeId(change.scope)} ${change.key}`);
  // The plan's flag: a live secured variable declared without `secured` stays secured.
  return { key: v.key, value: v.value, secured: change.secured };
}

/** Carries the environment UUID from create-environment to the scope's variable changes. */
export interface ScopeContext {
  environmentUuid?: string;
}

/** Applies one change; true when a create found it already made by someone else (see ApplyTarget). */
export async function applyChange(
  change: Change,
  ctx: ScopeContext,
  target: ApplyTarget,
  index: DesiredIndex,
): Promise<boolean> {
  if (change.action === 'create-environment') {
    const env = await target.createEnvironment(change.scope.workspace, change.scope.repository, {
      name: change.key,
      type: change.environmentType,
    });
    ctx.environmentUuid = env.uuid;
    return env.existed === true;
  }
  const collection = collectionFor(change.scope, ctx.environmentUuid);
  switch (change.action) {
    case 'create':
      return (await target.createVariable(collection, desiredInput(index, change))).existed === true;
    case 'update':
      await target.updateVariable(collection, requireUuid(change.liveUuid, change), desiredInput(index, change));
      return false;
    case 'replace':
      // The API cannot flip `secured`: delete, then create. A failure between the two leaves the
      // variable missing; the next run creates it.
      await target.deleteVariable(collection, requireUuid(change.liveUuid, change));
      return (await target.createVariable(collection, desiredInput(index, change))).existed === true;
    case 'delete':
      await target.deleteVariable(collection, requireUuid(change.liveUuid, change));
      return false;
  }
}

function requireUuid(uuid: string | undefined, change: Change): string {
  if (!uuid) throw new InternalError(`no live UUID for ${change.action} of ${change.key}`);
  return uuid;
}
