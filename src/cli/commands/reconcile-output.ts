/** Pure formatting of reconcile's footer lines: request counts and the apply summary. */
import type { ClientStats } from '../../bitbucket/types.ts';
import { visible } from '../../core/escape.ts';
import { scopeLabel } from '../../core/types.ts';
import type { Applied } from '../../reconcile/index.ts';
import { changeTitle } from '../../apply/run.ts';

export function formatStats(stats: Readonly<ClientStats>, what: string): string {
  const extra: string[] = [];
  if (stats.tokenRequests > 0) extra.push(`${stats.tokenRequests} token`);
  if (stats.retries > 0) extra.push(`${stats.retries} retries`);
  if (stats.rateLimited > 0) extra.push(`${stats.rateLimited} rate-limited`);
  if (stats.nearLimit > 0) extra.push(`${stats.nearLimit} near the hourly limit`);
  return `Bitbucket API requests for this ${what}: ${stats.requests}${extra.length ? ` (${extra.join(', ')})` : ''}.`;
}

const RERUN = 'Run `bb-vars reconcile --apply` again: it picks up where this run stopped.';

/**
 * What this run did: failures (each distinct error once, with the operations it hit), how it
 * stopped if it stopped early, and the counts of what this run itself changed.
 */
export function formatApplySummary(applied: Applied): string {
  const c = applied.counts;
  const lines: string[] = [];
  const failures = new Map<string, string[]>();
  for (const scope of applied.scopes) {
    for (const r of scope.changes) {
      if (r.outcome === 'failed')
        add(failures, r.error ?? 'failed', `${scopeLabel(r.change.scope)}: ${changeTitle(r.change)}`);
    }
    if (scope.bookkeeping.outcome === 'failed')
      add(failures, scope.bookkeeping.error ?? 'failed', `${scopeLabel(scope.scope)}: recording ownership`);
  }
  const stopped = applied.stopped;
  if (stopped?.reason === 'permission') {
    // The refusal says what to grant; every other write would be refused the same way.
    lines.push('', `Stopped at the first permission refusal: nothing more was tried.`, `  ${visible(stopped.message)}`);
    const others = [...failures].filter(([error]) => error !== visible(stopped.message));
    if (others.length > 0)
      lines.push(
        '',
        'Also failed:',
        ...others.flatMap(([error, what]) => [...what.map((w) => `  ${w}`), `    ${error}`]),
      );
  } else if (failures.size > 0) {
    lines.push('', 'Failed:');
    for (const [error, what] of failures) {
      if (what.length === 1) lines.push(`  ${what[0]}: ${error}`);
      else lines.push(...what.map((w) => `  ${w}`), `    all ${what.length}: ${error}`);
    }
  }
  const done = c.created + c.updated + c.replaced + c.deleted + c.environments + c.existed;
  if (stopped?.reason === 'interrupted') {
    lines.push(
      '',
      `Interrupted: ${done} of ${done + c.failed + c.notStarted} changes done, ${c.notStarted} not started${c.failed > 0 ? `, ${c.failed} failed` : ''}.`,
      'Nothing is left half-done. Run `bb-vars reconcile --apply` again to finish.',
    );
  } else if (failures.size > 0 && stopped === undefined) lines.push('', RERUN);
  const envs = c.environments > 0 ? `${c.environments} environment${c.environments === 1 ? '' : 's'} created, ` : '';
  const state = c.failed > 0 ? 'finished with errors' : stopped ? 'interrupted' : 'complete';
  const left = c.notStarted > 0 ? `, ${c.notStarted} not started` : '';
  lines.push(
    `Apply ${state}: ${envs}${c.created} created, ${c.updated} updated, ${c.replaced} replaced, ${c.deleted} deleted, ${c.failed} failed${left}.`,
  );
  if (c.existed > 0) {
    lines.push(
      `${c.existed} ${c.existed === 1 ? 'was' : 'were'} already created by another run (Bitbucket answered 409): set to the desired value, not counted as created by this run.`,
    );
  }
  lines.push(`Bitbucket API requests: ${applied.requests.apply} to apply, ${applied.requests.total} in total.`);
  return lines.join('\n');
}

/** Errors and titles quote names from Bitbucket: each is kept on one line, inert. */
function add(map: Map<string, string[]>, error: string, item: string): void {
  const key = visible(error);
  const list = map.get(key);
  if (list) list.push(visible(item));
  else map.set(key, [visible(item)]);
}
