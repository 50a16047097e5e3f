/**
 * Live variables → a bb-vars manifest (YAML text) that declares exactly them. Pure. Non-secured
 * values become string literals quoted so that YAML reads them back unchanged; secured ones become
 * `{ env: NAME, secured: true }` placeholders with a comment saying what to provide.
 */
import { Document, Pair, parse, Scalar, YAMLMap } from 'yaml';
import { compare } from '../core/data.ts';
import { ENVIRONMENT_NAME_PATTERN, KEY_PATTERN, RESERVED_PREFIX } from '../core/names.ts';
import type { EnvironmentType, ScopeRef } from '../core/types.ts';
import { assignEnvNames, slotId, type SecuredSlot } from './env-names.ts';
import { shareProject, type SharedProject } from './project.ts';
import type { ImportedRepository, ImportedVariable, ImportSnapshot } from './types.ts';

/** Where editors find the manifest's JSON Schema (the schema's `$id`). */
export const SCHEMA_URL = 'https://unpkg.com/bb-vars/schema/bb-vars.schema.json';

/** A secured variable the manifest reads from the CI environment. */
export interface Placeholder {
  scope: ScopeRef;
  key: string;
  /** The environment variable to provide. */
  env: string;
}

/** Something live that the manifest leaves out, and why. */
export interface Skipped {
  scope: ScopeRef;
  /** Variable key, or environment name for a skipped environment. */
  name: string;
  reason: string;
}

export interface ImportManifest {
  text: string;
  placeholders: Placeholder[];
  /** Non-secured variables written as literals. */
  literals: number;
  /** `BB_VARS_*` bookkeeping variables left out (not counted in `skipped`). */
  bookkeeping: number;
  skipped: Skipped[];
  /** Non-secured variables whose live value has a line break: written as they are, but Pipelines cannot use them. */
  multiLine: Array<{ scope: ScopeRef; key: string }>;
  /** What each imported project's repositories share (`--project`). */
  projects: SharedProject[];
}

