/**
 * Runs a Plan against Bitbucket with listr2 as the presenter: an interactive renderer on a TTY, a
 * line-per-event renderer in CI, silent in tests. Scopes run concurrently; within a scope the
 * environment is created first, then its variable changes run concurrently, then the scope's
 * bookkeeping is written from what actually succeeded — so an apply killed at any point converges
 * on the next run. Failures are collected, never thrown: the caller prints the summary.
 */
import { Listr, ListrLogger, ProcessOutput, type ListrTask } from 'listr2';
import { LineRenderer } from './line-renderer.ts';
import type { DesiredState } from '../core/types.ts';
import { scopeLabel } from '../core/types.ts';
import { BB_VARS_STATE, encodeBookkeeping, settleBookkeeping, type ChangeOutcome } from '../plan/bookkeeping.ts';
import { isEmptyRecord } from '../plan/diff.ts';
import type { Change, Plan, ScopePlan } from '../plan/types.ts';
import { applyChange, collectionFor, indexDesired, type ApplyTarget, type DesiredIndex, type ScopeContext } from './operations.ts';

/** `default`: interactive (TTY); `lines`: one line per finished operation (CI); `silent`: tests. */
export type ApplyRenderer = 'default' | 'lines' | 'silent';

export interface ApplyOptions {
  /** Scopes and changes started at once (the client bounds HTTP concurrency on its own). */
  concurrency: number;
  renderer: ApplyRenderer;
  /** Where progress goes (stderr: stdout may carry a JSON plan). */
  output?: NodeJS.WriteStream;
}

export interface ChangeResult {
  change: Change;
  ok: boolean;
  error?: string;
}

export interface BookkeepingResult {
  scope: ScopePlan['scope'];
  ok: boolean;
  written: boolean;
  error?: string;
}

export interface ApplyResult {
  changes: ChangeResult[];
  bookkeeping: BookkeepingResult[];
  counts: { created: number; updated: number; replaced: number; deleted: number; environments: number; failed: number };
}

export async function applyPlan(plan: Plan, desired: DesiredState, target: ApplyTarget, options: ApplyOptions): Promise<ApplyResult> {
  const index = indexDesired(desired);
  const result: ApplyResult = {
    changes: [],
    bookkeeping: [],
    counts: { created: 0, updated: 0, replaced: 0, deleted: 0, environments: 0, failed: 0 },
  };
  const tasks = plan.scopes
    .filter((s) => s.changes.length > 0 || s.bookkeepingDirty)
    .map((scopePlan): ListrTask => ({
      title: scopeLabel(scopePlan.scope),
      task: (_ctx, task) => task.newListr(scopeTasks(scopePlan, target, index, result, options), { concurrent: false, exitOnError: false }),
    }));
  if (tasks.length === 0) return result;

  const output = options.output ?? process.stderr;
  const logger = new ListrLogger({ processOutput: new ProcessOutput(output, output) });
  const write = (line: string) => void output.write(line + '\n');
  const common = { concurrent: Math.max(1, options.concurrency), exitOnError: false, collectErrors: 'minimal', registerSignalListeners: false } as const;
  const list =
    options.renderer === 'default'
      ? new Listr(tasks, {
          ...common,
          renderer: 'default',
          rendererOptions: { logger, collapseSubtasks: false, collapseErrors: false },
          fallbackRenderer: LineRenderer,
          fallbackRendererOptions: { write },
        })
      : options.renderer === 'lines'
        ? new Listr(tasks, { ...common, renderer: LineRenderer, rendererOptions: { write } })
        : new Listr(tasks, { ...common, renderer: 'silent' });
  await list.run();
  for (const c of result.changes) {
    if (!c.ok) {
      result.counts.failed++;
      continue;
    }
    const action = c.change.action;
    if (action === 'create') result.counts.created++;
    else if (action === 'update') result.counts.updated++;
    else if (action === 'replace') result.counts.replaced++;
    else if (action === 'delete') result.counts.deleted++;
    else result.counts.environments++;
  }
  result.counts.failed += result.bookkeeping.filter((b) => !b.ok).length;
  return result;
}

