/**
 * The domain types every stage shares: the desired state (from the manifest and sources), the
 * live state (from Bitbucket), and the plan between them. Pure data; no I/O here.
 */

export type EnvironmentType = 'Test' | 'Staging' | 'Production';
export type PruneMode = 'managed' | 'all' | 'none';

const INFERRED_TYPES: Readonly<Record<string, EnvironmentType>> = {
  test: 'Test',
  staging: 'Staging',
  production: 'Production',
};

/** The type of an environment named test, staging or production (any case); other names need one declared. */
export function inferEnvironmentType(name: string): EnvironmentType | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(INFERRED_TYPES, key) ? INFERRED_TYPES[key] : undefined;
}

/** Where a variable lives. `environment` is the deployment environment's name (not UUID). */
export type ScopeRef =
  | { type: 'workspace'; workspace: string }
  | { type: 'repository'; workspace: string; repository: string }
  | { type: 'deployment'; workspace: string; repository: string; environment: string };

/** Stable, human-readable scope id: `workspace`, `<repo>`, `<repo>/<env>`. Used by --target. */
export function scopeId(scope: ScopeRef): string {
  switch (scope.type) {
    case 'workspace':
      return 'workspace';
    case 'repository':
      return scope.repository;
    case 'deployment':
      return `${scope.repository}/${scope.environment}`;
  }
}

/** Label for people: `workspace acme`, `repository api-service`, `deployment api-service/production`. */
export function scopeLabel(scope: ScopeRef): string {
  switch (scope.type) {
    case 'workspace':
      return `workspace ${scope.workspace}`;
    case 'repository':
      return `repository ${scope.repository}`;
    case 'deployment':
      return `deployment ${scope.repository}/${scope.environment}`;
  }
}

/** A variable as the manifest wants it, with its final string value. */
export interface DesiredVariable {
  key: string;
  /** Final value. May be a secret: never print it when `secured` or `sensitive`. */
  value: string;
  secured: boolean;
  /** Derived from a sensitive Terraform output (implies secured). */
  sensitive: boolean;
  /**
   * The manifest says `secured: false` explicitly. Without it, a variable that is secured in
   * Bitbucket stays secured: forgetting `secured: true` never un-secures (and shows) a live secret.
   */
  declaredPlain?: true;
  /** Declared by a project (`projects: <KEY>:`), not by the repository itself. */
  origin?: Origin;
}

/** Where a value came from when not from the scope's own declaration: a project's fan-out. */
export interface Origin {
  project: string;
}

export interface DesiredScope {
  scope: ScopeRef;
  prune: PruneMode;
  /** Deployment scopes: the type to create the environment with if it is missing. */
  environmentType?: EnvironmentType;
  variables: DesiredVariable[];
  /**
   * A deployment no longer in the manifest that bb-vars' bookkeeping still lists: only what
   * bb-vars manages there is deleted, and a missing environment is left alone.
   */
  orphan?: boolean;
  /**
   * A repository scope read only to keep its record's list of deployments current, when a run
   * covers some of its deployments without it (`--target <repo>/<env>`): nothing in it is planned,
   * and its record keeps what it lists and gains those deployments.
   */
  recordOnly?: boolean;
  /** The repository is in this project's fan-out (`projects: <KEY>:`; `--target project:<KEY>`). */
  project?: string;
  /** The whole scope comes from a project's fan-out (the repository declares nothing of its own here). */
  origin?: Origin;
}

/** A deployment environment a project sets in each of its repositories. */
export interface DesiredProjectDeployment {
  environment: string;
  environmentType?: EnvironmentType;
  prune: PruneMode;
  variables: DesiredVariable[];
}

/**
 * A project's declaration before fan-out: its repositories are listed at plan time and each gets
 * these variables and deployments (src/reconcile/projects.ts).
 */
export interface DesiredProject {
  key: string;
  /** Slugs that get none of the project's variables. */
  exclude: string[];
  prune: PruneMode;
  variables: DesiredVariable[];
  deployments: DesiredProjectDeployment[];
  /** The project's declaration as `file:line:col`, for what is found about it at plan time. */
  where: string;
}

export interface DesiredState {
  workspace: string;
  scopes: DesiredScope[];
  /** `projects:`, not yet fanned out (absent or empty once expanded, or when the manifest has none). */
  projects?: DesiredProject[];
}

/** A variable as Bitbucket returns it. `value` is absent for secured variables. */
export interface LiveVariable {
  uuid: string;
  key: string;
  value?: string;
  secured: boolean;
}

export interface LiveScope {
  scope: ScopeRef;
  /** Deployment scopes: false when the environment does not exist yet. */
  exists: boolean;
  /** Deployment scopes: the environment's UUID (with braces) when it exists. */
  environmentUuid?: string;
  /** Deployment scopes: the live environment type, when it exists. */
  environmentType?: EnvironmentType;
  variables: LiveVariable[];
}

export interface LiveState {
  workspace: string;
  scopes: LiveScope[];
}
