/**
 * Commit build statuses (API-NOTES §9.4): POST creates one or overwrites the one with the same
 * `key`; GET/PUT read and update one by key; `GET …/commit/{commit}/statuses` lists them (BBQL
 * `q`/`sort`, and `refname`). `key`, `state` and `url` are required on create, as on Bitbucket.
 */
import { queryPage } from '../pagination.ts';
import { formatTimestamp } from '../random.ts';
import { apiError, applied, badRequest, json, type Reply } from '../replies.ts';
import type { StoredCommit, StoredStatus } from '../store.ts';
import {
  commitOf,
  commitPath,
  encodeSegment,
  FieldCheck,
  isReply,
  objectBody,
  type ApiContext,
  type Handler,
  type JsonObject,
} from './context.ts';

const STATES = ['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED'] as const;
const FIELDS = ['state', 'url', 'name', 'description', 'refname'] as const;

function renderStatus(ctx: ApiContext, commit: StoredCommit, s: StoredStatus): JsonObject {
  return {
    type: 'build',
    uuid: s.uuid,
    key: s.key,
    ...s.fields,
    created_on: formatTimestamp(s.createdOn),
    updated_on: formatTimestamp(s.updatedOn),
    links: {
      self: { href: `${commitPath(ctx, commit)}/statuses/build/${encodeSegment(s.key)}` },
      commit: { href: commitPath(ctx, commit) },
    },
  };
}

function check(body: JsonObject, creating: boolean): Record<string, string> {
  const c = new FieldCheck(body);
  c.string('key', creating);
  // The spec's `commitstatus` requires `state` on PUT too; the key comes from the path there.
  c.oneOf('state', STATES, true);
  // Bitbucket evaluates `{repository.full_name}`-style variables in the URL at render time.
  c.url('url', creating, true);
  for (const name of ['name', 'description', 'refname']) c.string(name);
  return c.problems;
}

function fieldsOf(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const name of FIELDS) if (typeof body[name] === 'string') out[name] = body[name];
  return out;
}

function statusOf(ctx: ApiContext): { commit: StoredCommit; status: StoredStatus } | Reply {
  const commit = commitOf(ctx, false);
  if (isReply(commit)) return commit;
  const status = commit?.statuses.get(ctx.params.key ?? '');
  return commit && status ? { commit, status } : apiError(404, `Build status ${ctx.params.key} not found.`);
}

export const createStatus: Handler = (ctx) => {
  const known = commitOf(ctx, false);
  if (isReply(known)) return known;
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const problems = check(body, true);
  if (Object.keys(problems).length > 0) return badRequest(problems);
  const commit = commitOf(ctx, true) as StoredCommit;
  const key = body.key as string;
  const now = ctx.now();
  const existing = commit.statuses.get(key);
  // "If the specified key already exists, the existing status object will be overwritten."
  const status: StoredStatus = existing
    ? Object.assign(existing, { fields: fieldsOf(body), updatedOn: now })
    : { uuid: ctx.store.uuid(), key, fields: fieldsOf(body), createdOn: now, updatedOn: now };
  commit.statuses.set(key, status);
  return applied(
    json(201, renderStatus(ctx, commit, status), {
      Location: `${commitPath(ctx, commit)}/statuses/build/${encodeSegment(key)}`,
    }),
  );
};

export const getStatus: Handler = (ctx) => {
  const found = statusOf(ctx);
  return isReply(found) ? found : json(200, renderStatus(ctx, found.commit, found.status));
};

export const updateStatus: Handler = (ctx) => {
  const found = statusOf(ctx);
  if (isReply(found)) return found;
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const problems = check(body, false);
  if (typeof body.key === 'string' && body.key !== found.status.key) problems.key = 'The key cannot be changed.';
  if (Object.keys(problems).length > 0) return badRequest(problems);
  Object.assign(found.status.fields, fieldsOf(body));
  found.status.updatedOn = ctx.now();
  return applied(json(200, renderStatus(ctx, found.commit, found.status)));
};

export const listStatuses: Handler = (ctx) => {
  const commit = commitOf(ctx, false);
  if (isReply(commit)) return commit;
  const refname = ctx.query.get('refname');
  const all = [...(commit?.statuses.values() ?? [])].filter((s) => refname === null || s.fields.refname === refname);
  return queryPage(ctx.query, ctx.url, all, (s) => renderStatus(ctx, commit!, s));
};
