/**
 * Applies one scope's plan: the environment first (when it must be created), then the variable
 * changes, then the scope's bookkeeping written from what actually succeeded, so an apply stopped
 * at any point converges on the next run. A plain async function with no UI: failures are
 * returned, never thrown, and `onResult` lets a display follow along.
 */
import { PermissionError } from '../errors.ts';
import type { ScopeRef } from '../core/types.ts';
import { encodeBookkeeping, managedEntry, settleBookkeeping, type ChangeOutcome } from '../plan/bookkeeping.ts';
import { isEmptyRecord } from '../plan/diff.ts';
import type { Change, ScopePlan } from '../plan/types.ts';
import {
  applyChange,
  collectionFor,
  type ApplyTarget,
  type DesiredIndex,
  type ScopeContext,
  type VariableCollection,
} from './operations.ts';

/**
 * `applied`: done by this run; `failed`: tried and refused (or skipped because the environment
 * could not be created); `not-started`: the apply stopped before it (interrupt or a permission
 * refusal).
 */
export type Outcome = 'applied' | 'failed' | 'not-started';

export interface ChangeResult {
  change: Change;
  outcome: Outcome;
  error?: string;
  /** The failure was a permission refusal (401/403): every further write would meet it too. */
  refused?: boolean;
  /** A create that found the key already there (HTTP 409: another run made it) and updated it instead. */
  existed?: boolean;
}

export interface BookkeepingResult {
  scope: ScopeRef;
  /** The record's variable (`BB_VARS_STATE` or `BB_VARS_STATE_<ID>`). */
  recordKey: string;
  outcome: Outcome;
  /** True when the record was written (created, updated or removed). */
  written: boolean;
  error?: string;
  refused?: boolean;
  /** A record of this manifest id is left in the scope after the apply (the inventory keeps its repository). */
  remains?: boolean;
}

export interface ScopeResult {
  scope: ScopeRef;
  changes: ChangeResult[];
  bookkeeping: BookkeepingResult;
}

/** Shared by the scopes of one apply: once stopped, no scope starts another request. */
export interface ApplyControl {
  /** Why the apply stopped starting work, once it has. */
  stopped?: { reason: 'interrupted' } | { reason: 'permission'; message: string };
  /**
   * The apply's first write, settled. It goes alone: a credential that may not write is then
   * refused once, and nothing else is tried.
   */
  first?: Promise<void>;
}

/** What records are sealed with: the fingerprint key and the plan's manifest id. */
export interface RecordSeal {
  fingerprintKey: Buffer;
  manifestId: string;
}

export interface ScopeApplyOptions {
  /** Variable changes of this scope started at once (the client bounds HTTP concurrency on its own). */
  concurrency: number;
  seal: RecordSeal;
  control: ApplyControl;
  /** Called as each change and the bookkeeping write finish (not for those never started). */
  onResult?: (result: ChangeResult | BookkeepingResult) => void;
}

