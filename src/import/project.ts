/**
 * `import --project`: what a project's repositories share, declared once for the project, and
 * what each repository keeps of its own. Pure.
 *
 * A repository variable goes to the project when every repository of the project has it,
 * non-secured, and more than half of them hold the same value; the repositories holding another
 * value keep it as an override (a repository's own declaration wins). A deployment environment
 * goes to the project when every repository has one of that name and type; its variables are
 * shared by the same rule. Secured values cannot be read, so they cannot be compared: they stay
 * with each repository (`securedEverywhere` names those every repository has, for a hint).
 */
import { compare } from '../core/data.ts';
import type { EnvironmentType } from '../core/types.ts';
import type { ImportedEnvironment, ImportedRepository, ImportedVariable } from './types.ts';

/** What the project declares for all its repositories. */
export interface SharedDeployment {
  name: string;
  type: EnvironmentType;
  variables: ImportedVariable[];
}

export interface SharedProject {
  key: string;
  /** How many repositories the project has. */
  repositories: number;
  variables: ImportedVariable[];
  deployments: SharedDeployment[];
  /** Repository variables every repository has, secured: one value or several, nobody can tell. */
  securedEverywhere: string[];
  /** Per-repository values that differ from the shared one (the repository's declaration wins). */
  overrides: number;
}

/**
 * Splits `repositories` (the project's, with their variables already filtered for import) into
 * the shared part and what each repository keeps, in the same order.
 */
export function shareProject(
  key: string,
  repositories: readonly ImportedRepository[],
): { shared: SharedProject; kept: ImportedRepository[] } {
  const variables = shared(repositories.map((r) => r.variables));
  const securedEverywhere = everywhere(repositories.map((r) => r.variables)).filter((k) =>
    repositories.every((r) => r.variables.find((v) => v.key === k)!.secured),
  );
  let overrides = 0;
  const kept = repositories.map((r) => {
    const own = keep(r.variables, variables);
    overrides += own.length - (r.variables.length - variables.length);
    return { ...r, variables: own };
  });

  const deployments: SharedDeployment[] = [];
  for (const name of everywhere(repositories.map((r) => r.environments.map((e) => ({ key: e.name }))))) {
    const instances = repositories.map((r) => r.environments.find((e) => e.name === name)!);
    const type = instances[0]!.type;
    if (type === undefined || instances.some((e) => e.type !== type)) continue;
    const common = shared(instances.map((e) => e.variables));
    if (common.length === 0) continue;
    deployments.push({ name, type, variables: common });
    for (const [i, repo] of kept.entries()) {
      const env = instances[i]!;
      const own = keep(env.variables, common);
      overrides += own.length - (env.variables.length - common.length);
      const environments: ImportedEnvironment[] = repo.environments.flatMap((e) =>
        e !== env ? [e] : own.length > 0 ? [{ ...e, variables: own }] : [],
      );
      kept[i] = { ...repo, environments };
    }
  }
  return {
    shared: { key, repositories: repositories.length, variables, deployments, securedEverywhere, overrides },
    kept,
  };
}

/** Keys (of anything keyed) present in every list, sorted. */
function everywhere(lists: ReadonlyArray<ReadonlyArray<{ key: string }>>): string[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  return first
    .map((v) => v.key)
    .filter((k) => rest.every((list) => list.some((v) => v.key === k)))
    .sort(compare);
}

/** The variables to share: in every list, never secured, one value held by more than half. */
function shared(lists: ReadonlyArray<readonly ImportedVariable[]>): ImportedVariable[] {
  const out: ImportedVariable[] = [];
  for (const key of everywhere(lists)) {
    const found = lists.map((list) => list.find((v) => v.key === key)!);
    if (found.some((v) => v.secured || v.value === undefined)) continue;
    const counts = new Map<string, number>();
    for (const v of found) counts.set(v.value!, (counts.get(v.value!) ?? 0) + 1);
    const [value, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    if (count * 2 > found.length) out.push({ key, value, secured: false });
  }
  return out;
}

/** `own` minus the variables the project declares with the same value (the others override it). */
function keep(own: readonly ImportedVariable[], sharedVariables: readonly ImportedVariable[]): ImportedVariable[] {
  return own.filter((v) => {
    const s = sharedVariables.find((x) => x.key === v.key);
    return s === undefined || v.secured || s.value !== v.value;
  });
}
