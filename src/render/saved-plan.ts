/**
 * Reading a saved plan (`reconcile --out plan.json --format json`) back for `--apply --plan`:
 * validation with located, fixable messages, and a comparison with a fresh plan so a stale
 * plan is refused with an explanation rather than applied.
 */
import { UserError } from '../errors.ts';
import type { Plan } from '../plan/types.ts';
import { JSON_FORMAT_VERSION, digestOf, toJsonDocument, type JsonChange, type JsonPlanDocument, type JsonSide } from './json.ts';

/** A validated saved plan. */
export type SavedPlan = JsonPlanDocument;

const ACTIONS = ['create', 'update', 'replace', 'delete', 'create-environment'] as const;
const REASONS = [
  'new',
  'value-changed',
  'secured-value-changed',
  'no-fingerprint',
  'forced',
  'secured-flag-changed',
  'adopted',
  'not-declared',
  'missing-environment',
] as const;
const SCOPE_TYPES = ['workspace', 'repository', 'deployment'] as const;
const ENV_TYPES = ['Test', 'Staging', 'Production'] as const;
const SUMMARY_KEYS = ['create', 'update', 'replace', 'delete', 'unchanged'] as const;

const HOW_TO_FIX = "Write it again with 'bb-vars reconcile --format json --out <file>' and do not edit it.";

/** Parses and validates a saved plan; throws a UserError naming the file, the field and the fix. */
export function parsePlanJson(text: string, source = 'the saved plan'): SavedPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UserError(`${source} is not valid JSON (${why}). ${HOW_TO_FIX}`);
  }
  const fail = (path: string, message: string): never => {
    throw new UserError(`${source}: ${path}: ${message}. ${HOW_TO_FIX}`);
  };
  const doc = object(raw, 'document', fail);
  if (doc.format_version !== JSON_FORMAT_VERSION) {
    if (doc.format_version === undefined) fail('format_version', 'missing; this is not a bb-vars plan file');
    fail('format_version', `is ${JSON.stringify(doc.format_version)}, but this bb-vars reads plan format "${JSON_FORMAT_VERSION}"`);
  }
  const workspace = string(doc.workspace, 'workspace', fail);
  const summaryRaw = object(doc.summary, 'summary', fail);
  const summary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const key of SUMMARY_KEYS) {
    const n = summaryRaw[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail(`summary.${key}`, 'must be a whole number');
    summary[key] = n as number;
  }
  if (!Array.isArray(doc.changes)) fail('changes', 'must be a list');
  const changes = (doc.changes as unknown[]).map((c, i) => parseChange(c, `changes[${i}]`, fail));
  if (!Array.isArray(doc.warnings) || doc.warnings.some((w) => typeof w !== 'string')) fail('warnings', 'must be a list of strings');
  const digest = string(doc.plan_digest, 'plan_digest', fail);
  // Over the changes as written, so fields added by a newer bb-vars cannot be silently dropped.
  if (digest !== digestOf(workspace, doc.changes as JsonChange[])) fail('plan_digest', 'does not match the changes: the file was edited or damaged');
  return { format_version: JSON_FORMAT_VERSION, workspace, summary, changes, warnings: doc.warnings as string[], plan_digest: digest };
}

type Fail = (path: string, message: string) => never;

function parseChange(raw: unknown, path: string, fail: Fail): JsonChange {
  const c = object(raw, path, fail);
  const action = oneOf(c.action, ACTIONS, `${path}.action`, fail);
  const scopeRaw = object(c.scope, `${path}.scope`, fail);
  const type = oneOf(scopeRaw.type, SCOPE_TYPES, `${path}.scope.type`, fail);
  const scope: JsonChange['scope'] = { type, workspace: string(scopeRaw.workspace, `${path}.scope.workspace`, fail) };
  if (type !== 'workspace') scope.repository = string(scopeRaw.repository, `${path}.scope.repository`, fail);
  if (type === 'deployment') scope.environment = string(scopeRaw.environment, `${path}.scope.environment`, fail);
  const change: JsonChange = {
    action,
    scope,
    key: string(c.key, `${path}.key`, fail),
    secured: boolean(c.secured, `${path}.secured`, fail),
    sensitive: boolean(c.sensitive, `${path}.sensitive`, fail),
    reason: oneOf(c.reason, REASONS, `${path}.reason`, fail),
  };
  if (c.before !== undefined) change.before = parseSide(c.before, `${path}.before`, fail);
  if (c.after !== undefined) change.after = parseSide(c.after, `${path}.after`, fail);
  if (action === 'create-environment') {
    if (type !== 'deployment') fail(`${path}.scope.type`, 'must be "deployment" for create-environment');
    change.environment_type = oneOf(c.environment_type, ENV_TYPES, `${path}.environment_type`, fail);
  } else {
    if (action !== 'delete' && change.after === undefined) fail(`${path}.after`, `missing for ${action}`);
    if (action !== 'create' && change.before === undefined) fail(`${path}.before`, `missing for ${action}`);
  }
  return change;
}

function parseSide(raw: unknown, path: string, fail: Fail): JsonSide {
  const s = object(raw, path, fail);
  const side: JsonSide = { secured: boolean(s.secured, `${path}.secured`, fail) };
  if (s.value !== undefined) side.value = string(s.value, `${path}.value`, fail);
  if (s.fingerprint !== undefined) side.fingerprint = string(s.fingerprint, `${path}.fingerprint`, fail);
  return side;
}

/**
 * Why a fresh plan differs from a saved one, one line per difference (at most `limit`); empty
 * when they match. Lines name scopes and keys, never values.
 */
export function describePlanDrift(saved: SavedPlan, current: Plan, limit = 10): string[] {
  const fresh = toJsonDocument(current);
  if (fresh.plan_digest === saved.plan_digest) return [];
  if (fresh.workspace !== saved.workspace) return [`the saved plan is for workspace '${saved.workspace}', not '${fresh.workspace}'`];
  const id = (c: JsonChange) => `${[c.scope.repository, c.scope.environment].filter(Boolean).join('/') || 'workspace'} ${c.key}`;
  const index = (list: JsonChange[]) => new Map(list.map((c) => [`${id(c)}\0${c.action === 'create-environment' ? 'env' : 'var'}`, c]));
  const before = index(saved.changes);
  const after = index(fresh.changes);
  const lines: string[] = [];
  for (const [k, c] of before) {
    const now = after.get(k);
    if (!now) lines.push(`${id(c)}: the saved plan would ${c.action} it; a fresh plan would not`);
    else if (digestOf('', [now]) !== digestOf('', [c])) {
      lines.push(`${id(c)}: planned ${c.action} (${c.reason}) is now ${now.action} (${now.reason}), or its value or live state changed`);
    }
  }
  for (const [k, c] of after) if (!before.has(k)) lines.push(`${id(c)}: a fresh plan would ${c.action} it (${c.reason}); the saved plan would not`);
  if (lines.length === 0) lines.push('the order of changes differs');
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more differences`] : lines;
}

function object(v: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, 'must be an object');
  return v as Record<string, unknown>;
}

function string(v: unknown, path: string, fail: Fail): string {
  return typeof v === 'string' ? v : fail(path, 'must be a string');
}

function boolean(v: unknown, path: string, fail: Fail): boolean {
  return typeof v === 'boolean' ? v : fail(path, 'must be true or false');
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string, fail: Fail): T {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  return fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}
