/**
 * Pull-request comments: list (oldest first, deleted ones included with `deleted: true`), create,
 * get, update (own comments only) and delete. A top-level `type` in a body is refused, as the real
 * API does (API-NOTES §1.5).
 */
import { formatTimestamp } from '../random.ts';
import { paginate, readPageRequest } from '../pagination.ts';
import { apiError, applied, badRequest, forbidden, json, noContent, type Reply } from '../replies.ts';
import type { Actor, StoredComment, StoredPullRequest } from '../store.ts';
import {
  encodeSegment,
  isReply,
  objectBody,
  repositoryPath,
  type ApiContext,
  type Handler,
  type JsonObject,
} from './context.ts';

/** Just enough markdown for a faithful `html` field: escaped paragraphs. */
function renderHtml(raw: string): string {
  const escaped = raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

function renderUser(ctx: ApiContext, actor: Actor): JsonObject {
  const origin = new URL(ctx.apiBase).origin;
  return {
    type: 'user',
    uuid: actor.uuid,
    display_name: actor.displayName,
    account_id: actor.accountId,
    nickname: actor.displayName,
    links: {
      self: { href: `${ctx.apiBase}/users/${encodeSegment(actor.uuid)}` },
      html: { href: `${origin}/${encodeSegment(actor.uuid)}/` },
      avatar: { href: `${origin}/account/${encodeSegment(actor.uuid)}/avatar/` },
    },
  };
}

function renderComment(ctx: ApiContext, pr: StoredPullRequest, c: StoredComment): JsonObject {
  const repo = ctx.repository!;
  const prUrl = `${repositoryPath(ctx)}/pullrequests/${pr.id}`;
  const htmlPr = `${new URL(ctx.apiBase).origin}/${encodeSegment(repo.workspace.slug)}/${encodeSegment(repo.slug)}/pull-requests/${pr.id}`;
  const raw = c.deleted ? '' : c.raw;
  const out: JsonObject = {
    type: 'pullrequest_comment',
    id: c.id,
    created_on: formatTimestamp(c.createdOn),
    updated_on: formatTimestamp(c.updatedOn),
    // `type: rendered` is what the live API sends (recorded), though the spec's `content` forbids extra keys.
    content: { raw, markup: 'markdown', html: renderHtml(raw), type: 'rendered' },
    user: renderUser(ctx, c.author),
    deleted: c.deleted,
    pending: false,
    pullrequest: {
      type: 'pullrequest',
      id: pr.id,
      title: pr.title,
      links: { self: { href: prUrl }, html: { href: htmlPr } },
    },
    links: { self: { href: `${prUrl}/comments/${c.id}` }, html: { href: `${htmlPr}/_/diff#comment-${c.id}` } },
  };
  if (c.parentId !== undefined)
    out.parent = { id: c.parentId, links: { self: { href: `${prUrl}/comments/${c.parentId}` } } };
  if (c.inline !== undefined) out.inline = c.inline;
  return out;
}

function pullRequest(ctx: ApiContext): StoredPullRequest | Reply {
  const id = ctx.params.pull_request_id ?? '';
  const pr = /^\d+$/.test(id) ? ctx.repository!.pullRequests.get(Number(id)) : undefined;
  return pr ?? apiError(404, `Pull request ${id} not found.`);
}

function comment(ctx: ApiContext, pr: StoredPullRequest): StoredComment | Reply {
  const id = ctx.params.comment_id ?? '';
  const found = /^\d+$/.test(id) ? pr.comments.get(Number(id)) : undefined;
  return found ?? apiError(404, `Comment ${id} not found.`);
}

/** Validates a create/update body; returns the raw text or the 400. */
function readContent(body: JsonObject): string | Reply {
  if ('type' in body) return badRequest({ type: 'extra keys not allowed' });
  const content = body.content as JsonObject | undefined;
  if (content === null || typeof content !== 'object' || typeof content.raw !== 'string') {
    return badRequest({ 'content.raw': 'required key not provided' });
  }
  return content.raw;
}

export const listComments: Handler = (ctx) => {
  const pr = pullRequest(ctx);
  if (isReply(pr)) return pr;
  const page = readPageRequest(ctx.query);
  if (isReply(page)) return page;
  const all = [...pr.comments.values()].sort((a, b) => a.id - b.id);
  return json(
    200,
    paginate(all, page, ctx.url, { kind: 'correct' }, (c) => renderComment(ctx, pr, c)),
  );
};

export const getComment: Handler = (ctx) => {
  const pr = pullRequest(ctx);
  if (isReply(pr)) return pr;
  const c = comment(ctx, pr);
  return isReply(c) ? c : json(200, renderComment(ctx, pr, c));
};

export const createComment: Handler = (ctx) => {
  const pr = pullRequest(ctx);
  if (isReply(pr)) return pr;
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const raw = readContent(body);
  if (isReply(raw)) return raw;
  const extra: { parentId?: number; inline?: JsonObject } = {};
  if (body.parent !== undefined) {
    const parentId = (body.parent as JsonObject | null)?.id;
    if (typeof parentId !== 'number' || !pr.comments.has(parentId))
      return badRequest({ parent: 'parent comment not found' });
    extra.parentId = parentId;
  }
  if (body.inline !== undefined) {
    const inline = body.inline as JsonObject | null;
    if (inline === null || typeof inline !== 'object' || typeof inline.path !== 'string')
      return badRequest({ 'inline.path': 'required key not provided' });
    extra.inline = inline;
  }
  const created = ctx.store.addComment(pr, ctx.principal.actor, raw, extra);
  return applied(
    json(201, renderComment(ctx, pr, created), {
      Location: `${repositoryPath(ctx)}/pullrequests/${pr.id}/comments/${created.id}`,
    }),
  );
};

export const updateComment: Handler = (ctx) => {
  const pr = pullRequest(ctx);
  if (isReply(pr)) return pr;
  const c = comment(ctx, pr);
  if (isReply(c)) return c;
  if (c.deleted) return apiError(404, `Comment ${c.id} not found.`);
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const raw = readContent(body);
  if (isReply(raw)) return raw;
  if (c.author !== ctx.principal.actor) return forbidden();
  c.raw = raw;
  c.updatedOn = ctx.now();
  return applied(json(200, renderComment(ctx, pr, c)));
};

export const deleteComment: Handler = (ctx) => {
  const pr = pullRequest(ctx);
  if (isReply(pr)) return pr;
  const c = comment(ctx, pr);
  if (isReply(c)) return c;
  if (c.deleted) return apiError(404, `Comment ${c.id} not found.`);
  if (c.author !== ctx.principal.actor) return forbidden();
  c.deleted = true;
  c.updatedOn = ctx.now();
  return applied(noContent());
};
