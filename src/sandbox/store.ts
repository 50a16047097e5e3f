/**
 * The sandbox's in-memory Bitbucket: workspaces, projects, repositories, environments, variables,
 * pull requests, comments, Code Insights reports and commit build statuses. HTTP handlers use the `find*` lookups; tests use the public methods,
 * which also read back secured values — in-process only, never over HTTP.
 */
import type { EnvironmentType, ScopeRef } from '../core/types.ts';
import { createUuidGenerator } from './random.ts';
import type { RepositoryPermission, SandboxSeed, SeedProject, SeedVariable } from './types.ts';
import { VariableSet, type StoredVariable } from './variable-set.ts';

export type { StoredVariable } from './variable-set.ts';

export const ENVIRONMENT_TYPES: readonly EnvironmentType[] = ['Test', 'Staging', 'Production'];

/** Someone who can author comments. */
export interface Actor {
  id: string;
  uuid: string;
  displayName: string;
  accountId: string;
}

export interface StoredEnvironment {
  uuid: string;
  name: string;
  slug: string;
  type: EnvironmentType;
  adminOnly: boolean;
  /** Creation sequence; lists sort by type rank, then this. */
  seq: number;
  variables: VariableSet;
}

export interface StoredComment {
  id: number;
  raw: string;
  author: Actor;
  createdOn: number;
  updatedOn: number;
  deleted: boolean;
  parentId?: number;
  inline?: Record<string, unknown>;
}

export interface StoredPullRequest {
  id: number;
  title: string;
  state: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  comments: Map<number, StoredComment>;
}

export interface StoredProject {
  key: string;
  uuid: string;
  name: string;
  description: string;
  isPrivate: boolean;
  createdOn: number;
  updatedOn: number;
}

/** Fields as the API accepted them (snake_case, as sent), plus identity and timestamps. */
export interface StoredAnnotation {
  uuid: string;
  externalId: string;
  fields: Record<string, unknown>;
  createdOn: number;
  updatedOn: number;
}

export interface StoredReport {
  uuid: string;
  externalId: string;
  fields: Record<string, unknown>;
  createdOn: number;
  updatedOn: number;
  /** By external id, in creation order. */
  annotations: Map<string, StoredAnnotation>;
}

export interface StoredStatus {
  uuid: string;
  key: string;
  /** `state`, `url` and the optional `name`, `description`, `refname`. */
  fields: Record<string, unknown>;
  createdOn: number;
  updatedOn: number;
}

/** What the sandbox knows about one commit: only what clients attached to it. */
export interface StoredCommit {
  hash: string;
  /** By external id. */
  reports: Map<string, StoredReport>;
  /** By key (type `build`). */
  statuses: Map<string, StoredStatus>;
}

export interface StoredRepository {
  slug: string;
  uuid: string;
  workspace: StoredWorkspace;
  project: StoredProject;
  permission: RepositoryPermission;
  createdOn: number;
  updatedOn: number;
  /** By lower-case hash, created on first write. */
  commits: Map<string, StoredCommit>;
  variables: VariableSet;
  environments: Map<string, StoredEnvironment>;
  /** Lower-cased name → environment: names are unique regardless of case. */
  environmentNames: Map<string, StoredEnvironment>;
  pullRequests: Map<number, StoredPullRequest>;
}

export interface StoredWorkspace {
  slug: string;
  uuid: string;
  variables: VariableSet;
  /** By key, in creation order. */
  projects: Map<string, StoredProject>;
  repositories: Map<string, StoredRepository>;
  repositoryUuids: Map<string, StoredRepository>;
}

/** A report with its annotations, as tests read it back. */
export interface ReportSnapshot {
  uuid: string;
  external_id: string;
  [field: string]: unknown;
  annotations: ({ uuid: string; external_id: string } & Record<string, unknown>)[];
}

/** Bitbucket's default project of a workspace that has repositories and no project of its own. */
export const DEFAULT_PROJECT = { key: 'PROJ', name: 'Untitled project' } as const;

/** A copy of a stored variable, for tests. */
export type VariableSnapshot = StoredVariable;

export class SandboxStore {
  readonly workspaces = new Map<string, StoredWorkspace>();
  private readonly workspaceUuids = new Map<string, StoredWorkspace>();
  readonly actors = new Map<string, Actor>();
  private readonly nextUuid: () => string;
  private readonly now: () => number;
  private environmentSeq = 0;
  private commentId = 100000;

