/**
 * The sandbox's in-memory Bitbucket: workspaces, repositories, environments, variables, pull
 * requests and comments. HTTP handlers use the `find*` lookups; tests use the public methods,
 * which also read back secured values — in-process only, never over HTTP.
 */
import type { EnvironmentType, ScopeRef } from '../core/types.ts';
import { createUuidGenerator } from './random.ts';
import type { SandboxSeed, SeedVariable } from './types.ts';
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

export interface StoredRepository {
  slug: string;
  uuid: string;
  workspace: StoredWorkspace;
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
  repositories: Map<string, StoredRepository>;
  repositoryUuids: Map<string, StoredRepository>;
}

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
      for (const [repoSlug, repo] of Object.entries(ws.repositories ?? {})) {
        const repository = this.addRepository(slug, repoSlug, repo.uuid);
        for (const v of repo.variables ?? []) this.insertVariable(repository.variables, v);
        for (const env of repo.environments ?? []) {
          const environment = this.addEnvironment(repository, env.name, env.type, false, env.uuid);
          for (const v of env.variables ?? []) this.insertVariable(environment.variables, v);
        }
        for (const pr of repo.pullRequests ?? []) {
          const pullRequest: StoredPullRequest = { id: pr.id, title: pr.title, state: pr.state ?? 'OPEN', comments: new Map() };
          repository.pullRequests.set(pr.id, pullRequest);
          for (const c of pr.comments ?? []) this.addComment(pullRequest, this.actor(c.author ?? 'jane', undefined), c.raw, { id: c.id });
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
      actor = { id, uuid: this.nextUuid(), displayName: displayName ?? id, accountId: `557058:${this.nextUuid().slice(1, 37)}` };
      this.actors.set(id, actor);
    }
    return actor;
  }

  addWorkspace(slug: string, uuid?: string): StoredWorkspace {
    const workspace: StoredWorkspace = { slug, uuid: uuid ?? this.nextUuid(), variables: new VariableSet(), repositories: new Map(), repositoryUuids: new Map() };
    this.workspaces.set(slug, workspace);
    this.workspaceUuids.set(workspace.uuid, workspace);
    return workspace;
  }

  addRepository(workspaceSlug: string, slug: string, uuid?: string): StoredRepository {
    const workspace = this.workspaces.get(workspaceSlug) ?? this.addWorkspace(workspaceSlug);
    const repository: StoredRepository = {
      slug,
      uuid: uuid ?? this.nextUuid(),
      workspace,
      variables: new VariableSet(),
      environments: new Map(),
      environmentNames: new Map(),
      pullRequests: new Map(),
    };
    workspace.repositories.set(slug, repository);
    workspace.repositoryUuids.set(repository.uuid, repository);
    return repository;
  }

  addEnvironment(repository: StoredRepository, name: string, type: EnvironmentType, adminOnly = false, uuid?: string): StoredEnvironment {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'environment';
    const environment: StoredEnvironment = { uuid: uuid ?? this.nextUuid(), name, slug, type, adminOnly, seq: this.environmentSeq++, variables: new VariableSet() };
    repository.environments.set(environment.uuid, environment);
    repository.environmentNames.set(name.toLowerCase(), environment);
    return environment;
  }

  removeEnvironment(repository: StoredRepository, environment: StoredEnvironment): void {
    repository.environments.delete(environment.uuid);
    repository.environmentNames.delete(environment.name.toLowerCase());
  }

  addComment(pr: StoredPullRequest, author: Actor, raw: string, extra: { id?: number; parentId?: number; inline?: Record<string, unknown> } = {}): StoredComment {
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
    const variable: StoredVariable = { uuid: v.uuid ?? this.nextUuid(), key: v.key, value: v.value, secured: v.secured ?? false };
    set.add(variable);
    return variable;
  }

  /** Workspace by slug or `{uuid}`, as Bitbucket accepts either in paths. */
  findWorkspace(idOrUuid: string): StoredWorkspace | undefined {
    return idOrUuid.startsWith('{') ? this.workspaceUuids.get(idOrUuid) : this.workspaces.get(idOrUuid);
  }

  findRepository(workspace: StoredWorkspace, slugOrUuid: string): StoredRepository | undefined {
    return slugOrUuid.startsWith('{') ? workspace.repositoryUuids.get(slugOrUuid) : workspace.repositories.get(slugOrUuid);
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
    if (!set) throw new Error(`setVariable: no environment '${scope.type === 'deployment' ? scope.environment : ''}' in the sandbox`);
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
  comments(workspace: string, repository: string, pullRequest: number): { id: number; raw: string; author: string; deleted: boolean }[] {
    const pr = this.workspaces.get(workspace)?.repositories.get(repository)?.pullRequests.get(pullRequest);
    return [...(pr?.comments.values() ?? [])].map((c) => ({ id: c.id, raw: c.raw, author: c.author.displayName, deleted: c.deleted }));
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
