/**
 * A project's fan-out, summarised for reviewers (pure): the changes whose `origin` is a project
 * become one line per key — "SONAR_TOKEN: create in 38 repositories of PLAT, update in 2" — and
 * the per-repository detail is left to JSON and to a bounded section of the markdown.
 */
import { compare } from '../core/data.ts';
import type { Change, ChangeAction, PlanView } from '../plan/types.ts';
import { showSide } from './describe.ts';

/** One key (or environment) of a project, with how many repositories each action touches. */
export interface KeyGroup {
  /** `KEY`, or `<env>/KEY` for a deployment variable; for an environment, its name. */
  name: string;
  /** An environment to create rather than a variable. */
  environment: boolean;
  counts: Partial<Record<ChangeAction, number>>;
  /** The one plain value every change of this key writes, when there is one (shown as is). */
  value?: string;
  secured: boolean;
  /** The action of every change, when they all agree (else undefined: mixed). */
  action?: ChangeAction;
}

export interface ProjectGroup {
  project: string;
  /** Repositories with at least one change from this project. */
  repositories: number;
  /** The changes summarised. */
  changes: number;
  keys: KeyGroup[];
}

const ORDER: readonly ChangeAction[] = ['create-environment', 'create', 'update', 'replace', 'delete'];

/** The plan's project changes grouped per project and key, projects and keys in code-unit order. */
export function groupProjects(plan: PlanView, maxValueLength = 60): ProjectGroup[] {
  type Entry = { repositories: Set<string>; changes: number; keys: Map<string, Change[]> };
  const byProject = new Map<string, Entry>();
  for (const scope of plan.scopes) {
    for (const change of scope.changes) {
      if (!change.origin) continue;
      const project = change.origin.project;
      const entry: Entry = byProject.get(project) ?? {
        repositories: new Set<string>(),
        changes: 0,
        keys: new Map<string, Change[]>(),
      };
      byProject.set(project, entry);
      if (change.scope.type !== 'workspace') entry.repositories.add(change.scope.repository);
      entry.changes++;
      const name =
        change.action !== 'create-environment' && change.scope.type === 'deployment'
          ? `${change.scope.environment}/${change.key}`
          : change.key;
      const id = `${change.action === 'create-environment' ? 'env' : 'var'}\u0000${name}`;
      const list = entry.keys.get(id) ?? [];
      list.push(change);
      entry.keys.set(id, list);
    }
  }
  return [...byProject.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([project, entry]) => ({
      project,
      repositories: entry.repositories.size,
      changes: entry.changes,
      keys: [...entry.keys.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([id, changes]) => keyGroup(id.slice(id.indexOf('\u0000') + 1), changes, maxValueLength)),
    }));
}

function keyGroup(name: string, changes: readonly Change[], maxValueLength: number): KeyGroup {
  const counts: Partial<Record<ChangeAction, number>> = {};
  for (const c of changes) counts[c.action] = (counts[c.action] ?? 0) + 1;
  const first = changes[0]!;
  const group: KeyGroup = { name, environment: first.action === 'create-environment', counts, secured: first.secured };
  if (changes.every((c) => c.action === first.action)) group.action = first.action;
  const plain = first.action !== 'create-environment' && !first.secured && !first.sensitive;
  if (plain && first.action !== 'delete' && first.after) {
    const shown = showSide(first.after, first.sensitive, maxValueLength);
    const same = changes.every(
      (c) =>
        c.action !== 'create-environment' &&
        c.action !== 'delete' &&
        c.after !== undefined &&
        showSide(c.after, c.sensitive, maxValueLength) === shown,
    );
    if (same) group.value = shown;
  }
  return group;
}

/** "create in 38 repositories of PLAT, update in 2". */
export function describeCounts(group: KeyGroup, project: string): string {
  const parts: string[] = [];
  for (const action of ORDER) {
    const n = group.counts[action];
    if (n === undefined) continue;
    const verb = action === 'create-environment' ? 'create' : action;
    parts.push(parts.length === 0 ? `${verb} in ${repositories(n)} of ${project}` : `${verb} in ${n}`);
  }
  return parts.join(', ');
}

export function repositories(n: number): string {
  return `${n} ${n === 1 ? 'repository' : 'repositories'}`;
}
