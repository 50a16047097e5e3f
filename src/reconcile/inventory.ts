/**
 * The inventory of managed repositories: one non-secured REPOSITORY variable of the manifest's
 * home repository, `BB_VARS_INVENTORY` (`BB_VARS_INVENTORY_<ID>` for other manifest ids), listing
 * the repositories where this manifest id holds records, and whether the workspace holds one:
 * `{"v":1,"k":"<keyId>","r":["api","web"],"w":1,"h":"<mac>"}`. Sealed like the records (bound to
 * the home repository and the manifest id). Every plan reads it and reads each listed repository
 * (and the workspace) the manifest no longer declares, so taking a repository block or the whole
 * `workspace_variables:` section out of the manifest prunes what bb-vars manages there.
 *
 * It is a repository variable, never a workspace one: a workspace variable is in every step of
 * every repository, and this one grows with the number of repositories (about the slug's length
 * plus 3 characters each), so only the home repository's steps carry it.
 */
import { collectionFor } from '../apply/operations.ts';
import { putBookkeeping, type ScopeResult } from '../apply/scope.ts';
import { readLiveState, type BitbucketClient } from '../bitbucket/index.ts';
import { compare, isRecord } from '../core/data.ts';
import {
  scopeId,
  type DesiredScope,
  type DesiredState,
  type LiveScope,
  type LiveVariable,
  type ScopeRef,
} from '../core/types.ts';
import { UserError } from '../errors.ts';
import { checkSeal, recordKey, seal } from '../plan/bookkeeping.ts';
import { isEmptyRecord } from '../plan/diff.ts';
import { fingerprintKeyId, type FingerprintKeys } from '../plan/fingerprint.ts';
import type { Plan } from '../plan/types.ts';

/** Key of the inventory of manifest id `default`; other ids add `_<ID>` as records do. */
export const BB_VARS_INVENTORY = 'BB_VARS_INVENTORY';
/** The inventory format this version writes and reads. */
export const INVENTORY_VERSION = 1;

export interface Inventory {
  /** Repository slugs where this manifest id holds records, sorted, no duplicates. */
  repositories: string[];
  /** The workspace holds a record of this manifest id. */
  workspace: boolean;
}

type RepositoryScope = Extract<ScopeRef, { type: 'repository' }>;

export function inventoryKey(manifestId: string): string {
  return recordKey(manifestId, BB_VARS_INVENTORY);
}

function canonical(inventory: Inventory, keyId: string): string {
  const repositories = [...new Set(inventory.repositories)].sort(compare);
  return JSON.stringify({ v: INVENTORY_VERSION, k: keyId, r: repositories, ...(inventory.workspace ? { w: 1 } : {}) });
}

/** The inventory's text, sealed with `fingerprintKey` and bound to the home repository and the manifest id. */
export function encodeInventory(
  inventory: Inventory,
  fingerprintKey: Buffer,
  home: RepositoryScope,
  manifestId: string,
) {
  return seal(canonical(inventory, fingerprintKeyId(fingerprintKey)), fingerprintKey, { scope: home, manifestId });
}

/**
 * What the home repository's inventory says. `trusted` is null when there is none, or when it
 * cannot be trusted (then `warning` says why): nothing is ever deleted on the strength of an
 * inventory bb-vars did not seal, and apply rewrites it.
 */
export interface InventoryRead {
  home: RepositoryScope;
  /** The variable's key (`BB_VARS_INVENTORY` or `BB_VARS_INVENTORY_<ID>`). */
  key: string;
  trusted: Inventory | null;
  /** The live variable, when there is one. */
  live?: Pick<LiveVariable, 'uuid' | 'secured'>;
  /** Trusted, but sealed with the previous key (rotation): apply rewrites it under the current one. */
  stale?: boolean;
  /**
   * Inventories of this manifest id found in other repositories this run read: left behind when the
   * home moved (a declared repository that sorts first, `home:` changed). Their repositories count
   * as listed; apply moves them into the home's inventory and deletes these.
   */
  strays?: Array<{ home: RepositoryScope; uuid: string; inventory: Inventory }>;
  warning?: string;
}

