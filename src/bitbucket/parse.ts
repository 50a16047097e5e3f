/**
 * Minimal runtime validation of API responses, pure. Only the fields bb-vars uses are checked;
 * anything else is ignored. A malformed item returns a reason string instead of crashing later.
 */
import { isRecord } from '../core/data.ts';
import type { EnvironmentType } from '../core/types.ts';
import type { BbComment, BbEnvironment, BbProject, BbRepository, BbVariable } from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ENVIRONMENT_TYPES: readonly string[] = ['Test', 'Staging', 'Production'] satisfies EnvironmentType[];

export function parseVariable(raw: unknown): Parsed<BbVariable> {
  if (!isRecord(raw)) return { ok: false, reason: 'a variable is not an object' };
  if (typeof raw.uuid !== 'string' || raw.uuid === '') return { ok: false, reason: 'a variable has no "uuid"' };
  if (typeof raw.key !== 'string' || raw.key === '') return { ok: false, reason: `variable ${raw.uuid} has no "key"` };
  const secured = raw.secured === true;
  const variable: BbVariable = { uuid: raw.uuid, key: raw.key, secured };
  // Secured values are never returned; an empty string there means "unknown", not "empty".
  if (!secured && typeof raw.value === 'string') variable.value = raw.value;
  else if (!secured && (typeof raw.value === 'number' || typeof raw.value === 'boolean'))
    variable.value = String(raw.value);
  return { ok: true, value: variable };
}

export function parseEnvironment(raw: unknown): Parsed<BbEnvironment> {
  if (!isRecord(raw)) return { ok: false, reason: 'an environment is not an object' };
  if (typeof raw.uuid !== 'string' || raw.uuid === '') return { ok: false, reason: 'an environment has no "uuid"' };
  if (typeof raw.name !== 'string') return { ok: false, reason: `environment ${raw.uuid} has no "name"` };
  const environment: BbEnvironment = { uuid: raw.uuid, name: raw.name };
  const typeName = isRecord(raw.environment_type) ? raw.environment_type.name : undefined;
  if (typeof typeName === 'string' && ENVIRONMENT_TYPES.includes(typeName))
    environment.environmentType = typeName as EnvironmentType;
  return { ok: true, value: environment };
}

export function parseRepository(raw: unknown): Parsed<BbRepository> {
  if (!isRecord(raw)) return { ok: false, reason: 'a repository is not an object' };
  if (typeof raw.slug !== 'string' || raw.slug === '') return { ok: false, reason: 'a repository has no "slug"' };
  const repository: BbRepository = { slug: raw.slug };
  if (isRecord(raw.project) && typeof raw.project.key === 'string') repository.projectKey = raw.project.key;
  return { ok: true, value: repository };
}

export function parseProject(raw: unknown): Parsed<BbProject> {
  if (!isRecord(raw)) return { ok: false, reason: 'a project is not an object' };
  if (typeof raw.key !== 'string' || raw.key === '') return { ok: false, reason: 'a project has no "key"' };
  return { ok: true, value: { key: raw.key, name: typeof raw.name === 'string' ? raw.name : raw.key } };
}

export function parseComment(raw: unknown): Parsed<BbComment> {
  if (!isRecord(raw)) return { ok: false, reason: 'a comment is not an object' };
  if (typeof raw.id !== 'number') return { ok: false, reason: 'a comment has no numeric "id"' };
  const raw_ = isRecord(raw.content) && typeof raw.content.raw === 'string' ? raw.content.raw : '';
  return { ok: true, value: { id: raw.id, raw: raw_, deleted: raw.deleted === true } };
}

/** A page of a paginated list, as far as the walker needs it. `pagelen` is optional and not read. */
export interface Page {
  values: unknown[];
  size?: number;
  /** Whether the page links a next one (Bitbucket's `next` may be broken, but its presence says something). */
  next: boolean;
}

export function parsePage(raw: unknown): Parsed<Page> {
  if (!isRecord(raw) || !Array.isArray(raw.values)) return { ok: false, reason: 'the page has no "values" list' };
  const page: Page = { values: raw.values, next: typeof raw.next === 'string' && raw.next !== '' };
  if (typeof raw.size === 'number' && raw.size >= 0) page.size = raw.size;
  return { ok: true, value: page };
}