  constructor(seed: SandboxSeed, options: { uuidSeed?: number; now?: () => number } = {}) {
    this.nextUuid = createUuidGenerator(options.uuidSeed ?? 1);
    this.now = options.now ?? Date.now;
    for (const [id, name] of Object.entries(seed.users ?? {})) this.actor(id, name);
    for (const [slug, ws] of Object.entries(seed.workspaces)) {
      const workspace = this.addWorkspace(slug, ws.uuid);
      for (const v of ws.variables ?? []) this.insertVariable(workspace.variables, v);
      for (const [key, project] of Object.entries(ws.projects ?? {})) this.addProject(slug, key, project);
      for (const [repoSlug, repo] of Object.entries(ws.repositories ?? {})) {
        const options: { project?: string; permission?: RepositoryPermission } = {};
        if (repo.project !== undefined) options.project = repo.project;
        if (repo.permission !== undefined) options.permission = repo.permission;
        const repository = this.addRepository(slug, repoSlug, repo.uuid, options);
        for (const v of repo.variables ?? []) this.insertVariable(repository.variables, v);
        for (const env of repo.environments ?? []) {
          const environment = this.addEnvironment(repository, env.name, env.type, false, env.uuid);
          for (const v of env.variables ?? []) this.insertVariable(environment.variables, v);
        }
        for (const pr of repo.pullRequests ?? []) {
          const pullRequest: StoredPullRequest = {
            id: pr.id,
            title: pr.title,
            state: pr.state ?? 'OPEN',
            comments: new Map(),
          };
          repository.pullRequests.set(pr.id, pullRequest);
          for (const c of pr.comments ?? [])
            this.addComment(pullRequest, this.actor(c.author ?? 'jane', undefined), c.raw, { id: c.id });
        }
      }
    }
  }

  uuid(): string {
    return this.nextUuid();
  }

  /** The actor with this id, created on first use. */
  actor(id: string, displayName: string | undefined): Actor {
    let actor = this.actors.get(id);
    if (!actor) {
      actor = {
        id,
        uuid: this.nextUuid(),
        displayName: displayName ?? id,
        accountId: `557058:${this.nextUuid().slice(1, 37)}`,
      };
      this.actors.set(id, actor);
    }
    return actor;
  }

  addWorkspace(slug: string, uuid?: string): StoredWorkspace {
    const workspace: StoredWorkspace = {
      slug,
      uuid: uuid ?? this.nextUuid(),
      variables: new VariableSet(),
      projects: new Map(),
      repositories: new Map(),
      repositoryUuids: new Map(),
    };
    this.workspaces.set(slug, workspace);
    this.workspaceUuids.set(workspace.uuid, workspace);
    return workspace;
  }

  /** Adds (or replaces) a project; creates a missing workspace. */
  addProject(workspaceSlug: string, key: string, project: SeedProject = {}): StoredProject {
    const workspace = this.workspaces.get(workspaceSlug) ?? this.addWorkspace(workspaceSlug);
    const now = this.now();
    const stored: StoredProject = {
      key,
      uuid: project.uuid ?? this.nextUuid(),
      name: project.name ?? key,
      description: project.description ?? '',
      isPrivate: project.isPrivate ?? true,
      createdOn: now,
      updatedOn: now,
    };
    workspace.projects.set(key, stored);
    return stored;
  }

  /**
   * Adds a repository to `options.project` (default: the workspace's first project, or the
   * default project `PROJ`, created when the workspace has none). Creates a missing workspace.
   */
  addRepository(
    workspaceSlug: string,
    slug: string,
    uuid?: string,
    options: { project?: string; permission?: RepositoryPermission } = {},
  ): StoredRepository {
    const workspace = this.workspaces.get(workspaceSlug) ?? this.addWorkspace(workspaceSlug);
    const now = this.now();
    const repository: StoredRepository = {
      slug,
      uuid: uuid ?? this.nextUuid(),
      workspace,
      project: this.projectFor(workspace, options.project),
      permission: options.permission ?? 'admin',
      createdOn: now,
      updatedOn: now,
      commits: new Map(),
      variables: new VariableSet(),
      environments: new Map(),
      environmentNames: new Map(),
      pullRequests: new Map(),
    };
    workspace.repositories.set(slug, repository);
    workspace.repositoryUuids.set(repository.uuid, repository);
    return repository;
  }

  private projectFor(workspace: StoredWorkspace, key: string | undefined): StoredProject {
    if (key !== undefined) {
      const project = workspace.projects.get(key);
      if (!project) throw new Error(`No project '${key}' in workspace '${workspace.slug}' of the sandbox`);
      return project;
    }
    const first = workspace.projects.values().next();
    return first.done
      ? this.addProject(workspace.slug, DEFAULT_PROJECT.key, { name: DEFAULT_PROJECT.name })
      : first.value;
  }

