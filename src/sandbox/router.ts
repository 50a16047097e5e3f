/**
 * Maps an API request to its handler, after the checks Bitbucket makes first: braces encoding,
 * authentication (401), scopes (403), rate limit (429), existence (404), token binding (403).
 */
import type { Authenticator, Permission, Principal } from './auth.ts';
import type { ApiContext, Handler } from './handlers/context.ts';
import {
  changeEnvironment,
  createEnvironment,
  deleteEnvironment,
  getEnvironment,
  listEnvironments,
} from './handlers/environments.ts';
import { createComment, deleteComment, getComment, listComments, updateComment } from './handlers/comments.ts';
import { createVariable, deleteVariable, getVariable, listVariables, updateVariable } from './handlers/variables.ts';
import { getProject, listProjects, listRepositories } from './handlers/repositories.ts';
import {
  bulkAnnotations,
  deleteAnnotation,
  deleteReport,
  getAnnotation,
  getReport,
  listAnnotations,
  listReports,
  putAnnotation,
  putReport,
} from './handlers/insights.ts';
import { createStatus, getStatus, listStatuses, updateStatus } from './handlers/statuses.ts';
import {
  apiError,
  bareError,
  internalUnauthorized,
  isReply,
  noApiHere,
  rateLimited,
  unexpectedResponseBody,
  type Reply,
} from './replies.ts';
import type { SandboxStore } from './store.ts';

interface Route {
  method: string;
  template: string;
  segments: string[];
  permission: Permission;
  handler: Handler;
  /** A workspace-level list that a repository-bound token may read, narrowed to its repository. */
  narrowedByBinding?: boolean;
}

const route = (
  method: string,
  template: string,
  permission: Permission,
  handler: Handler,
  narrowedByBinding = false,
): Route => ({
  method,
  template,
  segments: template.split('/').slice(1),
  permission,
  handler,
  narrowedByBinding,
});

const WS_VARS = '/workspaces/{workspace}/pipelines-config/variables';
const REPO = '/repositories/{workspace}/{repo_slug}';
const REPO_VARS = `${REPO}/pipelines_config/variables`;
const ENVS = `${REPO}/environments`;
const DEPLOY_VARS = `${REPO}/deployments_config/environments/{environment_uuid}/variables`;
const COMMENTS = `${REPO}/pullrequests/{pull_request_id}/comments`;
const PROJECTS = '/workspaces/{workspace}/projects';
const COMMIT = `${REPO}/commit/{commit}`;
const REPORTS = `${COMMIT}/reports`;
const ANNOTATIONS = `${REPORTS}/{reportId}/annotations`;
const BUILD_STATUSES = `${COMMIT}/statuses/build`;

/** Every endpoint the sandbox serves, with spec path templates (relative to /2.0). */
export const ROUTES: readonly Route[] = [
  route('GET', WS_VARS, 'read', listVariables('workspace')),
  route('POST', WS_VARS, 'variable-write', createVariable('workspace')),
  route('GET', `${WS_VARS}/{variable_uuid}`, 'read', getVariable('workspace')),
  route('PUT', `${WS_VARS}/{variable_uuid}`, 'variable-write', updateVariable('workspace')),
  route('DELETE', `${WS_VARS}/{variable_uuid}`, 'variable-write', deleteVariable('workspace')),
  route('GET', REPO_VARS, 'read', listVariables('repository')),
  route('POST', REPO_VARS, 'variable-write', createVariable('repository')),
  route('GET', `${REPO_VARS}/{variable_uuid}`, 'read', getVariable('repository')),
  route('PUT', `${REPO_VARS}/{variable_uuid}`, 'variable-write', updateVariable('repository')),
  route('DELETE', `${REPO_VARS}/{variable_uuid}`, 'variable-write', deleteVariable('repository')),
  route('GET', ENVS, 'read', listEnvironments),
  route('POST', ENVS, 'environment-write', createEnvironment),
  route('GET', `${ENVS}/{environment_uuid}`, 'read', getEnvironment),
  route('DELETE', `${ENVS}/{environment_uuid}`, 'environment-write', deleteEnvironment),
  route('POST', `${ENVS}/{environment_uuid}/changes`, 'environment-write', changeEnvironment),
  route('GET', DEPLOY_VARS, 'read', listVariables('deployment')),
  route('POST', DEPLOY_VARS, 'variable-write', createVariable('deployment')),
  route('PUT', `${DEPLOY_VARS}/{variable_uuid}`, 'variable-write', updateVariable('deployment')),
  route('DELETE', `${DEPLOY_VARS}/{variable_uuid}`, 'variable-write', deleteVariable('deployment')),
  route('GET', COMMENTS, 'pullrequest', listComments),
  route('POST', COMMENTS, 'pullrequest', createComment),
  route('GET', `${COMMENTS}/{comment_id}`, 'pullrequest', getComment),
  route('PUT', `${COMMENTS}/{comment_id}`, 'pullrequest', updateComment),
  route('DELETE', `${COMMENTS}/{comment_id}`, 'pullrequest', deleteComment),
  route('GET', '/repositories/{workspace}', 'repository', listRepositories, true),
  route('GET', PROJECTS, 'project', listProjects),
  route('GET', `${PROJECTS}/{project_key}`, 'project', getProject),
  route('GET', REPORTS, 'repository', listReports),
  route('PUT', `${REPORTS}/{reportId}`, 'repository', putReport),
  route('GET', `${REPORTS}/{reportId}`, 'repository', getReport),
  route('DELETE', `${REPORTS}/{reportId}`, 'repository', deleteReport),
  route('GET', ANNOTATIONS, 'repository', listAnnotations),
  route('POST', ANNOTATIONS, 'repository', bulkAnnotations),
  route('GET', `${ANNOTATIONS}/{annotationId}`, 'repository', getAnnotation),
  route('PUT', `${ANNOTATIONS}/{annotationId}`, 'repository', putAnnotation),
  route('DELETE', `${ANNOTATIONS}/{annotationId}`, 'repository', deleteAnnotation),
  route('GET', `${COMMIT}/statuses`, 'repository', listStatuses),
  route('POST', BUILD_STATUSES, 'repository', createStatus),
  route('GET', `${BUILD_STATUSES}/{key}`, 'repository', getStatus),
  route('PUT', `${BUILD_STATUSES}/{key}`, 'repository', updateStatus),
];