/**
 * Reads the inventory from the home repository's live variables: the repositories (and the
 * workspace) where manifest id `manifestId` holds records. A newer format is refused (UserError).
 */
export function managedRepositories(home: LiveScope, keys: FingerprintKeys, manifestId: string): InventoryRead {
  if (home.scope.type !== 'repository') throw new TypeError('the inventory lives in a repository scope');
  const scope = home.scope;
  const key = inventoryKey(manifestId);
  const variable = home.variables.find((v) => v.key === key);
  const read: InventoryRead = { home: scope, key, trusted: null };
  if (!variable) return read;
  read.live = { uuid: variable.uuid, secured: variable.secured };
  const decoded = variable.secured ? 'it is secured, so bb-vars cannot read it' : decode(variable.value ?? '', key);
  if (typeof decoded !== 'string') {
    const sealed = checkSeal(canonical(decoded.inventory, decoded.keyId), decoded.keyId, decoded.mac, keys, {
      scope,
      manifestId,
    });
    if (sealed === 'ok')
      return {
        ...read,
        trusted: decoded.inventory,
        ...(decoded.keyId === fingerprintKeyId(keys.current) ? {} : { stale: true }),
      };
  }
  const why =
    typeof decoded === 'string'
      ? decoded
      : 'it was not written by bb-vars with this BB_VARS_FINGERPRINT_KEY, or edited';
  read.warning =
    `repository ${scope.repository}: ${key} is not trusted (${why}); repositories removed from the manifest are ` +
    'not looked for on its strength, and apply rewrites it.';
  return read;
}

/** Trusted inventories of this manifest id in the read repository scopes other than the home. */
export function strayInventories(
  scopes: readonly LiveScope[],
  home: RepositoryScope,
  keys: FingerprintKeys,
  manifestId: string,
): NonNullable<InventoryRead['strays']> {
  const key = inventoryKey(manifestId);
  return scopes.flatMap((scope) => {
    if (scope.scope.type !== 'repository' || scopeId(scope.scope) === scopeId(home)) return [];
    if (!scope.variables.some((v) => v.key === key)) return [];
    const read = managedRepositories(scope, keys, manifestId);
    return read.trusted && read.live ? [{ home: read.home, uuid: read.live.uuid, inventory: read.trusted }] : [];
  });
}

/** What the home's inventory and the strays list together; null when nothing trusted lists anything. */
export function listed(read: InventoryRead): Inventory | null {
  const strays = read.strays ?? [];
  if (read.trusted === null && strays.length === 0) return null;
  const all = [read.trusted, ...strays.map((s) => s.inventory)].filter((i): i is Inventory => i !== null);
  const repositories = new Map(all.flatMap((i) => i.repositories).map((slug) => [slugId(slug), slug]));
  return { repositories: [...repositories.values()].sort(compare), workspace: all.some((i) => i.workspace) };
}

/** The parsed fields, or why they cannot be read. */
function decode(value: string, key: string): { inventory: Inventory; keyId: string; mac: string } | string {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return 'not valid JSON';
  }
  if (!isRecord(raw)) return 'not a JSON object';
  const { v, k, r, w, h } = raw;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return 'missing or invalid format version';
  if (v > INVENTORY_VERSION) {
    throw new UserError(
      `${key} was written by a newer bb-vars (inventory format ${v}; this version reads ${INVENTORY_VERSION}). ` +
        'Upgrade bb-vars: this version will not rewrite it, since that would forget repositories a newer version recorded.',
    );
  }
  if (typeof k !== 'string' || typeof h !== 'string') return 'no authentication code';
  if (!Array.isArray(r) || !r.every((slug) => typeof slug === 'string' && slug.length > 0 && !slug.includes('/')))
    return 'invalid list of repositories';
  if (w !== undefined && w !== 1) return 'invalid workspace mark';
  return {
    inventory: { repositories: [...new Set(r as string[])].sort(compare), workspace: w === 1 },
    keyId: k,
    mac: h,
  };
}

/** Repository slugs compare without regard to case in Bitbucket's URLs. */
const slugId = (slug: string) => slug.toLowerCase();