  /** The commit record for `hash` (any case), created on first use when `create` is set. */
  commit(repository: StoredRepository, hash: string, create: boolean): StoredCommit | undefined {
    const key = hash.toLowerCase();
    let commit = repository.commits.get(key);
    if (!commit && create) {
      commit = { hash: key, reports: new Map(), statuses: new Map() };
      repository.commits.set(key, commit);
    }
    return commit;
  }

  addEnvironment(
    repository: StoredRepository,
    name: string,
    type: EnvironmentType,
    adminOnly = false,
    uuid?: string,
  ): StoredEnvironment {
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'environment';
    const environment: StoredEnvironment = {
      uuid: uuid ?? this.nextUuid(),
      name,
      slug,
      type,
      adminOnly,
      seq: this.environmentSeq++,
      variables: new VariableSet(),
    };
    repository.environments.set(environment.uuid, environment);
    repository.environmentNames.set(name.toLowerCase(), environment);
    return environment;
  }

  removeEnvironment(repository: StoredRepository, environment: StoredEnvironment): void {
    repository.environments.delete(environment.uuid);
    repository.environmentNames.delete(environment.name.toLowerCase());
  }

  addComment(
    pr: StoredPullRequest,
    author: Actor,
    raw: string,
    extra: { id?: number; parentId?: number; inline?: Record<string, unknown> } = {},
  ): StoredComment {
    const id = extra.id ?? ++this.commentId;
    if (id > this.commentId) this.commentId = id;
    const now = this.now();
    const comment: StoredComment = { id, raw, author, createdOn: now, updatedOn: now, deleted: false };
    if (extra.parentId !== undefined) comment.parentId = extra.parentId;
    if (extra.inline !== undefined) comment.inline = extra.inline;
    pr.comments.set(id, comment);
    return comment;
  }

  insertVariable(set: VariableSet, v: SeedVariable): StoredVariable {
    const variable: StoredVariable = {
      uuid: v.uuid ?? this.nextUuid(),
      key: v.key,
      value: v.value,
      secured: v.secured ?? false,
    };
    set.add(variable);
    return variable;
  }

  /** Workspace by slug or `{uuid}`, as Bitbucket accepts either in paths. */
  findWorkspace(idOrUuid: string): StoredWorkspace | undefined {
    return idOrUuid.startsWith('{') ? this.workspaceUuids.get(idOrUuid) : this.workspaces.get(idOrUuid);
  }

  findRepository(workspace: StoredWorkspace, slugOrUuid: string): StoredRepository | undefined {
    return slugOrUuid.startsWith('{')
      ? workspace.repositoryUuids.get(slugOrUuid)
      : workspace.repositories.get(slugOrUuid);
  }

  // ── Programmatic access for tests (in-process only) ────────────────────────────────────────

  /** The variable set of a scope (environment by name), or undefined when the scope does not exist. */
  variableSet(scope: ScopeRef): VariableSet | undefined {
    const workspace = this.workspaces.get(scope.workspace);
    if (!workspace) return undefined;
    if (scope.type === 'workspace') return workspace.variables;
    const repository = workspace.repositories.get(scope.repository);
    if (!repository) return undefined;
    if (scope.type === 'repository') return repository.variables;
    return repository.environmentNames.get(scope.environment.toLowerCase())?.variables;
  }

  /** Copies of a scope's variables in listing order, secured values included. Empty if the scope is missing. */
  variables(scope: ScopeRef): VariableSnapshot[] {
    return (this.variableSet(scope)?.list() ?? []).map((v) => ({ ...v }));
  }

  /** One variable by key, secured value included. */
  variable(scope: ScopeRef, key: string): VariableSnapshot | undefined {
    const found = this.variableSet(scope)?.findByKey(key);
    return found ? { ...found } : undefined;
  }

  /** Creates or overwrites a variable (test setup). Creates a missing workspace or repository, not an environment. */
  setVariable(scope: ScopeRef, v: SeedVariable): VariableSnapshot {
    if (scope.type !== 'deployment') {
      if (!this.workspaces.has(scope.workspace)) this.addWorkspace(scope.workspace);
      if (scope.type === 'repository' && !this.workspaces.get(scope.workspace)!.repositories.has(scope.repository)) {
        this.addRepository(scope.workspace, scope.repository);
      }
    }
    const set = this.variableSet(scope);
    if (!set)
      throw new Error(
        `setVariable: no environment '${scope.type === 'deployment' ? scope.environment : ''}' in the sandbox`,
      );
    const existing = set.findByKey(v.key);
    if (existing) set.remove(existing.uuid);
    return { ...this.insertVariable(set, v) };
  }