/** Renders `snapshot` as a manifest. Keys are sorted; repositories keep the snapshot's order. */
export function renderImportManifest(snapshot: ImportSnapshot, options: { home?: string } = {}): ImportManifest {
  const { workspace } = snapshot;
  const result: ImportManifest = {
    text: '',
    placeholders: [],
    literals: 0,
    bookkeeping: 0,
    skipped: [],
    multiLine: [],
    projects: [],
  };
  const keep = (scope: ScopeRef, list: readonly ImportedVariable[]): ImportedVariable[] =>
    list.filter((v) => include(scope, v, result)).sort((a, b) => compare(a.key, b.key));

  const wsScope: ScopeRef = { type: 'workspace', workspace };
  const wsVars = snapshot.workspaceVariables ? keep(wsScope, snapshot.workspaceVariables) : undefined;
  let repos: ImportedRepository[] = snapshot.repositories.map((repo) => {
    const repoScope: ScopeRef = { type: 'repository', workspace, repository: repo.slug };
    const variables = keep(repoScope, repo.variables);
    const environments = repo.environments.flatMap((env) => {
      const scope: ScopeRef = { ...repoScope, type: 'deployment', environment: env.name };
      if (!ENVIRONMENT_NAME_PATTERN.test(env.name)) {
        result.skipped.push({
          scope,
          name: env.name,
          reason:
            'its name cannot be declared in a manifest (a `/`, or a leading or trailing space); manage it in Bitbucket',
        });
        return [];
      }
      return [{ ...env, variables: keep(scope, env.variables) }];
    });
    return { slug: repo.slug, variables, environments };
  });

  // What each project's repositories share is declared once, under `projects:`.
  const inProject = new Set<string>();
  for (const project of snapshot.projects ?? []) {
    const members = repos.filter((r) => project.repositories.includes(r.slug));
    const { shared, kept } = shareProject(project.key, members);
    result.projects.push(shared);
    repos = repos.map((r) => kept.find((k) => k.slug === r.slug) ?? r);
    for (const slug of project.repositories) inProject.add(slug);
  }

  // Every scope with the variables it will declare, so env names can be assigned across all of them.
  const scopes: Array<{ scope: ScopeRef; variables: ImportedVariable[] }> = [];
  if (wsVars) scopes.push({ scope: wsScope, variables: wsVars });
  for (const repo of repos) {
    const repoScope: ScopeRef = { type: 'repository', workspace, repository: repo.slug };
    scopes.push({ scope: repoScope, variables: repo.variables });
    for (const env of repo.environments)
      scopes.push({ scope: { ...repoScope, type: 'deployment', environment: env.name }, variables: env.variables });
  }
  const slots: SecuredSlot[] = scopes.flatMap(({ scope, variables }) =>
    variables.filter((v) => v.secured).map((v) => ({ scope, key: v.key })),
  );
  const names = assignEnvNames(slots);

  const doc = new Document(undefined, { version: '1.2' });
  const root = new YAMLMap();
  doc.contents = root;
  doc.commentBefore = header(workspace, slots.length > 0);
  root.items.push(new Pair(new Scalar('version'), new Scalar(1)));
  root.items.push(new Pair(new Scalar('workspace'), quoted(workspace)));
  const prune = new Scalar('managed');
  prune.comment = ' delete only variables bb-vars manages and this file no longer declares (all | none)';
  root.items.push(new Pair(new Scalar('prune'), prune));
  if (result.projects.length > 0 && repos.length > 0) {
    const wanted = options.home?.toLowerCase();
    const home = repos.find((r) => r.slug.toLowerCase() === wanted)?.slug ?? repos[0]!.slug;
    const value = quoted(home);
    value.comment = ' the repository where bb-vars keeps its lock and inventory (docs/ownership.md)';
    root.items.push(new Pair(new Scalar('home'), value));
  }

  const variablesMap = (scope: ScopeRef, variables: readonly ImportedVariable[]): YAMLMap => {
    const map = new YAMLMap();
    for (const v of variables) {
      const key = new Scalar(v.key);
      if (v.secured) {
        const env = names.get(slotId(scope, v.key))!;
        const placeholder = new YAMLMap();
        placeholder.flow = true;
        placeholder.items.push(
          new Pair(new Scalar('env'), new Scalar(env.name)),
          new Pair(new Scalar('secured'), new Scalar(true)),
        );
        key.commentBefore = securedComment(v.key, env.name, env.renamed);
        map.items.push(new Pair(key, placeholder));
        result.placeholders.push({ scope, key: v.key, env: env.name });
      } else {
        if (/[\r\n]/.test(v.value ?? '')) {
          key.commentBefore =
            ' live value with line breaks, which Pipelines variables cannot hold: bb-vars refuses it until they are gone (or it says encoding: base64)';
          result.multiLine.push({ scope, key: v.key });
        }
        map.items.push(new Pair(key, quoted(v.value ?? '')));
        result.literals++;
      }
    }
    return map;
  };
  const deploymentsMap = (
    repository: string,
    environments: ReadonlyArray<{ name: string; type?: EnvironmentType; variables: readonly ImportedVariable[] }>,
  ): YAMLMap => {
    const deployments = new YAMLMap();
    for (const env of environments) {
      const envScope: ScopeRef = { type: 'deployment', workspace, repository, environment: env.name };
      const envBody = new YAMLMap();
      const envKey = quoted(env.name);
      if (env.type !== undefined) envBody.items.push(new Pair(new Scalar('type'), new Scalar(env.type)));
      else
        envKey.commentBefore =
          ' Bitbucket reported an environment type bb-vars does not know: set type to Test, Staging or Production';
      if (env.variables.length > 0)
        envBody.items.push(new Pair(new Scalar('variables'), variablesMap(envScope, env.variables)));
      if (envBody.items.length === 0) envBody.flow = true;
      deployments.items.push(new Pair(envKey, envBody));
    }
    return deployments;
  };

  if (wsVars !== undefined) {
    const key = new Scalar('workspace_variables');
    key.spaceBefore = true;
    root.items.push(new Pair(key, variablesMap(wsScope, wsVars)));
  }

  const repositories = new YAMLMap();
  for (const repo of repos) {
    const scope: ScopeRef = { type: 'repository', workspace, repository: repo.slug };
    // A project's repository appears only for what it does not share with the project.
    if (inProject.has(repo.slug) && repo.variables.length === 0 && repo.environments.length === 0) continue;
    const body = new YAMLMap();
    if (repo.variables.length > 0)
      body.items.push(new Pair(new Scalar('variables'), variablesMap(scope, repo.variables)));
    if (repo.environments.length > 0)
      body.items.push(new Pair(new Scalar('deployments'), deploymentsMap(repo.slug, repo.environments)));
    if (body.items.length === 0) body.flow = true;
    const key = quoted(repo.slug);
    if (repositories.items.length > 0) key.spaceBefore = true;
    repositories.items.push(new Pair(key, body));
  }
  if (repositories.items.length > 0) {
    const key = new Scalar('repositories');
    key.spaceBefore = true;
    if (result.projects.length > 0)
      key.commentBefore = " each repository's own variables; where a project below declares the same key, these win";
    root.items.push(new Pair(key, repositories));
  }

  if (result.projects.length > 0) {
    const projects = new YAMLMap();
    for (const project of result.projects) {
      const body = new YAMLMap();
      // Project variables are never secured, so they need no env name: any scope does for rendering.
      const anyRepository = snapshot.projects!.find((p) => p.key === project.key)!.repositories[0]!;
      body.items.push(
        new Pair(
          new Scalar('variables'),
          variablesMap({ type: 'repository', workspace, repository: anyRepository }, project.variables),
        ),
      );
      if (project.deployments.length > 0)
        body.items.push(new Pair(new Scalar('deployments'), deploymentsMap(anyRepository, project.deployments)));
      const key = quoted(project.key);
      const nothing = project.variables.length === 0 && project.deployments.length === 0;
      key.commentBefore =
        ` what the ${project.repositories} repositories of project ${project.key} share${nothing ? ' (no value today)' : ''}; ` +
        'a repository that joins it later gets the same on the next run';
      if (projects.items.length > 0) key.spaceBefore = true;
      projects.items.push(new Pair(key, body));
    }
    const key = new Scalar('projects');
    key.spaceBefore = true;
    root.items.push(new Pair(key, projects));
  }

  result.text = doc.toString({ lineWidth: 0, indent: 2, flowCollectionPadding: true });
  return result;
}

