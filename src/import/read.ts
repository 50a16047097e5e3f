/**
 * Reads what `bb-vars import` needs with the fewest requests: each project's repository listing
 * once, each variable collection once, and the environments of each repository once. Independent
 * lists run concurrently, within the client's concurrency limit.
 */
import { compare } from '../core/data.ts';
import { closest, listNames } from '../core/suggest.ts';
import { UserError } from '../errors.ts';
import type { EnvironmentType } from '../core/types.ts';
import type { BitbucketClient } from '../bitbucket/index.ts';
import type { BbVariable } from '../bitbucket/types.ts';
import type {
  ImportedEnvironment,
  ImportedProject,
  ImportedRepository,
  ImportedVariable,
  ImportSnapshot,
} from './types.ts';

/** What to read. */
export interface ImportRequest {
  workspace: string;
  /** Repository slugs, in the order they should appear in the manifest. */
  repositories: readonly string[];
  /** Also read the workspace's variables. */
  workspaceVariables: boolean;
  /** Project keys: every repository of each is read too (after `repositories`, sorted). */
  projects?: readonly string[];
}

const TYPE_ORDER: Record<EnvironmentType, number> = { Test: 0, Staging: 1, Production: 2 };

/** Lists the live variables of the requested scopes. API errors (404 for an unknown repository…) propagate. */
export async function readImportSnapshot(client: BitbucketClient, request: ImportRequest): Promise<ImportSnapshot> {
  const { workspace } = request;
  const workspaceVariables = request.workspaceVariables
    ? client.listVariables({ kind: 'workspace', workspace })
    : undefined;
  workspaceVariables?.catch(() => undefined);

  const readRepository = async (slug: string): Promise<ImportedRepository> => {
    const [variables, environments] = await Promise.all([
      client.listVariables({ kind: 'repository', workspace, repository: slug }),
      client.listEnvironments(workspace, slug),
    ]);
    const withVariables = await Promise.all(
      environments.map(async (env): Promise<ImportedEnvironment> => {
        const list = await client.listVariables({
          kind: 'deployment',
          workspace,
          repository: slug,
          environmentUuid: env.uuid,
        });
        const out: ImportedEnvironment = { name: env.name, variables: toImported(list) };
        if (env.environmentType) out.type = env.environmentType;
        return out;
      }),
    );
    // Bitbucket lists environments in its own order; type then name reads like its UI and stays stable.
    withVariables.sort((a, b) => rank(a) - rank(b) || compare(a.name, b.name));
    return { slug, variables: toImported(variables), environments: withVariables };
  };

  const projects = await listProjects(client, workspace, request.projects ?? []);
  const slugs = [...request.repositories];
  for (const project of projects) for (const slug of project.repositories) if (!slugs.includes(slug)) slugs.push(slug);
  const repositories = await Promise.all(slugs.map(readRepository));
  const snapshot: ImportSnapshot = { workspace, repositories };
  if (workspaceVariables) snapshot.workspaceVariables = toImported(await workspaceVariables);
  if (request.projects !== undefined && request.projects.length > 0) snapshot.projects = projects;
  return snapshot;
}

/**
 * Each project's repositories (BBQL `project.key="KEY"`, page by page). A project that lists none
 * is an error: an unknown key names the closest known one; a known one has nothing to import.
 */
async function listProjects(
  client: BitbucketClient,
  workspace: string,
  keys: readonly string[],
): Promise<ImportedProject[]> {
  const projects = await Promise.all(
    keys.map(async (key): Promise<ImportedProject> => {
      const listed = await client.listProjectRepositories(workspace, key);
      return { key, repositories: listed.map((r) => r.slug).sort(compare) };
    }),
  );
  const empty = projects.filter((p) => p.repositories.length === 0);
  if (empty.length === 0) return projects;
  const known = (await client.listProjects(workspace)).map((p) => p.key);
  throw new UserError(
    empty
      .map(({ key }) => {
        if (known.includes(key))
          return `--project ${key}: project ${key} has no repositories (that these credentials can see): nothing to import.`;
        const guess = closest(key, known);
        return (
          `--project ${key}: no project ${key} in workspace ${workspace}${guess ? `; did you mean '${guess}'?` : '.'}\n  hint: ` +
          (known.length > 0 ? `the workspace's projects: ${listNames(known)}` : 'the workspace has no projects')
        );
      })
      .join('\n'),
  );
}

function rank(env: ImportedEnvironment): number {
  return env.type === undefined ? 3 : TYPE_ORDER[env.type];
}

function toImported(list: BbVariable[]): ImportedVariable[] {
  return list.map((v) =>
    v.value === undefined ? { key: v.key, secured: v.secured } : { key: v.key, value: v.value, secured: v.secured },
  );
}
