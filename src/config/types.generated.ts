/* eslint-disable */
/**
 * generated, do not edit: run `npm run gen:types` after changing schema/bb-vars.schema.json.
 */

/**
 * Optional link to this schema, for editors (JSON files). YAML files use the `# yaml-language-server: $schema=...` comment instead.
 */
export type JSONSchema = string;
/**
 * Manifest format version. Always 1.
 */
export type FormatVersion = 1;
/**
 * Names this manifest: bb-vars keeps ownership per id, so manifests with different ids can manage variables in the same repository. Lowercase letters, digits and `-`, at most 40 characters. Default: default.
 */
export type ManifestId = string;
/**
 * Bitbucket workspace ID (slug) or UUID in braces. Default: $BITBUCKET_WORKSPACE.
 */
export type Workspace = string;
/**
 * The repository where bb-vars keeps this manifest's lock and inventory (repository variables BB_VARS_LOCK and BB_VARS_INVENTORY). Default: $BITBUCKET_REPO_SLUG when the manifest declares that repository, else the first declared repository in code-unit order. Required to apply a manifest that declares no repository.
 */
export type HomeRepository = string;
/**
 * Default prune mode for every scope (workspace, repositories, deployments). Default: managed.
 */
export type PruneMode = 'managed' | 'all' | 'none';
/**
 * A file written by `terraform output -json`, relative to the manifest's directory; `-` reads standard input.
 */
export type OutputsFile = string;
/**
 * A local Terraform/OpenTofu state file (format v4, or v3's root module), relative to the manifest's directory.
 */
export type StateFile = string;
/**
 * Runs `<binary> output -json` in this directory (relative to the manifest's directory). The directory must be initialised (`terraform init`).
 */
export type WorkingDirectory = string;
/**
 * With `dir`: the program to run, `terraform` (default) or `tofu`, or a path to it.
 */
export type Binary = string;
/**
 * With `dir`: seconds to wait for `<binary> output -json`. Default: 120.
 */
export type Timeout = number;
/**
 * Workspace variables: a map KEY -> value, or `{ prune, variables }` to set the workspace's prune mode.
 */
export type WorkspaceVariables = WorkspaceScope | Variables;
/**
 * Prune mode for workspace variables. Default: the top-level `prune`, else managed.
 */
export type PruneMode1 = 'managed' | 'all' | 'none';
/**
 * A literal (string, number, boolean) or a mapping with one of `from`, `template`, `env`, `file`, `value`.
 */
export type VariableValue =
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | OutputReference
  | TemplateValue
  | EnvValue
  | FileValue
  | LiteralValue;
/**
 * Used as is.
 */
export type StringLiteral = string;
/**
 * Written with the digits as in the manifest.
 */
export type NumberLiteral = number;
/**
 * Written as true or false.
 */
export type BooleanLiteral = boolean;
/**
 * `<source>.<output>` optionally followed by path steps: `.key`, `.0` (list index) or `["key with dots"]`.
 */
export type From = string;
/**
 * How to write the value: `json` (default for lists and objects: compact JSON; for scalars: their JSON text) or `csv` (a list of scalars joined with commas).
 */
export type Format = 'json' | 'csv';
/**
 * `utf8` (default): the value as is. `base64`: the UTF-8 bytes of the final value (after `format:` and templates) base64-encoded; for `file:`, the file's bytes as read. Pipelines variables cannot hold line breaks, so multi-line values (PEM keys, certificates, JSON documents) need `base64`.
 */
export type Encoding = 'utf8' | 'base64';
/**
 * Store as a secured variable (write-only in Bitbucket, masked in logs). Default: true when the value depends on a sensitive Terraform output, else false.
 */
export type Secured = boolean;
/**
 * The template text.
 */
export type TemplateText = string;
/**
 * Name of the environment variable.
 */
export type EnvName = string;
/**
 * Used when the variable is not set. Without a default, a missing variable is an error.
 */
export type Default = string | number | boolean;
/**
 * Path relative to the manifest's directory; it must stay inside the repository.
 */
export type FilePath = string;
/**
 * The value: a string, number (digits kept as written) or boolean.
 */
export type Value = string | number | boolean;
/**
 * Prune mode for this repository's variables, and the default for its deployments. Default: the top-level `prune`, else managed.
 */
export type PruneMode2 = 'managed' | 'all' | 'none';
/**
 * Test, Staging or Production: used when the environment must be created. Default: inferred from the name test, staging or production (any case); required for other names.
 */
export type EnvironmentType = 'Test' | 'Staging' | 'Production';
/**
 * Prune mode for this environment's variables. Default: the repository's prune mode.
 */
