/**
 * Deployment environments. Objects carry the live fields Bitbucket returns beyond the spec
 * (API-NOTES §1.3); create requires `environment_type: {name}`; names are unique ignoring case.
 */
import type { EnvironmentType } from '../../core/types.ts';
import { paginate, readPageRequest } from '../pagination.ts';
import { apiError, applied, badRequest, bareError, json, noContent, type Reply } from '../replies.ts';
import { ENVIRONMENT_TYPES, type StoredEnvironment, type StoredRepository } from '../store.ts';
import { encodeSegment, isReply, objectBody, repositoryPath, type Handler, type JsonObject } from './context.ts';

const TYPE_RANK: Record<EnvironmentType, number> = { Test: 0, Staging: 1, Production: 2 };

/** Listing order: Test, Staging, Production, then creation order — as Bitbucket's UI shows them. */
function ordered(repository: StoredRepository): StoredEnvironment[] {
  return [...repository.environments.values()].sort((a, b) => TYPE_RANK[a.type] - TYPE_RANK[b.type] || a.seq - b.seq);
}

export function renderEnvironment(env: StoredEnvironment, rank: number): JsonObject {
  return {
    type: 'deployment_environment',
    uuid: env.uuid,
    name: env.name,
    slug: env.slug,
    rank,
    environment_type: { type: 'deployment_environment_type', name: env.type, rank: TYPE_RANK[env.type] },
    category: { name: env.type },
    deployment_gate_enabled: false,
    environment_lock_enabled: false,
    hidden: false,
    lock: { type: 'deployment_environment_lock_open', name: 'OPEN' },
    restrictions: { type: 'deployment_restrictions_configuration', admin_only: env.adminOnly },
    change_request_config: { configured: false },
  };
}

const notFound = (uuid: string | undefined): Reply => apiError(404, `Environment ${uuid} not found.`);

function findEnvironment(repository: StoredRepository, uuid: string | undefined): StoredEnvironment | undefined {
  return repository.environments.get(uuid ?? '');
}

export const listEnvironments: Handler = (ctx) => {
  const page = readPageRequest(ctx.query);
  if (isReply(page)) return page;
  const list = ordered(ctx.repository!);
  const ranks = new Map(list.map((env, i) => [env, i]));
  return json(
    200,
    paginate(list, page, ctx.url, { kind: 'correct' }, (env) => renderEnvironment(env, ranks.get(env)!)),
  );
};

export const getEnvironment: Handler = (ctx) => {
  const env = findEnvironment(ctx.repository!, ctx.params.environment_uuid);
  return env
    ? json(200, renderEnvironment(env, ordered(ctx.repository!).indexOf(env)))
    : notFound(ctx.params.environment_uuid);
};

export const createEnvironment: Handler = (ctx) => {
  const repository = ctx.repository!;
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  if (typeof body.name !== 'string' || body.name.trim() === '') {
    return badRequest({ name: typeof body.name === 'string' ? 'must not be empty' : 'required key not provided' });
  }
  const envType = body.environment_type as JsonObject | undefined;
  if (envType === null || typeof envType !== 'object' || Array.isArray(envType) || typeof envType.name !== 'string') {
    return bareError(400, 'Property environment_type is required.');
  }
  if (!ENVIRONMENT_TYPES.includes(envType.name as EnvironmentType)) {
    return badRequest({ 'environment_type.name': `must be one of ${ENVIRONMENT_TYPES.join(', ')}` });
  }
  if (repository.environmentNames.has(body.name.toLowerCase())) {
    return apiError(409, 'Conflict', { detail: 'An environment host with the provided name already exists.' });
  }
  const restrictions = body.restrictions as JsonObject | undefined;
  const adminOnly = typeof restrictions === 'object' && restrictions !== null && restrictions.admin_only === true;
  const env = ctx.store.addEnvironment(repository, body.name, envType.name as EnvironmentType, adminOnly);
  const location = `${repositoryPath(ctx)}/environments/${encodeSegment(env.uuid)}`;
  return applied(json(201, renderEnvironment(env, ordered(repository).indexOf(env)), { Location: location }));
};

export const deleteEnvironment: Handler = (ctx) => {
  const env = findEnvironment(ctx.repository!, ctx.params.environment_uuid);
  if (!env) return notFound(ctx.params.environment_uuid);
  ctx.store.removeEnvironment(ctx.repository!, env);
  return applied(noContent());
};

/** `POST …/environments/{uuid}/changes`: only a rename is supported, answered 202 (asynchronous on Bitbucket, immediate here). */
export const changeEnvironment: Handler = (ctx) => {
  const repository = ctx.repository!;
  const env = findEnvironment(repository, ctx.params.environment_uuid);
  if (!env) return notFound(ctx.params.environment_uuid);
  const body = objectBody(ctx.body);
  if (isReply(body)) return body;
  const change = body.change as JsonObject | undefined;
  const keys = change && typeof change === 'object' ? Object.keys(change) : [];
  if (keys.length !== 1 || keys[0] !== 'name' || typeof change!.name !== 'string' || change!.name.trim() === '') {
    return apiError(400, 'The requested change is not allowed.', {
      data: { key: 'deploy-service.environment.change-not-supported', arguments: {} },
    });
  }
  const name = change!.name;
  const clash = repository.environmentNames.get(name.toLowerCase());
  if (clash && clash !== env)
    return apiError(409, 'Conflict', { detail: 'An environment host with the provided name already exists.' });
  repository.environmentNames.delete(env.name.toLowerCase());
  env.name = name;
  repository.environmentNames.set(name.toLowerCase(), env);
  return applied(noContent(202));
};