export async function applyScope(
  scopePlan: ScopePlan,
  target: ApplyTarget,
  index: DesiredIndex,
  options: ScopeApplyOptions,
): Promise<ScopeResult> {
  const { control } = options;
  const ctx: ScopeContext = { environmentUuid: scopePlan.environmentUuid };
  const results = new Map<Change, ChangeResult>();
  const report = <T extends ChangeResult | BookkeepingResult>(result: T): T => {
    if (result.outcome !== 'not-started') options.onResult?.(result);
    return result;
  };

  const run = async (change: Change): Promise<void> => {
    if (control.first) await control.first;
    if (control.stopped) {
      results.set(change, { change, outcome: 'not-started' });
      return;
    }
    const attempt = applyChange(change, ctx, target, index);
    control.first ??= attempt.then(
      () => undefined,
      () => undefined,
    );
    try {
      const existed = await attempt;
      results.set(change, report({ change, outcome: 'applied', ...(existed ? { existed } : {}) }));
    } catch (error) {
      results.set(change, report({ change, ...failure(error, control) }));
    }
  };

  const environment = scopePlan.changes.filter((c) => c.action === 'create-environment');
  const variables = scopePlan.changes.filter((c) => c.action !== 'create-environment');
  const record: RecordState = { uuid: scopePlan.bookkeepingUuid, secured: scopePlan.bookkeepingSecured === true };
  for (const change of environment) await run(change);
  let blocked: Outcome | undefined = environment.map((c) => results.get(c)!.outcome).find((o) => o !== 'applied');
  if (blocked === undefined) {
    const intent = await writeIntent(scopePlan, results, ctx, target, control, options.seal, record);
    if (intent !== undefined) {
      blocked = intent.outcome;
      if (intent.outcome === 'failed') report(intent);
    }
  }
  if (blocked === undefined) await forEachConcurrently(variables, options.concurrency, run);
  else {
    const error = environment.some((c) => results.get(c)!.outcome !== 'applied')
      ? 'skipped: the deployment environment could not be created'
      : 'skipped: the ownership record could not be written first';
    for (const change of variables) {
      results.set(
        change,
        blocked === 'not-started' ? { change, outcome: 'not-started' } : report({ change, outcome: 'failed', error }),
      );
    }
  }

  const changes = scopePlan.changes.map((c) => results.get(c)!);
  const written = await writeBookkeeping(scopePlan, changes, ctx, target, control, options.seal, record);
  const bookkeeping = { ...written, remains: record.uuid !== undefined };
  // A record left as it was is not worth a line of output.
  return {
    scope: scopePlan.scope,
    changes,
    bookkeeping: bookkeeping.written || bookkeeping.outcome === 'failed' ? report(bookkeeping) : bookkeeping,
  };
}

/** The live record as this apply leaves it: its UUID once one exists, and whether it is (still) secured. */
interface RecordState {
  uuid: string | undefined;
  secured: boolean;
  /** An intent was written: the live record no longer holds what was read. */
  intent?: boolean;
}

/**
 * Intent: before creating variables, the record already lists them (without fingerprints), so an
 * apply killed mid-way leaves creations the next run knows are bb-vars' (and prunes or adopts).
 * Written only when the scope creates (or replaces) a key the record does not list yet.
 * Undefined when no intent is needed or it was written; a result when it failed or was not started.
 */
async function writeIntent(
  scopePlan: ScopePlan,
  results: ReadonlyMap<Change, ChangeResult>,
  ctx: ScopeContext,
  target: ApplyTarget,
  control: ApplyControl,
  seal: RecordSeal,
  record: RecordState,
): Promise<BookkeepingResult | undefined> {
  const before = scopePlan.bookkeepingBefore?.managed;
  const creates = scopePlan.changes.some(
    (c) => (c.action === 'create' || c.action === 'replace') && managedEntry(before, c.key) === undefined,
  );
  if (!creates) return undefined;
  const outcomes: ChangeOutcome[] = [...results.values()].map((r) => ({
    action: r.change.action,
    key: r.change.key,
    ok: r.outcome === 'applied',
  }));
  const intent = settleBookkeeping(scopePlan, outcomes);
  if (!intent) return undefined;
  if (control.first) await control.first;
  if (control.stopped)
    return { scope: scopePlan.scope, recordKey: scopePlan.recordKey, outcome: 'not-started', written: false };
  const attempt = putRecord(
    scopePlan,
    encodeBookkeeping(intent, seal.fingerprintKey, { scope: scopePlan.scope, manifestId: seal.manifestId }),
    ctx,
    target,
    record,
  );
  control.first ??= attempt.then(
    () => undefined,
    () => undefined,
  );
  try {
    await attempt;
    record.intent = true;
    return undefined;
  } catch (error) {
    return { scope: scopePlan.scope, recordKey: scopePlan.recordKey, written: false, ...failure(error, control) };
  }
}

