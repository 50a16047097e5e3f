/**
 * Repository and project listings (API-NOTES §9.2): `GET /repositories/{workspace}` with `role`,
 * BBQL `q` and `sort`, and the workspace's projects. Objects follow the spec's schemas: each
 * repository embeds its `project`, UUIDs have braces. Lists paginate like the others (page,
 * pagelen ≤ 100, correct `next`).
 */
import { queryPage } from '../pagination.ts';
import { formatTimestamp } from '../random.ts';
import { apiError, badRequest, json } from '../replies.ts';
import type { StoredProject, StoredRepository, StoredWorkspace } from '../store.ts';
import type { RepositoryPermission } from '../types.ts';
import { encodeSegment, type ApiContext, type Handler, type JsonObject } from './context.ts';

/** Which permissions each `role` value lists. */
const ROLES: Record<string, readonly RepositoryPermission[]> = {
  member: ['read', 'write', 'admin'],
  contributor: ['write', 'admin'],
  admin: ['admin'],
  // Repositories are owned by the workspace; its admins (every sandbox credential) count as owners.
  owner: ['admin'],
};

const link = (href: string) => ({ href });

function renderOwner(ctx: ApiContext, ws: StoredWorkspace): JsonObject {
  const origin = new URL(ctx.apiBase).origin;
  return {
    type: 'team',
    uuid: ws.uuid,
    username: ws.slug,
    display_name: ws.slug,
    links: {
      self: link(`${ctx.apiBase}/workspaces/${encodeSegment(ws.slug)}`),
      html: link(`${origin}/${encodeSegment(ws.slug)}/`),
      avatar: link(`${origin}/workspaces/${encodeSegment(ws.slug)}/avatar/`),
    },
  };
}

/** The project as embedded in a repository: the spec's `project` links hold only `html` and `avatar`. */
function projectRef(ctx: ApiContext, ws: StoredWorkspace, p: StoredProject): JsonObject {
  const origin = new URL(ctx.apiBase).origin;
  return {
    type: 'project',
    key: p.key,
    uuid: p.uuid,
    name: p.name,
    links: {
      html: link(`${origin}/${encodeSegment(ws.slug)}/workspace/projects/${encodeSegment(p.key)}`),
      avatar: link(`${origin}/account/user/${encodeSegment(ws.slug)}/projects/${encodeSegment(p.key)}/avatar/32`),
    },
  };
}

function renderProject(ctx: ApiContext, ws: StoredWorkspace, p: StoredProject): JsonObject {
  return {
    ...projectRef(ctx, ws, p),
    description: p.description,
    is_private: p.isPrivate,
    created_on: formatTimestamp(p.createdOn),
    updated_on: formatTimestamp(p.updatedOn),
    has_publicly_visible_repos: false,
    owner: renderOwner(ctx, ws),
  };
}

function renderRepository(ctx: ApiContext, r: StoredRepository): JsonObject {
  const ws = r.workspace;
  const origin = new URL(ctx.apiBase).origin;
  const self = `${ctx.apiBase}/repositories/${encodeSegment(ws.slug)}/${encodeSegment(r.slug)}`;
  const html = `${origin}/${encodeSegment(ws.slug)}/${encodeSegment(r.slug)}`;
  return {
    type: 'repository',
    uuid: r.uuid,
    full_name: `${ws.slug}/${r.slug}`,
    slug: r.slug,
    name: r.slug,
    description: '',
    scm: 'git',
    is_private: r.project.isPrivate,
    website: null,
    language: '',
    size: 0,
    has_issues: false,
    has_wiki: false,
    fork_policy: 'no_public_forks',
    created_on: formatTimestamp(r.createdOn),
    updated_on: formatTimestamp(r.updatedOn),
    owner: renderOwner(ctx, ws),
    workspace: {
      type: 'workspace',
      uuid: ws.uuid,
      slug: ws.slug,
      name: ws.slug,
      links: { self: link(`${ctx.apiBase}/workspaces/${encodeSegment(ws.slug)}`) },
    },
    project: projectRef(ctx, ws, r.project),
    mainbranch: { type: 'branch', name: 'main' },
    links: {
      self: link(self),
      html: link(html),
      avatar: link(`${origin}/${encodeSegment(ws.slug)}/${encodeSegment(r.slug)}/avatar/32/`),
      pullrequests: link(`${self}/pullrequests`),
      commits: link(`${self}/commits`),
      forks: link(`${self}/forks`),
      watchers: link(`${self}/watchers`),
      downloads: link(`${self}/downloads`),
      hooks: link(`${self}/hooks`),
      clone: [
        {
          name: 'https',
          href: `${origin.replace('//', `//${encodeSegment(ws.slug)}@`)}/${encodeSegment(ws.slug)}/${encodeSegment(r.slug)}.git`,
        },
      ],
    },
  };
}

export const listRepositories: Handler = (ctx) => {
  const role = ctx.query.get('role');
  const allowed = role === null ? undefined : ROLES[role];
  if (role !== null && !allowed) return badRequest({ role: `must be one of ${Object.keys(ROLES).join(', ')}` });
  // A repository access token sees its own repository only.
  const bound = ctx.principal.repository;
  const repositories = [...ctx.workspace.repositories.values()].filter(
    (r) => (bound === undefined || r.slug === bound) && (allowed === undefined || allowed.includes(r.permission)),
  );
  return queryPage(ctx.query, ctx.url, repositories, (r) => renderRepository(ctx, r));
};

export const listProjects: Handler = (ctx) =>
  queryPage(ctx.query, ctx.url, [...ctx.workspace.projects.values()], (p) => renderProject(ctx, ctx.workspace, p));

export const getProject: Handler = (ctx) => {
  const project = ctx.workspace.projects.get(ctx.params.project_key ?? '');
  return project
    ? json(200, renderProject(ctx, ctx.workspace, project))
    : apiError(404, `Project ${ctx.params.project_key} not found.`);
};