function scopeTasks(scopePlan: ScopePlan, target: ApplyTarget, index: DesiredIndex, result: ApplyResult, options: ApplyOptions): ListrTask[] {
  const ctx: ScopeContext = { environmentUuid: scopePlan.environmentUuid };
  const outcomes: ChangeOutcome[] = [];
  const envChanges = scopePlan.changes.filter((c) => c.action === 'create-environment');
  const varChanges = scopePlan.changes.filter((c) => c.action !== 'create-environment');

  const run = (change: Change): ListrTask => ({
    title: options.renderer === 'default' ? changeTitle(change) : `${scopeLabel(scopePlan.scope)}: ${changeTitle(change)}`,
    task: async () => {
      const envFailed = change.action !== 'create-environment' && envChanges.some((e) => !outcomes.some((o) => o.action === e.action && o.ok));
      if (envFailed) {
        const error = 'skipped: the deployment environment could not be created';
        outcomes.push({ action: change.action, key: change.key, ok: false });
        result.changes.push({ change, ok: false, error });
        throw new Error(error);
      }
      try {
        await applyChange(change, ctx, target, index);
        outcomes.push({ action: change.action, key: change.key, ok: true });
        result.changes.push({ change, ok: true });
      } catch (error) {
        outcomes.push({ action: change.action, key: change.key, ok: false });
        result.changes.push({ change, ok: false, error: errorMessage(error) });
        throw error;
      }
    },
  });

  const tasks: ListrTask[] = envChanges.map(run);
  if (varChanges.length > 0) {
    tasks.push({
      title: `${varChanges.length} variable change${varChanges.length === 1 ? '' : 's'}`,
      task: (_c, task) => task.newListr(varChanges.map(run), { concurrent: Math.max(1, options.concurrency), exitOnError: false }),
    });
  }
  tasks.push({
    title: options.renderer === 'default' ? `record ownership (${BB_VARS_STATE})` : `${scopeLabel(scopePlan.scope)}: record ownership (${BB_VARS_STATE})`,
    task: async () => {
      const settled = settleBookkeeping(scopePlan, outcomes);
      const before = scopePlan.bookkeepingBefore ? encodeBookkeeping(scopePlan.bookkeepingBefore) : undefined;
      if (!settled) {
        result.bookkeeping.push({ scope: scopePlan.scope, ok: true, written: false });
        return;
      }
      const encoded = encodeBookkeeping(settled);
      const empty = isEmptyRecord(settled);
      if ((!empty && encoded === before) || (empty && !scopePlan.bookkeepingUuid)) {
        result.bookkeeping.push({ scope: scopePlan.scope, ok: true, written: false });
        return;
      }
      try {
        const collection = collectionFor(scopePlan.scope, ctx.environmentUuid);
        const input = { key: BB_VARS_STATE, value: encoded, secured: false };
        // Nothing left to record: remove the record rather than keep an empty one.
        if (empty) await target.deleteVariable(collection, scopePlan.bookkeepingUuid!);
        else if (scopePlan.bookkeepingUuid) await target.updateVariable(collection, scopePlan.bookkeepingUuid, input);
        else await target.createVariable(collection, input);
        result.bookkeeping.push({ scope: scopePlan.scope, ok: true, written: true });
      } catch (error) {
        result.bookkeeping.push({ scope: scopePlan.scope, ok: false, written: false, error: errorMessage(error) });
        throw error;
      }
    },
  });
  return tasks;
}

/** Keys only: a task title must never show a value. */
export function changeTitle(change: Change): string {
  switch (change.action) {
    case 'create-environment':
      return `+ create environment ${change.key} (${change.environmentType})`;
    case 'create':
      return `+ create ${change.key}`;
    case 'update':
      return `~ update ${change.key}`;
    case 'replace':
      return `-/+ replace ${change.key}`;
    case 'delete':
      return `- delete ${change.key}`;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
