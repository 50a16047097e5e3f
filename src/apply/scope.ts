/**
 * Applies one scope's plan: the environment first (when it must be created), then the variable
 * changes, then the scope's bookkeeping written from what actually succeeded, so an apply stopped
 * at any point converges on the next run. A plain async function with no UI: failures are
 * returned, never thrown, and `onResult` lets a display follow along.
 */
import { PermissionError } from '../errors.ts';
import type { ScopeRef } from '../core/types.ts';
import { BB_VARS_STATE, encodeBookkeeping, settleBookkeeping, type ChangeOutcome } from '../plan/bookkeeping.ts';
import { isEmptyRecord } from '../plan/diff.ts';
import type { Change, ScopePlan } from '../plan/types.ts';
import { applyChange, collectionFor, type ApplyTarget, type DesiredIndex, type ScopeContext } from './operations.ts';

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
  outcome: Outcome;
  /** True when the record was written (created, updated or removed). */
  written: boolean;
  error?: string;
  refused?: boolean;
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

export interface ScopeApplyOptions {
  /** Variable changes of this scope started at once (the client bounds HTTP concurrency on its own). */
  concurrency: number;
  control: ApplyControl;
  /** Called as each change and the bookkeeping write finish (not for those never started). */
  onResult?: (result: ChangeResult | BookkeepingResult) => void;
}

export async function applyScope(scopePlan: ScopePlan, target: ApplyTarget, index: DesiredIndex, options: ScopeApplyOptions): Promise<ScopeResult> {
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
  for (const change of environment) await run(change);
  const blocked = environment.map((c) => results.get(c)!.outcome).find((o) => o !== 'applied');
  if (blocked === undefined) await forEachConcurrently(variables, options.concurrency, run);
  else {
    const error = 'skipped: the deployment environment could not be created';
    for (const change of variables) {
      results.set(change, blocked === 'not-started' ? { change, outcome: 'not-started' } : report({ change, outcome: 'failed', error }));
    }
  }

  const changes = scopePlan.changes.map((c) => results.get(c)!);
  const bookkeeping = await writeBookkeeping(scopePlan, changes, ctx, target, control);
  // A record left as it was is not worth a line of output.
  return { scope: scopePlan.scope, changes, bookkeeping: bookkeeping.written || bookkeeping.outcome === 'failed' ? report(bookkeeping) : bookkeeping };
}

/**
 * The scope's record, settled from the changes that succeeded. After an interrupt it is written
 * only where changes were made (it records work already done); after a permission refusal, never.
 */
async function writeBookkeeping(scopePlan: ScopePlan, changes: readonly ChangeResult[], ctx: ScopeContext, target: ApplyTarget, control: ApplyControl): Promise<BookkeepingResult> {
  const scope = scopePlan.scope;
  const outcomes: ChangeOutcome[] = changes.map((r) => ({ action: r.change.action, key: r.change.key, ok: r.outcome === 'applied' }));
  const settled = settleBookkeeping(scopePlan, outcomes);
  if (!settled) return { scope, outcome: 'applied', written: false };
  const encoded = encodeBookkeeping(settled);
  const before = scopePlan.bookkeepingBefore ? encodeBookkeeping(scopePlan.bookkeepingBefore) : undefined;
  const empty = isEmptyRecord(settled);
  if ((!empty && encoded === before) || (empty && !scopePlan.bookkeepingUuid)) return { scope, outcome: 'applied', written: false };
  // Once stopped, a record is written only for work this scope already did.
  const stopped = control.stopped;
  if (stopped && (stopped.reason === 'permission' || !changes.some((r) => r.outcome === 'applied'))) return { scope, outcome: 'not-started', written: false };
  try {
    const collection = collectionFor(scope, ctx.environmentUuid);
    const input = { key: BB_VARS_STATE, value: encoded, secured: false };
    // Nothing left to record: remove the record rather than keep an empty one.
    if (empty) await target.deleteVariable(collection, scopePlan.bookkeepingUuid!);
    else if (scopePlan.bookkeepingUuid) await target.updateVariable(collection, scopePlan.bookkeepingUuid, input);
    else await target.createVariable(collection, input);
    return { scope, outcome: 'applied', written: true };
  } catch (error) {
    return { scope, written: false, ...failure(error, control) };
  }
}

/** A failed outcome; a permission refusal also stops the apply from starting more work. */
function failure(error: unknown, control: ApplyControl): { outcome: 'failed'; error: string; refused?: true } {
  if (!(error instanceof PermissionError)) return { outcome: 'failed', error: errorMessage(error) };
  control.stopped ??= { reason: 'permission', message: error.message };
  return { outcome: 'failed', error: error.message, refused: true };
}

/** Runs `fn` over `items` with at most `limit` running at once; resolves when all have finished. */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
