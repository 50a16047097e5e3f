/**
 * Saved plans (`reconcile --format json --out plan.json`) read back for `--apply --plan`: one
 * parse, checked against a small JSON Schema (ajv), with located, fixable messages; then compared
 * with a fresh plan, so a stale plan is refused with an explanation rather than applied.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { UserError } from '../errors.ts';
import type { Plan } from '../plan/types.ts';
import {
  JSON_FORMAT_VERSION,
  digestOf,
  toJsonDocument,
  type JsonChange,
  type JsonPlanDocument,
} from '../render/json.ts';

/** A saved plan as read: the document, with the fields `--apply --plan` needs present. */
export type SavedPlan = JsonPlanDocument & { live_digest: string };

const HOW_TO_FIX = "Write it again with 'bb-vars reconcile --format json --out <file>' and do not edit it.";

const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const side = {
  type: 'object',
  required: ['secured'],
  properties: { secured: boolean, value: string, fingerprint: string },
} as const;

/** The saved plan's shape (what `renderJson` writes); fields a newer bb-vars adds are allowed. */
export const SAVED_PLAN_SCHEMA = {
  type: 'object',
  required: ['workspace', 'summary', 'changes', 'warnings', 'plan_digest', 'live_digest'],
  properties: {
    format_version: { const: JSON_FORMAT_VERSION },
    workspace: string,
    summary: {
      type: 'object',
      required: ['create', 'update', 'replace', 'delete', 'unchanged'],
      properties: { create: count, update: count, replace: count, delete: count, unchanged: count },
    },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['action', 'scope', 'key', 'secured', 'sensitive', 'reason'],
        properties: {
          action: { enum: ['create', 'update', 'replace', 'delete', 'create-environment'] },
          scope: {
            type: 'object',
            required: ['type', 'workspace'],
            properties: {
              type: { enum: ['workspace', 'repository', 'deployment'] },
              workspace: string,
              repository: string,
              environment: string,
            },
            allOf: [
              {
                if: { properties: { type: { not: { const: 'workspace' } } } },
                then: { required: ['repository'], properties: { repository: string } },
              },
              {
                if: { properties: { type: { const: 'deployment' } } },
                then: { required: ['environment'], properties: { environment: string } },
              },
            ],
          },
          key: string,
          secured: boolean,
          sensitive: boolean,
          reason: {
            enum: [
              'new',
              'value-changed',
              'secured-value-changed',
              'no-fingerprint',
              'forced',
              'secured-flag-changed',
              'adopted',
              'not-declared',
              'missing-environment',
            ],
          },
          before: side,
          after: side,
          environment_type: { enum: ['Test', 'Staging', 'Production'] },
          location: {
            type: 'object',
            required: ['path', 'line'],
            properties: { path: string, line: { type: 'integer', minimum: 1 } },
          },
          origin: { type: 'object', required: ['project'], properties: { project: string } },
        },
        allOf: [
          {
            if: { properties: { action: { const: 'create-environment' } } },
            then: {
              required: ['environment_type'],
              properties: { scope: { properties: { type: { const: 'deployment' } } } },
            },
          },
          { if: { properties: { action: { enum: ['create', 'update', 'replace'] } } }, then: { required: ['after'] } },
          { if: { properties: { action: { enum: ['update', 'replace', 'delete'] } } }, then: { required: ['before'] } },
        ],
      },
    },
    warnings: { type: 'array', items: string },
    violations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['rule', 'scope', 'message'],
        properties: { rule: { enum: ['protected', 'max_deletes'] }, scope: string, key: string, message: string },
      },
    },
    manifest_id: string,
    policy: {
      type: 'object',
      properties: { protected: { type: 'array', items: string }, max_deletes: count },
    },
    plan_digest: string,
    targets: { type: 'array', items: string },
    live_digest: string,
    unchecked_scopes: count,
    unchecked_reason: string,
    shard: {
      type: 'object',
      required: ['index', 'count'],
      properties: { index: count, count: { type: 'integer', minimum: 1 } },
    },
    changed_since: string,
  },
} as const;

let validate: ReturnType<Ajv['compile']> | undefined;

/** Parses and checks a saved plan; throws a UserError naming the file, the field and the fix. */
export function parseSavedPlan(text: string, source = 'the saved plan'): SavedPlan {
  const fail = (path: string, message: string): never => {
    throw new UserError(`${source}: ${path}: ${message}. ${HOW_TO_FIX}`);
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source} is not valid JSON (${(error as Error).message}). ${HOW_TO_FIX}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('document', 'must be an object');
  const version = (raw as { format_version?: unknown }).format_version;
  if (version === undefined) fail('format_version', 'missing; this is not a bb-vars plan file');
  if (version !== JSON_FORMAT_VERSION)
    fail(
      'format_version',
      `is ${JSON.stringify(version)}, but this bb-vars reads plan format "${JSON_FORMAT_VERSION}"`,
    );
  validate ??= new Ajv({
    allErrors: false,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    verbose: true,
  }).compile(SAVED_PLAN_SCHEMA);
  if (!validate(raw)) {
    const error = validate.errors!.find((e) => e.keyword !== 'if')!;
    fail(...describe(error));
  }
  const doc = raw as SavedPlan;
  // Over the changes as written, so fields added by a newer bb-vars cannot be silently dropped.
  if (doc.plan_digest !== digestOf(doc.workspace, doc.changes))
    fail('plan_digest', 'does not match the changes: the file was edited or damaged');
  return doc;
}

