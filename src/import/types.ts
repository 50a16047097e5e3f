/**
 * What `bb-vars import` reads from Bitbucket: the live variables of the chosen scopes, as plain
 * data. Secured variables carry no value (the API never returns one).
 */
import type { EnvironmentType } from '../core/types.ts';

/** One live variable; `value` is absent when secured. */
export interface ImportedVariable {
  key: string;
  value?: string;
  secured: boolean;
}

/** A deployment environment and its variables. */
export interface ImportedEnvironment {
  name: string;
  /** Absent when Bitbucket reported a type bb-vars does not know. */
  type?: EnvironmentType;
  variables: ImportedVariable[];
}

/** A repository, its variables and its deployment environments. */
export interface ImportedRepository {
  slug: string;
  variables: ImportedVariable[];
  environments: ImportedEnvironment[];
}

/** A Bitbucket project whose repositories were imported (`--project`). */
export interface ImportedProject {
  key: string;
  /** Its repositories' slugs, sorted; each is also in `ImportSnapshot.repositories`. */
  repositories: string[];
}

/** Everything one import run read. */
export interface ImportSnapshot {
  workspace: string;
  /** Present only when workspace variables were asked for (`--workspace-variables`). */
  workspaceVariables?: ImportedVariable[];
  repositories: ImportedRepository[];
  /** Present only when projects were asked for (`--project`). */
  projects?: ImportedProject[];
}
