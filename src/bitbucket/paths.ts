/**
 * API paths, pure. Every segment is percent-encoded, so `{uuid}` becomes `%7Buuid%7D`
 * (raw braces make Bitbucket answer 400 or 404). Note the asymmetry the real API has:
 * `workspaces/…/pipelines-config` (hyphen) but `repositories/…/pipelines_config` (underscore).
 */
import type { ResourceRef } from './error-messages.ts';
import type { VariableScope } from './types.ts';

/** Encodes one path segment; unlike encodeURIComponent it leaves nothing ambiguous for a router. */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Joins segments into an encoded path starting with `/`. */
export function pathOf(...segments: Array<string | number>): string {
  return '/' + segments.map((s) => encodeSegment(String(s))).join('/');
}

/** The variables collection of a scope. */
export function variablesPath(scope: VariableScope): string {
  switch (scope.kind) {
    case 'workspace':
      return pathOf('workspaces', scope.workspace, 'pipelines-config', 'variables');
    case 'repository':
      return pathOf('repositories', scope.workspace, scope.repository, 'pipelines_config', 'variables');
    case 'deployment':
      return pathOf(
        'repositories',
        scope.workspace,
        scope.repository,
        'deployments_config',
        'environments',
        scope.environmentUuid,
        'variables',
      );
  }
}

/** One variable of a scope. */
export function variablePath(scope: VariableScope, uuid: string): string {
  return `${variablesPath(scope)}/${encodeSegment(uuid)}`;
}

export function environmentsPath(workspace: string, repository: string): string {
  return pathOf('repositories', workspace, repository, 'environments');
}

export function commentsPath(workspace: string, repository: string, pullRequest: number): string {
  return pathOf('repositories', workspace, repository, 'pullrequests', pullRequest, 'comments');
}

export function commentPath(workspace: string, repository: string, pullRequest: number, commentId: number): string {
  return `${commentsPath(workspace, repository, pullRequest)}/${encodeSegment(String(commentId))}`;
}

/** The projects of a workspace. */
export function projectsPath(workspace: string): string {
  return pathOf('workspaces', workspace, 'projects');
}

/** One project of a workspace. */
export function projectPath(workspace: string, key: string): string {
  return `${projectsPath(workspace)}/${encodeSegment(key)}`;
}

/** The repositories of a workspace (filtered with BBQL `q=`). */
export function repositoriesPath(workspace: string): string {
  return pathOf('repositories', workspace);
}

/** A Code Insights report on a commit (API-NOTES §9.3). */
export function reportPath(workspace: string, repository: string, commit: string, reportId: string): string {
  return pathOf('repositories', workspace, repository, 'commit', commit, 'reports', reportId);
}

/** A commit's build statuses (API-NOTES §9.4). */
export function buildStatusesPath(workspace: string, repository: string, commit: string): string {
  return pathOf('repositories', workspace, repository, 'commit', commit, 'statuses', 'build');
}

/** Adds `pagelen` and `page` to a collection path (after its own query, if it has one). */
export function pagePath(path: string, page: number, pagelen: number): string {
  return `${path}${path.includes('?') ? '&' : '?'}pagelen=${pagelen}&page=${page}`;
}

/** Joins the API base and a path, tolerating a trailing slash on the base. */
export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

/** What a scope is about, for error messages. */
export function scopeResource(scope: VariableScope): ResourceRef {
  switch (scope.kind) {
    case 'workspace':
      return { workspace: scope.workspace };
    case 'repository':
      return { workspace: scope.workspace, repository: scope.repository };
    case 'deployment':
      return { workspace: scope.workspace, repository: scope.repository, environmentUuid: scope.environmentUuid };
  }
}