/**
 * What `declared` no longer declares although the inventory lists it: repositories (and the
 * workspace) to read, so what bb-vars manages there is pruned.
 */
export function undeclared(inventory: Inventory, declared: DesiredState): Inventory {
  const repositories = new Set(
    declared.scopes.flatMap((s) => (s.scope.type === 'workspace' ? [] : [s.scope.repository])).map(slugId),
  );
  return {
    repositories: inventory.repositories.filter((slug) => !repositories.has(slugId(slug))),
    workspace: inventory.workspace && !declared.scopes.some((s) => s.scope.type === 'workspace'),
  };
}

/**
 * The inventory apply writes before it touches anything: what it lists, plus every repository
 * (and the workspace) of the plan that holds a record or will be written to. So a run killed at
 * any point leaves no record the next run cannot find.
 */
export function inventoryIntent(before: Inventory | null, plan: Plan): Inventory {
  const repositories = new Map((before?.repositories ?? []).map((slug) => [slugId(slug), slug]));
  let workspace = before?.workspace ?? false;
  for (const scope of plan.scopes) {
    const touched = scope.bookkeepingUuid !== undefined || scope.changes.length > 0 || scope.bookkeepingDirty;
    if (!touched) continue;
    if (scope.scope.type === 'workspace') workspace = true;
    else if (!repositories.has(slugId(scope.scope.repository)))
      repositories.set(slugId(scope.scope.repository), scope.scope.repository);
  }
  return { repositories: [...repositories.values()].sort(compare), workspace };
}

/**
 * The inventory after apply: the intent, less the repositories this plan covered completely (their
 * repository scope was planned, so every deployment it records was too) where no record of this
 * manifest id is left, less the repositories found gone; the workspace mark follows its record
 * when the workspace was planned. `remains(i)`: plan scope `i` still holds a record.
 */
export function settleInventory(
  intent: Inventory,
  plan: Plan,
  desired: readonly DesiredScope[],
  remains: (index: number) => boolean,
  gone: readonly string[],
): Inventory {
  const complete = new Set<string>();
  const holding = new Set<string>();
  let workspace = intent.workspace;
  plan.scopes.forEach((scope, i) => {
    const ref = scope.scope;
    if (ref.type === 'workspace') {
      workspace = remains(i);
      return;
    }
    if (ref.type === 'repository' && desired[i]?.recordOnly !== true) complete.add(slugId(ref.repository));
    if (remains(i)) holding.add(slugId(ref.repository));
  });
  const dropped = new Set(gone.map(slugId));
  return {
    repositories: intent.repositories.filter(
      (slug) => !dropped.has(slugId(slug)) && (!complete.has(slugId(slug)) || holding.has(slugId(slug))),
    ),
    workspace,
  };
}

export function sameInventory(a: Inventory | null, b: Inventory): boolean {
  return (
    a !== null &&
    a.workspace === b.workspace &&
    a.repositories.length === b.repositories.length &&
    a.repositories.every((slug, i) => slug === b.repositories[i])
  );
}

export function isEmptyInventory(inventory: Inventory): boolean {
  return inventory.repositories.length === 0 && !inventory.workspace;
}

/** Where the apply stands with the inventory between its two writes. */
export interface InventoryState {
  read: InventoryRead;
  /** What the live variable holds, when bb-vars trusts it. */
  current: Inventory | null;
  /** The live variable holds `current` sealed with the current key, or nothing: no rewrite needed. */
  fresh: boolean;
  live: { uuid: string | undefined; secured: boolean };
}

export interface InventorySeal {
  fingerprintKey: Buffer;
  keys: FingerprintKeys;
  manifestId: string;
}

/**
 * Before apply touches anything: the inventory lists every repository (and the workspace) the
 * apply may leave a record in. Reads it first when the plan did not (a run whose targets leave the
 * home repository out). Throws when it cannot be read or written: the apply then touches nothing.
 * Undefined when there is no home repository, or nothing to record.
 */
