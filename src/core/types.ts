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
}

export interface DesiredState {
  workspace: string;
  scopes: DesiredScope[];
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
