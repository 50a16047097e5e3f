/**
 * The plan as a stable JSON document (`--format json`, `--out plan.json`). Field names are
 * snake_case and only ever added to. Secured and sensitive values appear only as fingerprints.
 * `plan_digest` covers the workspace and the changes, so a saved plan can later be checked
 * against a fresh plan (`--apply --plan plan.json`) and against hand edits.
 */
import { inertJson } from '../core/escape.ts';
import { createHash } from 'node:crypto';
import { compare } from '../core/data.ts';
import type { EnvironmentType, ScopeRef } from '../core/types.ts';
import type { PolicyConfig } from '../plan/policy.ts';
import type { Change, ChangeAction, ChangeReason, Plan, PlanSummary, VariableSide } from '../plan/types.ts';

export const JSON_FORMAT_VERSION = '1';

/** A scope in the JSON document. */
export interface JsonScope {
  type: ScopeRef['type'];
  workspace: string;
  repository?: string;
  environment?: string;
}

/** One side of a variable change: `value` only for plain, non-sensitive values. */
export interface JsonSide {
  secured: boolean;
  value?: string;
  fingerprint?: string;
}

/** One change. For `create-environment`, `key` is the environment name. */
export interface JsonChange {
  action: ChangeAction;
  scope: JsonScope;
  key: string;
  /** The desired flag (for delete: the live flag). */
  secured: boolean;
  sensitive: boolean;
  reason: ChangeReason;
  before?: JsonSide;
  after?: JsonSide;
  environment_type?: EnvironmentType;
  /** Where the manifest declares it (a delete: its scope), path relative to the repository root. */
  location?: { path: string; line: number };
  /** The project it comes from (project fan-out). */
  origin?: { project: string };
}

/** A policy violation; `scope` as for --target, `*` for the whole plan. */
export interface JsonViolation {
  rule: 'protected' | 'max_deletes';
  scope: string;
  key?: string;
  message: string;
}

/** The whole document, as written and as read back by `parsePlanJson`. */
export interface JsonPlanDocument {
  format_version: typeof JSON_FORMAT_VERSION;
  workspace: string;
  /** Variable changes only; environments and bookkeeping writes are not counted. */
  summary: PlanSummary;
  changes: JsonChange[];
  warnings: string[];
  /** What the manifest's policy forbids in this plan (always written; absent in older saved plans). */
  violations?: JsonViolation[];
  /** The manifest's `id` (always written; absent in older saved plans). */
  manifest_id?: string;
  /** The manifest's `policy:`, when it has one (publish re-checks merged plans against it). */
  policy?: PolicyConfig;
  /** `sha256:<hex>` over the workspace and the changes. */
  plan_digest: string;
  /** The `--target`s the plan was limited to (empty: the whole manifest); `--apply --plan` reads the same scopes. */
  targets?: string[];
  /** Keyed digest of the live state the plan was made against; `--apply --plan` refuses when it changed. */
  live_digest?: string;
  /** A limited plan (`--target`, `--shard`, `--changed-since`): declared scopes it did not read. */
  unchecked_scopes?: number;
  /** Why, in words (as the text plan says it). */
  unchecked_reason?: string;
  /** `--shard`: which share of the repositories this plan covers. */
  shard?: { index: number; count: number };
  /** `--changed-since`: the git ref, as given. */
  changed_since?: string;
}

export interface JsonRenderOptions {
  /** Indentation; default 2. Use 0 for one line. */
  indent?: number;
  /** Recorded as `targets`. */
  targets?: readonly string[];
  /** Recorded as `live_digest`. */
  liveDigest?: string;
  /** Recorded as `policy`. */
  policy?: PolicyConfig;
}

/** The plan as a JSON document string, ending with a newline. */
export function renderJson(plan: Plan, options: JsonRenderOptions = {}): string {
  const doc: JsonPlanDocument = toJsonDocument(plan);
  if (options.targets !== undefined) doc.targets = [...options.targets];
  if (options.liveDigest !== undefined) doc.live_digest = options.liveDigest;
  if (options.policy !== undefined) doc.policy = options.policy;
  return inertJson(JSON.stringify(doc, null, options.indent ?? 2)) + '\n';
}

/** The plan as a plain object in the documented shape. */
export function toJsonDocument(plan: Plan): JsonPlanDocument {
  const changes = plan.scopes.flatMap((s) => s.changes.map(jsonChange));
  const { create, update, replace, delete: del, unchanged } = plan.summary;
  return {
    format_version: JSON_FORMAT_VERSION,
    workspace: plan.workspace,
    summary: { create, update, replace, delete: del, unchanged },
    changes,
    warnings: [...plan.warnings],
    violations: plan.violations.map((v) => ({ ...v })),
    manifest_id: plan.manifestId,
    plan_digest: digestOf(plan.workspace, changes),
    ...(plan.unchecked ? uncheckedFields(plan.unchecked) : {}),
  };
}

function uncheckedFields(unchecked: NonNullable<Plan['unchecked']>): Partial<JsonPlanDocument> {
  return {
    unchecked_scopes: unchecked.scopes,
    unchecked_reason: unchecked.reason,
    ...(unchecked.shard ? { shard: { ...unchecked.shard } } : {}),
    ...(unchecked.changedSince === undefined ? {} : { changed_since: unchecked.changedSince }),
  };
}

/** The digest a saved plan records; equal digests mean the same changes against the same state. */
export function planDigest(plan: Plan): string {
  return toJsonDocument(plan).plan_digest;
}

/**
 * The digest of a workspace and its changes (as in a JSON document). Where a change is declared
 * (`location`) is left out: moving a line of the manifest changes no plan.
 */
export function digestOf(workspace: string, changes: readonly JsonChange[]): string {
  const what = changes.map((c) => (c.location === undefined ? c : { ...c, location: undefined }));
  const hash = createHash('sha256').update(
    canonicalJson({ format_version: JSON_FORMAT_VERSION, workspace, changes: what }),
  );
  return `sha256:${hash.digest('hex')}`;
}

export function jsonScope(scope: ScopeRef): JsonScope {
  switch (scope.type) {
    case 'workspace':
      return { type: 'workspace', workspace: scope.workspace };
    case 'repository':
      return { type: 'repository', workspace: scope.workspace, repository: scope.repository };
    case 'deployment':
      return {
        type: 'deployment',
        workspace: scope.workspace,
        repository: scope.repository,
        environment: scope.environment,
      };
  }
}

function jsonChange(change: Change): JsonChange {
  const base: JsonChange = {
    action: change.action,
    scope: jsonScope(change.scope),
    key: change.key,
    secured: change.secured,
    sensitive: change.sensitive,
    reason: change.reason,
    ...(change.location ? { location: { path: change.location.path, line: change.location.line } } : {}),
    ...(change.origin ? { origin: { project: change.origin.project } } : {}),
  };
  if (change.action === 'create-environment') return { ...base, environment_type: change.environmentType };
  return {
    ...base,
    ...(change.before ? { before: jsonSide(change.before, change.sensitive) } : {}),
    ...(change.after ? { after: jsonSide(change.after, change.sensitive) } : {}),
  };
}

/** Defence in depth: even if a side carried a value it must not show, it is dropped here. */
function jsonSide(side: VariableSide, sensitive: boolean): JsonSide {
  const out: JsonSide = { secured: side.secured };
  if (side.value !== undefined && !side.secured && !sensitive) out.value = side.value;
  if (side.fingerprint !== undefined) out.fingerprint = side.fingerprint;
  return out;
}

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
