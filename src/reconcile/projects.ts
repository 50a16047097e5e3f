/**
 * `projects:` fan-out. At plan time each declared project's repositories are listed
 * (`GET /repositories/{workspace}?q=project.key="KEY"`, page by page), then each repository gets
 * the project's variables and deployments as its own desired scopes. A repository also declared
 * under `repositories:` gets both; its own declaration wins per key. Listing is I/O
 * (`listProjectRepositories`); the expansion itself is pure (`expandProjects`).
 */
import type { BitbucketClient } from '../bitbucket/index.ts';
import { compare } from '../core/data.ts';
import { closest, listNames } from '../core/suggest.ts';
import type {
  DesiredProject,
  DesiredProjectDeployment,
  DesiredScope,
  DesiredState,
  DesiredVariable,
  ScopeRef,
} from '../core/types.ts';
import { UserError } from '../errors.ts';

/** Each project's repository slugs, sorted, by project key. */
export type ProjectListings = ReadonlyMap<string, readonly string[]>;

/**
 * Lists the repositories of every declared project (concurrently). A project that lists no
 * repository is looked up among the workspace's projects: an unknown key is an error naming the
 * closest one, a known but empty project a warning.
 */
export async function listProjectRepositories(
  client: BitbucketClient,
  state: DesiredState,
): Promise<{ listings: ProjectListings; warnings: string[] }> {
  const projects = state.projects ?? [];
  const listed = await Promise.all(
    projects.map(async (p) => {
      const repositories = await client.listProjectRepositories(state.workspace, p.key);
      return [p.key, repositories.map((r) => r.slug).sort(compare)] as const;
    }),
  );
  const listings = new Map(listed);
  const warnings: string[] = [];
  const empty = projects.filter((p) => listings.get(p.key)!.length === 0);
  if (empty.length > 0) {
    const known = (await client.listProjects(state.workspace)).map((p) => p.key);
    const unknown = empty.filter((p) => !known.includes(p.key));
    if (unknown.length > 0)
      throw new UserError(unknown.map((p) => unknownProject(p, known, state.workspace)).join('\n'));
    for (const p of empty)
      warnings.push(
        `${p.where}  projects.${p.key}: project ${p.key} has no repositories (that these credentials can see): nothing to set`,
      );
  }
  return { listings, warnings };
}

function unknownProject(project: DesiredProject, known: readonly string[], workspace: string): string {
  const guess = closest(project.key, known);
  return (
    `${project.where}  projects.${project.key}: no project ${project.key} in workspace ${workspace}` +
    `${guess ? `; did you mean '${guess}'?` : ''}\n    hint: ` +
    (known.length > 0 ? `the workspace's projects: ${listNames(known)}` : 'the workspace has no projects')
  );
}

/**
 * The desired state with each project fanned out to its repositories (minus `exclude`):
 * repository and deployment scopes, each variable marked with its `origin`. Pure.
 */
export function expandProjects(
  state: DesiredState,
  listings: ProjectListings,
): { desired: DesiredState; warnings: string[] } {
  const projects = state.projects ?? [];
  const scopes = state.scopes.map((s) => ({ ...s, variables: [...s.variables] }));
  const warnings: string[] = [];
  const added: DesiredScope[] = [];
  for (const project of projects) {
    const slugs = listings.get(project.key) ?? [];
    for (const slug of project.exclude) {
      if (slugs.includes(slug)) continue;
      const guess = closest(slug, slugs);
      warnings.push(
        `${project.where}  projects.${project.key}.exclude: ${slug} is not a repository of project ${project.key}` +
          (guess ? `; did you mean '${guess}'?` : ''),
      );
    }
    for (const slug of slugs) {
      if (project.exclude.includes(slug)) continue;
      const repository: ScopeRef = { type: 'repository', workspace: state.workspace, repository: slug };
      fanOut(scopes, added, project, repository, project.prune, project.variables);
      for (const deployment of project.deployments) {
        const ref: ScopeRef = { ...repository, type: 'deployment', environment: deployment.environment };
        fanOut(scopes, added, project, ref, deployment.prune, deployment.variables, deployment);
      }
    }
  }
  const { projects: _expanded, ...rest } = state;
  return { desired: { ...rest, scopes: [...scopes, ...added] }, warnings };
}

/** Adds the project's variables to the repository's own scope (its keys win), or a scope of their own. */
function fanOut(
  declared: DesiredScope[],
  added: DesiredScope[],
  project: DesiredProject,
  ref: ScopeRef,
  prune: DesiredScope['prune'],
  variables: readonly DesiredVariable[],
  deployment?: DesiredProjectDeployment,
): void {
  const own = findScope(declared, ref) ?? findScope(added, ref);
  if (own) {
    const keys = new Set(own.variables.map((v) => v.key));
    own.variables.push(...variables.filter((v) => !keys.has(v.key)));
    own.project ??= project.key;
    if (own.environmentType === undefined && deployment?.environmentType)
      own.environmentType = deployment.environmentType;
    return;
  }
  const scope: DesiredScope = {
    scope: ref,
    prune,
    variables: [...variables],
    project: project.key,
    origin: { project: project.key },
  };
  if (deployment?.environmentType) scope.environmentType = deployment.environmentType;
  added.push(scope);
}

/** The scope for `ref`; deployments match regardless of case (an exact match wins), as Bitbucket does. */
function findScope(scopes: DesiredScope[], ref: ScopeRef): DesiredScope | undefined {
  const same = (s: DesiredScope, exact: boolean): boolean => {
    const a = s.scope;
    if (a.type !== ref.type || (a.type !== 'workspace' && ref.type !== 'workspace' && a.repository !== ref.repository))
      return false;
    if (a.type !== 'deployment' || ref.type !== 'deployment') return true;
    return exact ? a.environment === ref.environment : a.environment.toLowerCase() === ref.environment.toLowerCase();
  };
  return scopes.find((s) => same(s, true)) ?? scopes.find((s) => same(s, false));
}