export type PruneMode3 = 'managed' | 'all' | 'none';
/**
 * Scopes where a delete, a replace or an un-securing is a violation: `workspace`, `<repo>` (its variables and all its deployments), `<repo>/<env>`, or `project:<KEY>`.
 */
export type ProtectedScopes = string[];
/**
 * A plan deleting more variables than this is a violation (the guard against a wrong `prune: all` or a broken source).
 */
export type MostDeletes = number;
/**
 * The repository's slug as in its URL: letters, digits, `-`, `_`, `.`.
 */
export type RepositorySlug = string;
/**
 * Repository slugs of the project that get none of its variables (what bb-vars manages there is pruned).
 */
export type Exclude = RepositorySlug[];

/**
 * bb-vars manifest (format version 1): which Bitbucket Pipelines variables must exist in a workspace, its repositories and their deployment environments, and where their values come from.
 */
export interface Manifest {
  $schema?: JSONSchema;
  version: FormatVersion;
  id?: ManifestId;
  workspace?: Workspace;
  home?: HomeRepository;
  prune?: PruneMode;
  sources?: Sources;
  workspace_variables?: WorkspaceVariables;
  repositories?: Repositories;
  policy?: Policy;
  projects?: Projects;
}
/**
 * Named sources of values, referenced as `from: <source>.<output>[.<path>]` and `${<source>.<output>}` in templates.
 */
export interface Sources {
  [k: string]: Source;
}
/**
 * A named source of values.
 */
export interface Source {
  terraform: TerraformSource;
}
/**
 * Terraform or OpenTofu outputs. Set exactly one of `outputs`, `state` or `dir`.
 */
export interface TerraformSource {
  outputs?: OutputsFile;
  state?: StateFile;
  dir?: WorkingDirectory;
  binary?: Binary;
  timeout?: Timeout;
}
/**
 * Workspace variables with their own prune mode.
 */
export interface WorkspaceScope {
  prune?: PruneMode1;
  variables: Variables;
}
/**
 * Variables by key.
 */
export interface Variables {
  [k: string]: VariableValue;
}
/**
 * The value of a source's output, or of a path into it.
 */
export interface OutputReference {
  from: From;
  format?: Format;
  encoding?: Encoding;
  secured?: Secured;
}
/**
 * A string with `${<source>.<output>[.<path>]}` and `${env.NAME}` references; `$${` writes a literal `${`.
 */
export interface TemplateValue {
  template: TemplateText;
  encoding?: Encoding;
  secured?: Secured;
}
/**
 * The value of an environment variable of the process running bb-vars (e.g. a CI secret). Not secured unless `secured: true`.
 */
export interface EnvValue {
  env: EnvName;
  default?: Default;
  encoding?: Encoding;
  secured?: Secured;
}
/**
 * The contents of a file inside the repository that holds the manifest (or the manifest's directory outside git), after symlinks. Read as text, one trailing line break is dropped, as `$(cat file)` does. FIFOs, devices, sockets and /proc are refused.
 */
export interface FileValue {
  file: FilePath;
  encoding?: Encoding;
  secured?: Secured;
}
/**
 * A literal value with an explicit `secured` flag.
 */
export interface LiteralValue {
  value: Value;
  encoding?: Encoding;
  secured?: Secured;
}
/**
 * Repositories by slug, each with its variables and deployment environments.
 */
export interface Repositories {
  [k: string]: Repository;
}
/**
 * One repository: its variables and deployment environments.
 */
export interface Repository {
  prune?: PruneMode2;
  variables?: Variables;
  deployments?: Deployments;
}
/**
 * Deployment environments by name (e.g. production), each with its variables.
 */
export interface Deployments {
  [k: string]: Deployment;
}
/**
 * One deployment environment and its variables.
 */
export interface Deployment {
  type?: EnvironmentType;
  prune?: PruneMode3;
  variables?: Variables;
}
/**
 * Guard rails: `reconcile --apply` refuses a plan that breaks them (exit 1, nothing written) unless given --allow-destructive. See docs/policy.md.
 */
export interface Policy {
  protected?: ProtectedScopes;
  max_deletes?: MostDeletes;
}
/**
 * Bitbucket projects by key: their variables and deployments are set in every repository of the project, listed at plan time (a repository that joins later gets them on the next run; one that leaves is pruned). A repository's own declaration under `repositories:` wins per key.
 */
export interface Projects {
  [k: string]: Project;
}
/**
 * Variables and deployment environments for each repository of one Bitbucket project.
 */
export interface Project {
  exclude?: Exclude;
  variables?: Variables;
  deployments?: Deployments1;
}
/**
 * Deployment environments set in each repository of the project; a missing one is created with its type.
 */
export interface Deployments1 {
  [k: string]: Deployment;
}