  /** Deletes a variable by key; false when it did not exist. */
  deleteVariable(scope: ScopeRef, key: string): boolean {
    const set = this.variableSet(scope);
    const found = set?.findByKey(key);
    return found ? set!.remove(found.uuid) : false;
  }

  /** Environments of a repository (empty when it does not exist). */
  environments(workspace: string, repository: string): { uuid: string; name: string; type: EnvironmentType }[] {
    const repo = this.workspaces.get(workspace)?.repositories.get(repository);
    return [...(repo?.environments.values() ?? [])].map((e) => ({ uuid: e.uuid, name: e.name, type: e.type }));
  }

  /** Comments of a pull request in id order, deleted ones included. */
  comments(
    workspace: string,
    repository: string,
    pullRequest: number,
  ): { id: number; raw: string; author: string; deleted: boolean }[] {
    const pr = this.workspaces.get(workspace)?.repositories.get(repository)?.pullRequests.get(pullRequest);
    return [...(pr?.comments.values() ?? [])].map((c) => ({
      id: c.id,
      raw: c.raw,
      author: c.author.displayName,
      deleted: c.deleted,
    }));
  }

  /** Projects of a workspace in creation order (empty when it does not exist). */
  projects(workspace: string): { key: string; name: string; uuid: string }[] {
    return [...(this.workspaces.get(workspace)?.projects.values() ?? [])].map((p) => ({
      key: p.key,
      name: p.name,
      uuid: p.uuid,
    }));
  }

  /** Repositories of a workspace in listing order, with their project key. */
  repositories(workspace: string): { slug: string; uuid: string; project: string }[] {
    return [...(this.workspaces.get(workspace)?.repositories.values() ?? [])].map((r) => ({
      slug: r.slug,
      uuid: r.uuid,
      project: r.project.key,
    }));
  }

  /** Moves a repository to another project of its workspace (a repository joining or leaving a project). */
  moveRepository(workspace: string, repository: string, projectKey: string): void {
    const ws = this.workspaces.get(workspace);
    const repo = ws?.repositories.get(repository);
    if (!ws || !repo) throw new Error(`moveRepository: no repository ${workspace}/${repository} in the sandbox`);
    repo.project = this.projectFor(ws, projectKey);
    repo.updatedOn = this.now();
  }

  /** Deletes a repository with everything in it; false when it did not exist. */
  removeRepository(workspace: string, repository: string): boolean {
    const ws = this.workspaces.get(workspace);
    const repo = ws?.repositories.get(repository);
    if (!ws || !repo) return false;
    ws.repositories.delete(repo.slug);
    ws.repositoryUuids.delete(repo.uuid);
    return true;
  }

  /** Code Insights reports on a commit with their annotations, in creation order. */
  reports(workspace: string, repository: string, commit: string): ReportSnapshot[] {
    const repo = this.workspaces.get(workspace)?.repositories.get(repository);
    const found = repo ? this.commit(repo, commit, false) : undefined;
    return [...(found?.reports.values() ?? [])].map((r) => ({
      ...structuredClone(r.fields),
      uuid: r.uuid,
      external_id: r.externalId,
      annotations: [...r.annotations.values()].map((a) => ({
        ...structuredClone(a.fields),
        uuid: a.uuid,
        external_id: a.externalId,
      })),
    }));
  }

  /** Build statuses on a commit, in creation order. */
  statuses(
    workspace: string,
    repository: string,
    commit: string,
  ): ({ uuid: string; key: string } & Record<string, unknown>)[] {
    const repo = this.workspaces.get(workspace)?.repositories.get(repository);
    const found = repo ? this.commit(repo, commit, false) : undefined;
    return [...(found?.statuses.values() ?? [])].map((s) => ({
      ...structuredClone(s.fields),
      uuid: s.uuid,
      key: s.key,
    }));
  }

  /** Totals, handy in benchmarks. */
  counts(): { workspaces: number; repositories: number; environments: number; variables: number } {
    let repositories = 0;
    let environments = 0;
    let variables = 0;
    for (const ws of this.workspaces.values()) {
      variables += ws.variables.size;
      for (const repo of ws.repositories.values()) {
        repositories++;
        variables += repo.variables.size;
        for (const env of repo.environments.values()) {
          environments++;
          variables += env.variables.size;
        }
      }
    }
    return { workspaces: this.workspaces.size, repositories, environments, variables };
  }
}