export async function writeInventoryIntent(
  client: BitbucketClient,
  plan: Plan,
  home: string | undefined,
  read: InventoryRead | undefined,
  seal: InventorySeal,
): Promise<InventoryState | undefined> {
  if (home === undefined) return undefined;
  if (read === undefined) {
    if (isEmptyInventory(inventoryIntent(null, plan))) return undefined;
    const scope = { type: 'repository' as const, workspace: plan.workspace, repository: home };
    read = managedRepositories((await readLiveState(client, [scope])).scopes[0]!, seal.keys, seal.manifestId);
  }
  const state: InventoryState = {
    read,
    current: read.trusted,
    fresh: read.live === undefined || (read.trusted !== null && read.stale !== true),
    live: { uuid: read.live?.uuid, secured: read.live?.secured === true },
  };
  const intent = inventoryIntent(listed(read), plan);
  if (!isEmptyInventory(intent) && (!state.fresh || !sameInventory(state.current, intent))) {
    await putInventory(client, state, intent, seal);
  }
  return state;
}

/**
 * After apply: drops the repositories (and the workspace) where no record is left. Returns an
 * error message when the write failed (the next run retries: the inventory only ever lists too
 * much, which costs reads, never too little).
 */
export async function settleInventoryAfter(
  client: BitbucketClient,
  state: InventoryState,
  plan: Plan,
  desired: readonly DesiredScope[],
  results: readonly ScopeResult[],
  gone: readonly string[],
  seal: InventorySeal,
): Promise<{ written: boolean; error?: string }> {
  const byScope = new Map(results.map((r) => [scopeId(r.scope), r.bookkeeping.remains]));
  const remains = (i: number) => {
    const scope = plan.scopes[i]!;
    return byScope.get(scopeId(scope.scope)) ?? scope.bookkeepingUuid !== undefined;
  };
  const intent = state.current ?? { repositories: [], workspace: false };
  const next = settleInventory(inventoryIntent(intent, plan), plan, desired, remains, gone);
  const unchanged = isEmptyInventory(next) ? state.live.uuid === undefined : sameInventory(state.current, next);
  try {
    const written = !(state.fresh && unchanged);
    if (written) await putInventory(client, state, next, seal);
    // The home's inventory now lists what the strays did: they go.
    for (const stray of state.read.strays ?? [])
      await putBookkeeping(client, collectionFor(stray.home, undefined), state.read.key, undefined, {
        uuid: stray.uuid,
        secured: false,
      });
    return { written };
  } catch (error) {
    return { written: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function putInventory(
  client: BitbucketClient,
  state: InventoryState,
  next: Inventory,
  seal: InventorySeal,
): Promise<void> {
  const { home, key } = state.read;
  const value = isEmptyInventory(next) ? undefined : encodeInventory(next, seal.fingerprintKey, home, seal.manifestId);
  await putBookkeeping(client, collectionFor(home, undefined), key, value, state.live);
  state.current = next;
  state.fresh = true;
}

/**
 * Inventory requests an apply of `plan` makes if every change succeeds (for the request budget):
 * the read a targeted plan left out, the write before, the write after.
 */
export function inventoryRequests(
  plan: Plan,
  home: string | undefined,
  read: InventoryRead | undefined,
  desired: readonly DesiredScope[],
): number {
  if (home === undefined) return 0;
  if (read === undefined) return isEmptyInventory(inventoryIntent(null, plan)) ? 0 : 3;
  const fresh = read.live === undefined || (read.trusted !== null && read.stale !== true);
  const intent = inventoryIntent(listed(read), plan);
  const before = !isEmptyInventory(intent) && (!fresh || !sameInventory(read.trusted, intent));
  const remains = (i: number) => {
    const scope = plan.scopes[i]!;
    const touched = scope.changes.length > 0 || scope.bookkeepingDirty;
    return touched ? !isEmptyRecord(scope.bookkeepingAfter) : scope.bookkeepingUuid !== undefined;
  };
  const next = settleInventory(intent, plan, desired, remains, []);
  const current = before ? intent : read.trusted;
  const liveAfter = before || read.live !== undefined;
  const after = (before || fresh) && (isEmptyInventory(next) ? !liveAfter : sameInventory(current, next)) ? 0 : 1;
  return (before ? 1 : 0) + after + (read.strays?.length ?? 0);
}
