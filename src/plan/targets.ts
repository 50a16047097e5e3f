/**
 * `--target <repo>[/<env>]` (repeatable): limits a run to some scopes of the manifest.
 * `workspace` selects the workspace variables; `<repo>` its variables and all its environments;
 * `<repo>/<env>` one deployment environment; `project:<KEY>` every repository of a project's
 * fan-out with its environments (run after the fan-out: src/reconcile/projects.ts).
 */
import { scopeId, type DesiredScope, type DesiredState } from '../core/types.ts';
import { UserError } from '../errors.ts';
import { closest } from '../core/suggest.ts';

/** The desired state restricted to the targets, in manifest order. No targets: everything. */
export function filterTargets(desired: DesiredState, targets: readonly string[]): DesiredState {
  if (targets.length === 0) return desired;
  const selected = new Set<DesiredScope>();
  for (const raw of targets) {
    const target = raw.trim();
    const matches = desired.scopes.filter((s) => matchesTarget(s, target));
    if (matches.length === 0) throw unknownTarget(desired, raw);
    for (const m of matches) selected.add(m);
  }
  return { ...desired, scopes: desired.scopes.filter((s) => selected.has(s)) };
}

function matchesTarget(s: DesiredScope, target: string): boolean {
  const scope = s.scope;
  if (s.project !== undefined && target === `project:${s.project}`) return true;
  if (scopeId(scope) === target) return true;
  return scope.type === 'deployment' && scope.repository === target;
}

function unknownTarget(desired: DesiredState, target: string): UserError {
  const ids = [
    ...new Set(
      desired.scopes.flatMap((s) => [
        ...(s.project === undefined ? [] : [`project:${s.project}`]),
        ...(s.scope.type === 'deployment' ? [s.scope.repository, scopeId(s.scope)] : [scopeId(s.scope)]),
      ]),
    ),
  ];
  if (ids.length === 0) return new UserError(`--target ${target}: the manifest declares no scopes to target.`);
  const guess = closest(target, ids);
  const hint = guess === undefined ? '' : ` Did you mean '${guess}'?`;
  const shown = ids.slice(0, 20).join(', ') + (ids.length > 20 ? `, … (${ids.length - 20} more)` : '');
  return new UserError(
    `--target ${target}: no such scope in the manifest.${hint} Targets are 'workspace', '<repo>', '<repo>/<env>' or 'project:<KEY>'; ` +
      `this manifest has: ${shown}.`,
  );
}