function match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const r of ROUTES) {
    if (r.method !== method || r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const pattern = r.segments[i]!;
      if (pattern.startsWith('{')) params[pattern.slice(1, -1)] = segments[i]!;
      else ok = pattern === segments[i];
    }
    if (ok) return { route: r, params };
  }
  return undefined;
}

export interface RouterDeps {
  store: SandboxStore;
  auth: Authenticator;
  /** False when the credential is over its rate limit. */
  admit: (principal: Principal) => boolean;
  paginationBugs: () => boolean;
  now: () => number;
}

export interface ApiRequest {
  method: string;
  rawPath: string;
  url: URL;
  apiBase: string;
  authorization: string | undefined;
  body: unknown;
}

export interface RouteResult {
  reply: Reply;
  route?: string;
  principal?: Principal;
  rateLimited?: boolean;
}

export function routeApiRequest(deps: RouterDeps, req: ApiRequest): RouteResult {
  // The internal URL the repository-variables `next` bug points at (BCLOUD-20910).
  if (req.rawPath.startsWith('/rest/')) return { reply: internalUnauthorized() };
  if (!req.rawPath.startsWith('/2.0/')) return { reply: noApiHere() };
  if (/[{}]/.test(req.rawPath)) return { reply: unexpectedResponseBody() };
  let segments: string[];
  try {
    segments = req.rawPath.slice('/2.0'.length).replace(/\/+$/, '').split('/').slice(1).map(decodeURIComponent);
  } catch {
    return { reply: apiError(400, 'Bad request', { detail: 'Malformed percent-encoding in the URL path.' }) };
  }
  const found = match(req.method, segments);
  if (!found) return { reply: noApiHere() };
  const template = `${req.method} ${found.route.template}`;
  const principal = deps.auth.authenticate(req.authorization);
  if (isReply(principal)) return { reply: principal, route: template };
  const denied = deps.auth.checkScopes(principal, found.route.permission);
  if (denied) return { reply: denied, route: template, principal };
  if (!deps.admit(principal)) return { reply: rateLimited(), route: template, principal, rateLimited: true };

  const wsId = found.params.workspace!;
  const workspace = deps.store.findWorkspace(wsId);
  const repoSlug = found.params.repo_slug;
  const repository = workspace && repoSlug !== undefined ? deps.store.findRepository(workspace, repoSlug) : undefined;
  if (repoSlug !== undefined && !repository) {
    return { reply: bareError(404, `Repository ${wsId}/${repoSlug} not found.`), route: template, principal };
  }
  if (!workspace) return { reply: apiError(404, `Workspace ${wsId} not found.`), route: template, principal };
  const bindingDenied = deps.auth.checkBinding(
    principal,
    workspace.slug,
    found.route.narrowedByBinding ? principal.repository : repository?.slug,
  );
  if (bindingDenied) return { reply: bindingDenied, route: template, principal };

  const ctx: ApiContext = {
    store: deps.store,
    method: req.method,
    params: found.params,
    query: req.url.searchParams,
    url: req.url,
    apiBase: req.apiBase,
    body: req.body,
    principal,
    paginationBugs: deps.paginationBugs(),
    now: deps.now,
    workspace,
  };
  if (repository) ctx.repository = repository;
  return { reply: found.route.handler(ctx), route: template, principal };
}
