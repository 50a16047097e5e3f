/** Pure formatting of reconcile's footer lines: request counts and the apply summary. */
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../../bitbucket/index.ts';
import type { ClientStats } from '../../bitbucket/types.ts';
import type { ApplyResult } from '../../apply/run.ts';
import { scopeLabel, type DesiredState } from '../../core/types.ts';
import type { Plan } from '../../plan/types.ts';

export function formatStats(stats: Readonly<ClientStats>, what: string): string {
  const extra: string[] = [];
  if (stats.tokenRequests > 0) extra.push(`${stats.tokenRequests} token`);
  if (stats.retries > 0) extra.push(`${stats.retries} retries`);
  if (stats.rateLimited > 0) extra.push(`${stats.rateLimited} rate-limited`);
  if (stats.nearLimit > 0) extra.push(`${stats.nearLimit} near the hourly limit`);
  return `Bitbucket API requests for this ${what}: ${stats.requests}${extra.length ? ` (${extra.join(', ')})` : ''}.`;
}

export function formatApplySummary(result: ApplyResult, applyRequests: number, totalRequests: number): string {
  const c = result.counts;
  const lines: string[] = [];
  const failures = result.changes.filter((r) => !r.ok);
  const bookkeepingFailures = result.bookkeeping.filter((b) => !b.ok);
  if (failures.length > 0 || bookkeepingFailures.length > 0) {
    lines.push('', 'Failed:');
    for (const f of failures) lines.push(`  ${scopeLabel(f.change.scope)}: ${f.change.action} ${f.change.key}: ${f.error ?? 'failed'}`);
    for (const b of bookkeepingFailures) lines.push(`  ${scopeLabel(b.scope)}: recording ownership: ${b.error ?? 'failed'}`);
    lines.push('', 'Run `bb-vars reconcile --apply` again: it picks up where this run stopped.');
  }
  const envs = c.environments > 0 ? `${c.environments} environment${c.environments === 1 ? '' : 's'} created, ` : '';
  lines.push(
    `Apply ${c.failed > 0 ? 'finished with errors' : 'complete'}: ${envs}${c.created} created, ${c.updated} updated, ${c.replaced} replaced, ${c.deleted} deleted, ${c.failed} failed.`,
    `Bitbucket API requests: ${applyRequests} to apply, ${totalRequests} in total.`,
  );
  return lines.join('\n');
}

/** Writes needed if every change succeeds: replace is two requests, plus one bookkeeping write per touched scope. */
export function countWrites(plan: Plan): number {
  let writes = 0;
  for (const scope of plan.scopes) {
    for (const change of scope.changes) writes += change.action === 'replace' ? 2 : 1;
    if (scope.changes.length > 0 || scope.bookkeepingDirty) writes += 1;
  }
  return writes;
}

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
