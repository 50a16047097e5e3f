/**
 * The manifest's scopes in desired order — workspace, then each repository followed by its
 * deployments — with prune modes and environment types settled. Pure; shared by the rules and
 * the resolver so both see the same structure.
 */
import { isRecord } from '../core/data.ts';
import { inferEnvironmentType, type EnvironmentType, type PruneMode } from '../core/types.ts';
import type { Manifest, VariableValue } from './types.generated.ts';
import type { PathSegment } from './yaml-data.ts';

/** One declared scope and its variables, with the manifest path of each. */
export interface ScopeDecl {
  type: 'workspace' | 'repository' | 'deployment';
  /** Unset in a project's scopes: they stand for each repository of the project. */
  repository?: string;
  /** Set in a project's scopes (`projects: <KEY>:`). */
  project?: string;
  environment?: string;
  prune: PruneMode;
  /** Deployments: the declared type, else the one inferred from the name (undefined: neither). */
  environmentType?: EnvironmentType;
  /** Path of the scope's declaration (for messages about the whole scope). */
  path: PathSegment[];
  variables: Array<{ key: string; value: VariableValue; path: PathSegment[] }>;
}

/**
 * `workspace_variables` in its `{ prune, variables }` form: a mapping whose only keys are
 * `prune` and `variables`, with `variables` itself a mapping. Anything else is the plain KEY map.
 */
export function isWorkspaceScopeForm(v: unknown): v is { prune?: PruneMode; variables: Record<string, VariableValue> } {
  return isRecord(v) && isRecord(v.variables) && Object.keys(v).every((k) => k === 'prune' || k === 'variables');
}

function vars(map: unknown, path: PathSegment[]): ScopeDecl['variables'] {
  if (!isRecord(map)) return [];
  return Object.keys(map).map((key) => ({ key, value: map[key] as VariableValue, path: [...path, key] }));
}

const pruneOf = (v: unknown): PruneMode | undefined => (v === 'managed' || v === 'all' || v === 'none' ? v : undefined);

/** Lists the scopes of a (schema-valid or at least object-shaped) manifest. */
export function listScopes(manifest: Manifest): ScopeDecl[] {
  const topPrune = pruneOf(manifest.prune) ?? 'managed';
  const scopes: ScopeDecl[] = [];
  const ws: unknown = manifest.workspace_variables;
  if (ws !== undefined) {
    if (isWorkspaceScopeForm(ws)) {
      scopes.push({
        type: 'workspace',
        prune: pruneOf(ws.prune) ?? topPrune,
        path: ['workspace_variables'],
        variables: vars(ws.variables, ['workspace_variables', 'variables']),
      });
    } else {
      scopes.push({
        type: 'workspace',
        prune: topPrune,
        path: ['workspace_variables'],
        variables: vars(ws, ['workspace_variables']),
      });
    }
  }
  const repos: unknown = manifest.repositories;
  if (!isRecord(repos)) return scopes;
  for (const slug of Object.keys(repos)) {
    const repo = repos[slug];
    if (!isRecord(repo)) continue;
    const base: PathSegment[] = ['repositories', slug];
    const repoPrune = pruneOf(repo.prune) ?? topPrune;
    scopes.push({
      type: 'repository',
      repository: slug,
      prune: repoPrune,
      path: base,
      variables: vars(repo.variables, [...base, 'variables']),
    });
    scopes.push(...deploymentScopes(repo.deployments, base, repoPrune, { repository: slug }));
  }
  return scopes;
}

/** One project's declaration: its repository scope (no `repository`), then its deployments. */
export interface ProjectDecl {
  key: string;
  path: PathSegment[];
  /** Slugs that get none of the project's variables. */
  exclude: string[];
  scopes: ScopeDecl[];
}

/** Lists the `projects:` of a (schema-valid or at least object-shaped) manifest. */
export function listProjects(manifest: Manifest): ProjectDecl[] {
  const projects: unknown = manifest.projects;
  if (!isRecord(projects)) return [];
  const topPrune = pruneOf(manifest.prune) ?? 'managed';
  const out: ProjectDecl[] = [];
  for (const key of Object.keys(projects)) {
    const project = projects[key];
    if (!isRecord(project)) continue;
    const base: PathSegment[] = ['projects', key];
    const exclude = Array.isArray(project.exclude)
      ? project.exclude.filter((s): s is string => typeof s === 'string')
      : [];
    out.push({
      key,
      path: base,
      exclude,
      scopes: [
        {
          type: 'repository',
          project: key,
          prune: topPrune,
          path: base,
          variables: vars(project.variables, [...base, 'variables']),
        },
        ...deploymentScopes(project.deployments, base, topPrune, { project: key }),
      ],
    });
  }
  return out;
}

function deploymentScopes(
  deployments: unknown,
  base: PathSegment[],
  repoPrune: PruneMode,
  owner: { repository: string } | { project: string },
): ScopeDecl[] {
  if (!isRecord(deployments)) return [];
  const scopes: ScopeDecl[] = [];
  for (const env of Object.keys(deployments)) {
    const dep = deployments[env];
    if (!isRecord(dep)) continue;
    const path = [...base, 'deployments', env];
    const declared = dep.type === 'Test' || dep.type === 'Staging' || dep.type === 'Production' ? dep.type : undefined;
    const scope: ScopeDecl = {
      type: 'deployment',
      ...owner,
      environment: env,
      prune: pruneOf(dep.prune) ?? repoPrune,
      path,
      variables: vars(dep.variables, [...path, 'variables']),
    };
    const type = declared ?? inferEnvironmentType(env);
    if (type) scope.environmentType = type;
    scopes.push(scope);
  }
  return scopes;
}