/** Reads `path` (shown as `file`) as a saved plan. */
export async function readSavedPlan(path: string, file: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(
      `Cannot read the saved plan ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Write one with 'bb-vars reconcile --format json --out ${file}'.`,
    );
  }
  return parseSavedPlan(text, file);
}

/** Throws when a fresh plan (made against live state with digest `liveDigest`) differs from the saved one. */
export function assertSavedPlanFresh(saved: SavedPlan, fresh: Plan, liveDigest: string, file: string): void {
  const drift = describePlanDrift(saved, fresh);
  if (drift.length === 0 && saved.live_digest === liveDigest) return;
  const why = drift.length > 0 ? drift : ['the live variables in Bitbucket changed since the plan was made'];
  throw new UserError(
    `The saved plan ${file} is stale: Bitbucket or the manifest's sources changed since it was made.\n` +
      why.map((line) => `  - ${line}`).join('\n') +
      `\nNothing was applied. Make a new plan (bb-vars reconcile --format json --out ${file}), review it, and apply that.`,
  );
}

/** `changes[0].scope.type`-style path and a message, for one ajv error. */
function describe(error: ErrorObject): [string, string] {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
  const params = error.params as {
    missingProperty?: string;
    type?: string;
    allowedValue?: unknown;
    allowedValues?: unknown[];
  };
  switch (error.keyword) {
    case 'required': {
      const missing = `${path ? `${path}.` : ''}${params.missingProperty!}`;
      const action = (error.data as { action?: unknown }).action;
      // A field the change's action needs (`after` for an update, …).
      if (typeof action === 'string' && error.schemaPath.includes('/then/')) return [missing, `missing for ${action}`];
      const declared = (error.parentSchema as { properties?: Record<string, { type?: string }> }).properties?.[
        params.missingProperty!
      ];
      return [missing, declared?.type ? `must be ${TYPE_WORDS[declared.type]}` : 'missing'];
    }
    case 'type': {
      // An element of a list: say what the list holds.
      const list = /^(.*)\[\d+\]$/.exec(path);
      if (list) return [list[1]!, `must be a list of ${params.type!}s`];
      return [path || 'document', `must be ${TYPE_WORDS[params.type!] ?? params.type!}`];
    }
    case 'minimum':
      return [path, `must be ${TYPE_WORDS.integer!}`];
    case 'const':
      return [path, `must be ${JSON.stringify(params.allowedValue)}`];
    case 'enum':
      return [path, `must be one of ${params.allowedValues!.map((a) => JSON.stringify(a)).join(', ')}`];
    default:
      return [path || 'document', error.message ?? 'is not valid'];
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  object: 'an object',
  array: 'a list',
};

/**
 * Why a fresh plan differs from a saved one, one line per difference (at most `limit`); empty
 * when they match. Lines name scopes and keys, never values.
 */
export function describePlanDrift(saved: JsonPlanDocument, current: Plan, limit = 10): string[] {
  const fresh = toJsonDocument(current);
  if (fresh.plan_digest === saved.plan_digest) return [];
  if (fresh.workspace !== saved.workspace)
    return [`the saved plan is for workspace '${saved.workspace}', not '${fresh.workspace}'`];
  const id = (c: JsonChange) =>
    `${[c.scope.repository, c.scope.environment].filter(Boolean).join('/') || 'workspace'} ${c.key}`;
  const index = (list: JsonChange[]) =>
    new Map(list.map((c) => [`${id(c)}\0${c.action === 'create-environment' ? 'env' : 'var'}`, c]));
  const before = index(saved.changes);
  const after = index(fresh.changes);
  const lines: string[] = [];
  for (const [k, c] of before) {
    const now = after.get(k);
    if (!now) lines.push(`${id(c)}: the saved plan would ${c.action} it; a fresh plan would not`);
    else if (digestOf('', [now]) !== digestOf('', [c])) {
      lines.push(
        `${id(c)}: planned ${c.action} (${c.reason}) is now ${now.action} (${now.reason}), or its value or live state changed`,
      );
    }
  }
  for (const [k, c] of after)
    if (!before.has(k))
      lines.push(`${id(c)}: a fresh plan would ${c.action} it (${c.reason}); the saved plan would not`);
  if (lines.length === 0) lines.push('the order of changes differs');
  return lines.length > limit ? [...lines.slice(0, limit), `… and ${lines.length - limit} more differences`] : lines;
}