/** Writes the record (creating, updating, or replacing a secured one); `value` undefined removes it. */
async function putRecord(
  scopePlan: ScopePlan,
  value: string | undefined,
  ctx: ScopeContext,
  target: ApplyTarget,
  record: RecordState,
): Promise<void> {
  await putBookkeeping(target, collectionFor(scopePlan.scope, ctx.environmentUuid), scopePlan.recordKey, value, record);
}

/**
 * Writes one of bb-vars' own plain variables (a record, the inventory) whose live state is
 * `live`: creates, updates, or replaces a secured one; `value` undefined removes it. Keeps `live`
 * current.
 */
export async function putBookkeeping(
  target: ApplyTarget,
  collection: VariableCollection,
  key: string,
  value: string | undefined,
  live: { uuid: string | undefined; secured: boolean },
): Promise<void> {
  if (live.uuid !== undefined && (live.secured || value === undefined)) {
    // A secured variable cannot be read or turned plain (the API cannot flip `secured`): replace it.
    await target.deleteVariable(collection, live.uuid);
    live.uuid = undefined;
    live.secured = false;
  }
  if (value === undefined) return;
  const input = { key, value, secured: false };
  if (live.uuid !== undefined) await target.updateVariable(collection, live.uuid, input);
  else live.uuid = (await target.createVariable(collection, input)).uuid;
}

/**
 * The scope's record, settled from the changes that succeeded. After an interrupt it is written
 * only where changes were made (it records work already done); after a permission refusal, never.
 */
async function writeBookkeeping(
  scopePlan: ScopePlan,
  changes: readonly ChangeResult[],
  ctx: ScopeContext,
  target: ApplyTarget,
  control: ApplyControl,
  seal: RecordSeal,
  record: RecordState,
): Promise<BookkeepingResult> {
  const scope = scopePlan.scope;
  const outcomes: ChangeOutcome[] = changes.map((r) => ({
    action: r.change.action,
    key: r.change.key,
    ok: r.outcome === 'applied',
  }));
  const settled = settleBookkeeping(scopePlan, outcomes);
  if (!settled) return { scope, recordKey: scopePlan.recordKey, outcome: 'applied', written: false };
  const binding = { scope, manifestId: seal.manifestId };
  const encoded = encodeBookkeeping(settled, seal.fingerprintKey, binding);
  const before =
    scopePlan.bookkeepingBefore && !record.intent
      ? encodeBookkeeping(scopePlan.bookkeepingBefore, seal.fingerprintKey, binding)
      : undefined;
  const empty = isEmptyRecord(settled);
  if (!record.secured && ((!empty && encoded === before) || (empty && record.uuid === undefined)))
    return { scope, recordKey: scopePlan.recordKey, outcome: 'applied', written: false };
  // Once stopped, a record is written only for work this scope already did.
  const stopped = control.stopped;
  if (stopped && (stopped.reason === 'permission' || !changes.some((r) => r.outcome === 'applied')))
    return { scope, recordKey: scopePlan.recordKey, outcome: 'not-started', written: false };
  try {
    // Nothing left to record: remove the record rather than keep an empty one.
    await putRecord(scopePlan, empty ? undefined : encoded, ctx, target, record);
    return { scope, recordKey: scopePlan.recordKey, outcome: 'applied', written: true };
  } catch (error) {
    return { scope, recordKey: scopePlan.recordKey, written: false, ...failure(error, control) };
  }
}

/** A failed outcome; a permission refusal also stops the apply from starting more work. */
function failure(error: unknown, control: ApplyControl): { outcome: 'failed'; error: string; refused?: true } {
  if (!(error instanceof PermissionError)) return { outcome: 'failed', error: errorMessage(error) };
  control.stopped ??= { reason: 'permission', message: error.message };
  return { outcome: 'failed', error: error.message, refused: true };
}

/** Runs `fn` over `items` with at most `limit` running at once; resolves when all have finished. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
