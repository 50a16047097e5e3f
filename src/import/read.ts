/**
 * Reads what `bb-vars import` needs with the fewest requests: each variable collection once, and
 * the environments of each repository once. Independent lists run concurrently, within the
 * client's concurrency limit.
 */
import { compare } from '../core/data.ts';
import type { EnvironmentType } from '../core/types.ts';
import type { BitbucketClient } from '../bitbucket/index.ts';
import type { BbVariable } from '../bitbucket/types.ts';
import type { ImportedEnvironment, ImportedRepository, ImportedVariable, ImportSnapshot } from './types.ts';

/** What to read. */
export interface ImportRequest {
  workspace: string;
  /** Repository slugs, in the order they should appear in the manifest. */
  repositories: readonly string[];
  /** Also read the workspace's variables. */
  workspaceVariables: boolean;
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

  const repositories = await Promise.all(request.repositories.map(readRepository));
  const snapshot: ImportSnapshot = { workspace, repositories };
  if (workspaceVariables) snapshot.workspaceVariables = toImported(await workspaceVariables);
  return snapshot;
}

function rank(env: ImportedEnvironment): number {
  return env.type === undefined ? 3 : TYPE_ORDER[env.type];
}

function toImported(list: BbVariable[]): ImportedVariable[] {
  return list.map((v) =>
    v.value === undefined ? { key: v.key, secured: v.secured } : { key: v.key, value: v.value, secured: v.secured },
  );
}
