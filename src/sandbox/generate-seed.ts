/** Large generated seeds for benchmarks and scale tests (e.g. 1,000 repositories × 150 variables). */
import type { EnvironmentType } from '../core/types.ts';
import { defaultSeed } from './seed.ts';
import type { SandboxSeed, SeedProject, SeedRepository, SeedVariable } from './types.ts';

export interface GenerateSeedOptions {
  /** Workspace slug (default `acme`). */
  workspace?: string;
  /** Number of repositories, named `repo-0001`, `repo-0002`, … (default 100). */
  repositories?: number;
  /** Variables in the workspace, each repository and each environment (default 150). */
  variablesPerScope?: number;
  /** Environments per repository (default `['test','staging','production']`). */
  environments?: { name: string; type: EnvironmentType }[];
  /** Every n-th variable is secured (default 10; 0 = none). */
  securedEvery?: number;
  /**
   * Projects the repositories are spread over, round robin: `P01`, `P02`, … (default 10, at
   * most one per repository).
   */
  projects?: number;
  /** Put the first N repositories in one project, `LARGE` (for a 1,000-repository project); the rest are spread as usual. */
  largeProject?: number;
}

/** Key of the project `largeProject` fills. */
export const LARGE_PROJECT_KEY = 'LARGE';

function variables(count: number, prefix: string, securedEvery: number): SeedVariable[] {
  const out: SeedVariable[] = [];
  for (let i = 1; i <= count; i++) {
    const secured = securedEvery > 0 && i % securedEvery === 0;
    out.push({
      key: `${prefix}_VAR_${String(i).padStart(4, '0')}`,
      value: `${prefix.toLowerCase()}-value-${i}`,
      secured,
    });
  }
  return out;
}

/** A seed with the default credentials and a generated workspace. */
export function generateSeed(options: GenerateSeedOptions = {}): SandboxSeed {
  const workspace = options.workspace ?? 'acme';
  const count = options.repositories ?? 100;
  const perScope = options.variablesPerScope ?? 150;
  const securedEvery = options.securedEvery ?? 10;
  const environments = options.environments ?? [
    { name: 'test', type: 'Test' },
    { name: 'staging', type: 'Staging' },
    { name: 'production', type: 'Production' },
  ];
  const large = Math.min(options.largeProject ?? 0, count);
  const spread = count - large;
  const projectCount = Math.max(1, Math.min(options.projects ?? 10, spread));
  const width = Math.max(2, String(projectCount).length);
  const keys = Array.from({ length: projectCount }, (_, i) => `P${String(i + 1).padStart(width, '0')}`);
  const projects: Record<string, SeedProject> = {};
  if (large > 0) projects[LARGE_PROJECT_KEY] = { name: `Large project (${large} repositories)` };
  if (spread > 0 || large === 0) for (const key of keys) projects[key] = { name: `Project ${key}` };
  const repositories: Record<string, SeedRepository> = {};
  for (let r = 1; r <= count; r++) {
    const slug = `repo-${String(r).padStart(4, '0')}`;
    repositories[slug] = {
      project: r <= large ? LARGE_PROJECT_KEY : keys[(r - large - 1) % projectCount]!,
      variables: variables(perScope, 'REPO', securedEvery),
      environments: environments.map((e) => ({
        ...e,
        variables: variables(perScope, e.name.toUpperCase().replace(/[^A-Z0-9]/g, '_'), securedEvery),
      })),
      pullRequests: r === 1 ? [{ id: 1, title: 'Generated pull request', state: 'OPEN' }] : [],
    };
  }
  const credentials = defaultSeed().credentials!;
  // The default access tokens are bound to workspace `acme`; rebind them to the generated one.
  credentials.accessTokens = (credentials.accessTokens ?? [])
    .filter((t) => t.repository === undefined)
    .map((t) => ({ ...t, workspace }));
  return {
    credentials,
    workspaces: { [workspace]: { projects, variables: variables(perScope, 'WS', securedEvery), repositories } },
  };
}
