/**
 * Workspace, repository and deployment variables. Secured values are stored but never rendered:
 * the `value` key is absent, as on Bitbucket. `secured` cannot be flipped by PUT (400): the only
 * way is delete + create, which is what Bitbucket's UI and docs say too.
 */
import { paginate, readPageRequest, type NextMode } from '../pagination.ts';
import { apiError, applied, badRequest, json, noContent, type Reply } from '../replies.ts';
import type { StoredEnvironment } from '../store.ts';
import type { StoredVariable, VariableSet } from '../variable-set.ts';
import {
  encodeSegment,
  isReply,
  objectBody,
  repositoryPath,
  type ApiContext,
  type Handler,
  type JsonObject,
} from './context.ts';

export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_RULE =
  'Variable names can only contain ASCII letters, digits and underscores, and cannot start with a digit.';

type Kind = 'workspace' | 'repository' | 'deployment';

interface Target {
  kind: Kind;
  set: VariableSet;
  /** Absolute URL of the collection. */
  collectionUrl: string;
  /** Who owns the collection, for the 409 detail. */
  owner: string;
}

function target(ctx: ApiContext, kind: Kind): Target | Reply {
  const ws = ctx.workspace;
  if (kind === 'workspace') {
    return {
      kind,
      set: ws.variables,
      collectionUrl: `${ctx.apiBase}/workspaces/${encodeSegment(ws.slug)}/pipelines-config/variables`,
      owner: `account ${ws.uuid}`,
    };
  }
  const repo = ctx.repository!;
  if (kind === 'repository') {
    return {
      kind,
      set: repo.variables,
      collectionUrl: `${repositoryPath(ctx)}/pipelines_config/variables`,
      owner: `account ${ws.uuid}, repository ${repo.uuid}`,
    };
  }
  const env: StoredEnvironment | undefined = repo.environments.get(ctx.params.environment_uuid ?? '');
  if (!env) return apiError(404, `Environment ${ctx.params.environment_uuid} not found.`);
  return {
    kind,
    set: env.variables,
    collectionUrl: `${repositoryPath(ctx)}/deployments_config/environments/${encodeSegment(env.uuid)}/variables`,
    owner: `account ${ws.uuid}, environment ${env.uuid}`,
  };
}

/** A variable as the API shows it: never the value of a secured one. */
export function renderVariable(v: StoredVariable, withType = true): JsonObject {
  const out: JsonObject = withType
    ? { type: 'pipeline_variable', uuid: v.uuid, key: v.key, secured: v.secured }
    : { uuid: v.uuid, key: v.key, secured: v.secured };
  if (!v.secured) out.value = v.value;
  return out;
}

const conflict = (t: Target): Reply =>
  apiError(409, 'Conflict', {
    detail: `A variable with the key provided already exists for ${t.owner}.`,
    data: { key: 'variable-service.variable.duplicate', arguments: {} },
  });

const notFound = (uuid: string | undefined): Reply => apiError(404, `Variable ${uuid} not found.`);

function checkFields(body: JsonObject, required: boolean): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of ['key', 'value'] as const) {
    if (!(name in body)) {
      if (required) fields[name] = 'required key not provided';
    } else if (typeof body[name] !== 'string') fields[name] = 'expected str';
  }
  if (typeof body.key === 'string' && !KEY_PATTERN.test(body.key)) fields.key = KEY_RULE;
  if ('secured' in body && typeof body.secured !== 'boolean') fields.secured = 'expected bool';
  return fields;
}

function nextMode(ctx: ApiContext, kind: Kind): NextMode {
  if (!ctx.paginationBugs || kind === 'deployment') return { kind: 'correct' };
  if (kind === 'workspace') return { kind: 'missing' };
  const repo = ctx.repository!;
  return {
    kind: 'internal',
    path: `/rest/1.0/accounts/${encodeSegment(repo.workspace.uuid)}/repositories/${encodeSegment(repo.uuid)}/pipelines_config/variables`,
  };
}

export const listVariables =
  (kind: Kind): Handler =>
  (ctx) => {
    const t = target(ctx, kind);
    if (isReply(t)) return t;
    const page = readPageRequest(ctx.query);
    if (isReply(page)) return page;
    return json(
      200,
      paginate(t.set.list(), page, ctx.url, nextMode(ctx, kind), (v) => renderVariable(v)),
    );
  };

export const createVariable =
  (kind: Kind): Handler =>
  (ctx) => {
    const t = target(ctx, kind);
    if (isReply(t)) return t;
    const body = objectBody(ctx.body);
    if (isReply(body)) return body;
    const fields = checkFields(body, true);
    if (Object.keys(fields).length > 0) return badRequest(fields);
    if (t.set.findByKey(body.key as string)) return conflict(t);
    const created = ctx.store.insertVariable(t.set, {
      key: body.key as string,
      value: body.value as string,
      secured: body.secured === true,
    });
    // The deployment-variable create response carries no `type` (atlassian-python-api relies on this).
    return applied(
      json(201, renderVariable(created, kind !== 'deployment'), {
        Location: `${t.collectionUrl}/${encodeSegment(created.uuid)}`,
      }),
    );
  };

export const getVariable =
  (kind: Kind): Handler =>
  (ctx) => {
    const t = target(ctx, kind);
    if (isReply(t)) return t;
    const found = t.set.get(ctx.params.variable_uuid ?? '');
    return found ? json(200, renderVariable(found)) : notFound(ctx.params.variable_uuid);
  };

export const updateVariable =
  (kind: Kind): Handler =>
  (ctx) => {
    const t = target(ctx, kind);
    if (isReply(t)) return t;
    const found = t.set.get(ctx.params.variable_uuid ?? '');
    if (!found) return notFound(ctx.params.variable_uuid);
    const body = objectBody(ctx.body);
    if (isReply(body)) return body;
    const fields = checkFields(body, false);
    if (typeof body.secured === 'boolean' && body.secured !== found.secured) {
      fields.secured =
        'The secured flag of an existing variable cannot be changed; delete the variable and create it again.';
    }
    if (Object.keys(fields).length > 0) return badRequest(fields);
    const key = body.key as string | undefined;
    if (key !== undefined && key !== found.key && t.set.findByKey(key)) return conflict(t);
    t.set.update(found, { key, value: body.value as string | undefined });
    return applied(json(200, renderVariable(found)));
  };

export const deleteVariable =
  (kind: Kind): Handler =>
  (ctx) => {
    const t = target(ctx, kind);
    if (isReply(t)) return t;
    if (!t.set.remove(ctx.params.variable_uuid ?? '')) return notFound(ctx.params.variable_uuid);
    return applied(noContent());
  };