function include(scope: ScopeRef, v: ImportedVariable, result: ImportManifest): boolean {
  if (v.key.startsWith(RESERVED_PREFIX)) {
    result.bookkeeping++;
    return false;
  }
  if (!KEY_PATTERN.test(v.key)) {
    result.skipped.push({ scope, name: v.key, reason: `the key does not follow the rule ${KEY_PATTERN.source}` });
    return false;
  }
  if (!v.secured && v.value === undefined) {
    result.skipped.push({ scope, name: v.key, reason: 'Bitbucket returned no value for this non-secured variable' });
    return false;
  }
  return true;
}

function header(workspace: string, anySecured: boolean): string {
  const lines = [
    ` yaml-language-server: $schema=${SCHEMA_URL}`,
    '',
    ` Written by \`bb-vars import\` from the live variables of workspace ${workspace.replace(/\s+/g, ' ')}.`,
    ' Check it with `bb-vars validate`, then `bb-vars reconcile`: the plan should show no change',
    ' for non-secured variables.',
  ];
  if (anySecured) {
    lines.push(
      ' Bitbucket never returns secured values, so each secured variable reads an environment',
      ' variable instead (see the comment above it). The first `reconcile --apply` rewrites',
      ' secured variables once: bb-vars holds no fingerprint of their values yet.',
    );
  }
  return lines.join('\n');
}

function securedComment(key: string, env: string, renamed: boolean): string {
  const base = ` secured in Bitbucket: provide $${env} in the CI environment, or map it to a Terraform output`;
  return renamed
    ? `${base}\n ($${env}, not $${key}: ${key} is secured in several scopes, and each needs its own value)`
    : base;
}

/**
 * A string scalar that YAML reads back as exactly this string. Double quotes when a plain or
 * block form would be fragile: trailing spaces (editors strip them), control characters, CR,
 * tabs, or a word a YAML 1.1 reader would take for a boolean, null or number (`on`, `no`, `1:20`).
 */
export function quoted(value: string): Scalar<string> {
  const node = new Scalar(value);
  if (fragile(value)) node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

function fragile(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value)) return true;
  if (/[ \u00a0]$|[ \u00a0]\n|^[ \u00a0]/.test(value)) return true;
  if (value.includes('\n')) return false;
  const plain = new Document(value, { version: '1.2' }).toString({ lineWidth: 0 });
  try {
    return parse(plain, { version: '1.1' }) !== value;
  } catch {
    return true;
  }
}
