/**
 * The plan: what reconcile will do. A Plan holds NO secret value — secured and sensitive values
 * appear only as keyed fingerprints — so any part of it may be rendered or saved. Apply takes the
 * values to write from the DesiredState, and checks them against the plan's fingerprints.
 */
import type { EnvironmentType, ScopeRef } from '../core/types.ts';

export type VariableAction = 'create' | 'update' | 'replace' | 'delete';
export type ChangeAction = VariableAction | 'create-environment';

/** Why a change is planned; shown in text/markdown output and in JSON as `reason`. */
export type ChangeReason =
  | 'new' // key not in Bitbucket
  | 'value-changed' // non-secured value differs
  | 'secured-value-changed' // fingerprint differs
  | 'no-fingerprint' // secured variable the record holds no fingerprint for: rewritten once
  | 'no-record' // secured variable in a scope without a record: rewritten once
  | 'record-untrusted' // the scope's record failed authentication (or is secured, unreadable, old): rewritten once
  | 'key-changed' // the record was written with another BB_VARS_FINGERPRINT_KEY: rewritten once
  | 'forced' // --force-secured
  | 'secured-flag-changed' // replace: the API cannot flip `secured`
  | 'adopted' // existed unmanaged, now managed (and differed)
  | 'not-declared' // delete: managed (or prune: all) and no longer in the manifest
  | 'missing-environment'; // create-environment

/** A side of a variable change. `value` is present only when it may be shown (not secured/sensitive). */
export interface VariableSide {
  secured: boolean;
  /** Plain value; absent for secured or sensitive values. */
  value?: string;
  /** Keyed fingerprint (HMAC) of a secured value; never the value itself. */
  fingerprint?: string;
}

export interface VariableChange {
  action: VariableAction;
  scope: ScopeRef;
  key: string;
  /** The desired flag (for delete: the live flag). */
  secured: boolean;
  /** The desired value derives from a sensitive Terraform output. */
  sensitive: boolean;
  reason: ChangeReason;
  /** Live side (update/replace/delete). */
  before?: VariableSide;
  /** Desired side (create/update/replace). */
  after?: VariableSide;
  /** UUID of the live variable (update/replace/delete). */
  liveUuid?: string;
  /** Where the manifest declares the key (or, for a delete, its scope); absent when not known. */
  location?: ChangeLocation;
  /** The project whose declaration this change comes from (project fan-out). */
  origin?: { project: string };
}

/** A manifest line: `path` relative to the git repository root (or the manifest's directory outside git). */
export interface ChangeLocation {
  path: string;
  /** 1-based. */
  line: number;
}

export interface EnvironmentChange {
  action: 'create-environment';
  scope: Extract<ScopeRef, { type: 'deployment' }>;
  /** The environment name. */
  key: string;
  environmentType: EnvironmentType;
  secured: false;
  sensitive: false;
  reason: 'missing-environment';
  /** The deployment's declaration. */
  location?: ChangeLocation;
  origin?: { project: string };
}

export type Change = VariableChange | EnvironmentChange;

/** The bookkeeping record kept in one non-secured `BB_VARS_*` variable per scope. */
export interface Bookkeeping {
  /** Format version of the record. */
  version: number;
  /** Identifies the fingerprint key (a keyed hash of a constant), so a changed key is detected. */
  keyId: string;
  /** Managed keys; the value is the fingerprint of the secured value written, or "" when not secured. */
  managed: Record<string, string>;
  /**
   * Repository records only: the deployment environments whose variables bb-vars manages, so a
   * deployment removed from the manifest is still read and its managed variables pruned.
   */
  environments?: string[];
}

export interface ScopePlan {
  scope: ScopeRef;
  /** The variable holding this manifest id's record in this scope (`BB_VARS_STATE` or `BB_VARS_STATE_<ID>`). */
  recordKey: string;
  /** The live record is secured (unreadable): apply deletes it and writes a plain one. */
  bookkeepingSecured?: boolean;
  /** Deployment scopes: the live environment (absent when it must be created). */
  environmentUuid?: string;
  changes: Change[];
  /** Bookkeeping as read (null when absent, corrupt, unreadable or not authentic). */
  bookkeepingBefore: Bookkeeping | null;
  /** UUID of the live bookkeeping variable, if any. */
  bookkeepingUuid?: string;
  /** Bookkeeping to write if every change succeeds. */
  bookkeepingAfter: Bookkeeping;
  /** True when the bookkeeping variable must be (re)written even if no change is planned. */
  bookkeepingDirty: boolean;
  /** Declared variables already as desired. */
  unchanged: number;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  unchanged: number;
}

/**
 * A change the manifest's `policy:` forbids: a delete, replace or un-securing in a protected
 * scope, or more deletes than `max_deletes`. `--apply` refuses a plan with any.
 */
export interface Violation {
  rule: 'protected' | 'max_deletes';
  /** As for `--target` (`workspace`, `<repo>`, `<repo>/<env>`); `*` for the whole plan (max_deletes). */
  scope: string;
  key?: string;
  /** One sentence; names come from the manifest or Bitbucket: renderers escape it. */
  message: string;
}

export interface Plan {
  workspace: string;
  /** The manifest's `id`: records are kept per id. */
  manifestId: string;
  scopes: ScopePlan[];
  summary: PlanSummary;
  /** Non-fatal findings (corrupt bookkeeping, changed fingerprint key, …). Never secrets. */
  warnings: string[];
  /** Set when the run checked only some of the declared scopes (`--target`, `--shard`, `--changed-since`). */
  unchecked?: UncheckedScopes;
  /** What the manifest's `policy:` forbids in this plan (empty: nothing). */
  violations: Violation[];
}

/** What a limited plan left out: it never says the whole workspace matches. */
export interface UncheckedScopes {
  /** Declared scopes not read (the workspace scope included when declared). */
  scopes: number;
  /** One sentence for people: `shard 1/3: 34 of 100 repositories; 201 scopes not checked for drift`. */
  reason: string;
  /** `--shard`, when given. */
  shard?: { index: number; count: number };
  /** `--changed-since`, when given: the git ref as the user wrote it. */
  changedSince?: string;
}

/**
 * What the review renderers (markdown, PR comment, Code Insights report) need of a plan: a Plan
 * is one, and so is the merge of saved JSON plans (`bb-vars publish`).
 */
export interface PlanView {
  workspace: string;
  scopes: ReadonlyArray<{ scope: ScopeRef; changes: readonly Change[] }>;
  summary: PlanSummary;
  warnings: readonly string[];
  violations: readonly Violation[];
  unchecked?: UncheckedScopes;
}

/** True when the plan changes any variable or environment (bookkeeping alone is not a change). */
export function hasChanges(plan: Plan): boolean {
  return plan.scopes.some((s) => s.changes.length > 0);
}
