/**
 * Applies a Plan: each scope through `applyScope` (scopes concurrently), shown as it goes. On a
 * TTY, listr2 wraps each scope's call for display; in CI logs, one line per finished operation
 * (`✔ repository api: + create DB_HOST`, `✖ …: <why>`); in tests, nothing. Failures are collected,
 * never thrown: the caller prints the summary. An abort signal (Ctrl-C) or a permission refusal
 * stops starting work; what was started finishes.
 */
import { Listr, ListrLogger, ProcessOutput } from 'listr2';
import type { DesiredState } from '../core/types.ts';
import { visible } from '../core/escape.ts';
import { scopeLabel } from '../core/types.ts';
import { managedEntry } from '../plan/bookkeeping.ts';
import type { Change, Plan, ScopePlan } from '../plan/types.ts';
import { indexDesired, type ApplyTarget } from './operations.ts';
import {
  applyScope,
  forEachConcurrently,
  type ApplyControl,
  type BookkeepingResult,
  type ChangeResult,
  type RecordSeal,
  type ScopeResult,
} from './scope.ts';

export type { BookkeepingResult, ChangeResult, Outcome, ScopeResult } from './scope.ts';

/** `default`: interactive (TTY); `lines`: one line per finished operation (CI); `silent`: tests. */
export type ApplyRenderer = 'default' | 'lines' | 'silent';

export interface ApplyOptions {
  /** The key records are sealed with (the plan carries the manifest id). */
  fingerprintKey: Buffer;
  /** Scopes and changes started at once (the client bounds HTTP concurrency on its own). */
  concurrency: number;
  renderer: ApplyRenderer;
  /** Where progress goes (stderr: stdout may carry a JSON plan). */
  output?: NodeJS.WritableStream;
  /** Aborted: start no more work (Ctrl-C). */
  signal?: AbortSignal;
}

export interface ApplyCounts {
  /** Done by this run. */
  created: number;
  updated: number;
  replaced: number;
  deleted: number;
  environments: number;
  /** Creates that found the variable or environment already made by another run (HTTP 409), set as desired. */
  existed: number;
  failed: number;
  /** Changes the apply never started (interrupted, or stopped by a permission refusal). */
  notStarted: number;
}

export interface ApplyResult {
  scopes: ScopeResult[];
  counts: ApplyCounts;
  /** Set when the apply stopped starting work before the end. */
  stopped?: ApplyControl['stopped'];
}

/**
 * Writes needed if every change succeeds: replace is two requests, plus one bookkeeping write per
 * touched scope, one more where an intent goes first, and one where a secured record is replaced.
 */
export function countWrites(plan: Plan): number {
  let writes = 0;
  for (const scope of plan.scopes) {
    for (const change of scope.changes) writes += change.action === 'replace' ? 2 : 1;
    if (scope.changes.length > 0 || scope.bookkeepingDirty) writes += 1;
    const managed = scope.bookkeepingBefore?.managed;
    if (
      scope.changes.some(
        (c) => (c.action === 'create' || c.action === 'replace') && managedEntry(managed, c.key) === undefined,
      )
    )
      writes += 1;
    if (scope.bookkeepingSecured) writes += 1;
  }
  return writes;
}

export async function applyPlan(
  plan: Plan,
  desired: DesiredState,
  target: ApplyTarget,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const index = indexDesired(desired);
  const seal: RecordSeal = { fingerprintKey: options.fingerprintKey, manifestId: plan.manifestId };
  const control: ApplyControl = {};
  const stop = () => (control.stopped ??= { reason: 'interrupted' });
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const concurrency = Math.max(1, options.concurrency);
  const work = plan.scopes.filter((s) => s.changes.length > 0 || s.bookkeepingDirty);
  const results = new Map<ScopePlan, ScopeResult>();
  const apply = async (scopePlan: ScopePlan, onResult?: (r: ChangeResult | BookkeepingResult) => void) => {
    const result = await applyScope(scopePlan, target, index, {
      concurrency,
      control,
      seal,
      ...(onResult ? { onResult } : {}),
    });
    results.set(scopePlan, result);
    return result;
  };
  try {
    const output = options.output ?? process.stderr;
    if (options.renderer === 'default') await applyWithListr(work, apply, concurrency, output);
    else {
      const show = options.renderer === 'lines' ? lineWriter(output) : undefined;
      await forEachConcurrently(work, concurrency, async (s) => {
        await apply(s, show);
      });
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  const scopes = work.map((s) => results.get(s)!);
  return { scopes, counts: countResults(scopes), ...(control.stopped ? { stopped: control.stopped } : {}) };
}

/** One listr2 task per scope, for the interactive display only: the task awaits `apply`. */
async function applyWithListr(
  work: readonly ScopePlan[],
  apply: (s: ScopePlan, onResult: (r: ChangeResult | BookkeepingResult) => void) => Promise<ScopeResult>,
  concurrency: number,
  output: NodeJS.WritableStream,
): Promise<void> {
  const logger = new ListrLogger({
    processOutput: new ProcessOutput(output as NodeJS.WriteStream, output as NodeJS.WriteStream),
  });
  const tasks = work.map((scopePlan) => ({
    title: visible(scopeLabel(scopePlan.scope)),
    task: async (_ctx: unknown, task: { output: string }) => {
      const result = await apply(scopePlan, (r) => (task.output = resultLine(r, false)));
      const failed =
        result.changes.filter((c) => c.outcome === 'failed').length + (result.bookkeeping.outcome === 'failed' ? 1 : 0);
      if (failed > 0) throw new Error(`${failed} failed (see below)`);
    },
  }));
  const list = new Listr(tasks, {
    concurrent: concurrency,
    exitOnError: false,
    collectErrors: false,
    registerSignalListeners: false,
    renderer: 'default',
    rendererOptions: { logger, collapseSubtasks: false, collapseErrors: false },
    fallbackRenderer: 'simple',
  });
  await list.run();
}

function countResults(scopes: readonly ScopeResult[]): ApplyCounts {
  const counts: ApplyCounts = {
    created: 0,
    updated: 0,
    replaced: 0,
    deleted: 0,
    environments: 0,
    existed: 0,
    failed: 0,
    notStarted: 0,
  };
  for (const scope of scopes) {
    for (const c of scope.changes) {
      if (c.outcome === 'failed') counts.failed++;
      else if (c.outcome === 'not-started') counts.notStarted++;
      else if (c.existed) counts.existed++;
      else if (c.change.action === 'create') counts.created++;
      else if (c.change.action === 'update') counts.updated++;
      else if (c.change.action === 'replace') counts.replaced++;
      else if (c.change.action === 'delete') counts.deleted++;
      else counts.environments++;
    }
    if (scope.bookkeeping.outcome === 'failed') counts.failed++;
  }
  return counts;
}

/**
 * One line per result. An error already shown is not repeated, and a permission refusal is only
 * named: the summary prints it once, with how to fix it.
 */
function lineWriter(output: NodeJS.WritableStream): (result: ChangeResult | BookkeepingResult) => void {
  const shown = new Set<string>();
  return (result) => {
    let error = result.error;
    if (result.refused) error = 'refused: the credentials lack a permission (see below)';
    else if (error !== undefined && shown.has(error)) error = 'the same error as above';
    if (result.error !== undefined) shown.add(result.error);
    output.write(resultLine(error === undefined ? result : { ...result, error }) + '\n');
  };
}

/** `✔ repository api: + create KEY` or `✖ …: <why>`: keys only, never a value. */
export function resultLine(result: ChangeResult | BookkeepingResult, withScope = true): string {
  const scope = 'change' in result ? result.change.scope : result.scope;
  const what = 'change' in result ? changeTitle(result.change) : `record ownership (${result.recordKey})`;
  const title = visible(withScope ? `${scopeLabel(scope)}: ${what}` : what);
  if (result.outcome === 'failed') return `✖ ${title}: ${visible(result.error ?? 'failed')}`;
  return `✔ ${title}${'existed' in result && result.existed ? ' (already made by another run: set as desired)' : ''}`;
}

/** Keys only: a title must never show a value. */
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
