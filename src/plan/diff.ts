/**
 * The pure planning core: desired state + live state → Plan. No I/O: the fingerprint key is passed
 * in. The Plan carries no secret: secured and sensitive values appear only as fingerprints.
 */
import {
  inferEnvironmentType,
  scopeId,
  scopeLabel,
  type DesiredScope,
  type DesiredState,
  type DesiredVariable,
  type EnvironmentType,
  type LiveScope,
  type LiveState,
  type LiveVariable,
} from '../core/types.ts';
import { InternalError, UserError } from '../errors.ts';
import { compare, isRecord } from '../core/data.ts';
import { isReservedKey } from '../core/names.ts';
import {
  BOOKKEEPING_VERSION,
  DEFAULT_MANIFEST_ID,
  decodeBookkeeping,
  emptyManaged,
  manifestIdOfRecordKey,
  managedEntry,
  recordKey,
} from './bookkeeping.ts';
import { fingerprintKeyId, fingerprintValue, type FingerprintKeys } from './fingerprint.ts';
import { sameScopeId } from './orphans.ts';
import type {
  Bookkeeping,
  Change,
  ChangeReason,
  EnvironmentChange,
  Plan,
  PlanSummary,
  ScopePlan,
  VariableChange,
  VariableSide,
} from './types.ts';

export interface PlanOptions {
  /** From `deriveFingerprintKey`. */
  fingerprintKey: Buffer;
  /** While rotating (`BB_VARS_FINGERPRINT_KEY_PREVIOUS`): records and fingerprints under it are still trusted. */
  previousFingerprintKey?: Buffer;
  /** The manifest's `id` (default `default`): ownership is kept per id. */
  manifestId?: string;
  /** `--force-secured`: rewrite every secured value even when its fingerprint matches. */
  forceSecured?: boolean;
}

/** The keys a plan checks records with. */
export function planKeys(options: PlanOptions): FingerprintKeys {
  return {
    current: options.fingerprintKey,
    ...(options.previousFingerprintKey ? { previous: options.previousFingerprintKey } : {}),
  };
}

/** Plans every desired scope against the live scope with the same scope id. */
export function planReconcile(desired: DesiredState, live: LiveState, options: PlanOptions): Plan {
  const keyId = fingerprintKeyId(options.fingerprintKey);
  const manifestId = options.manifestId ?? DEFAULT_MANIFEST_ID;
  const liveById = new Map<string, LiveScope>();
  for (const scope of live.scopes) liveById.set(scopeId(scope.scope), scope);
  const warnings: string[] = [];
  const scopes = desired.scopes.map((d) =>
    planScope(d, liveById.get(scopeId(d.scope)), { ...options, keyId, manifestId, warnings }),
  );
  recordEnvironments(desired, scopes);
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const scope of scopes) {
    summary.unchanged += scope.unchanged;
    for (const change of scope.changes) if (change.action !== 'create-environment') summary[change.action]++;
  }
  return { workspace: desired.workspace, manifestId, scopes, summary, warnings, violations: [] };
}

/**
 * Repository records list the deployments bb-vars manages — the declared ones, and removed ones
 * that still hold variables it manages — so a deployment taken out of the manifest is read and
 * pruned on later runs until nothing of bb-vars' is left there.
 */
function recordEnvironments(desired: DesiredState, plans: ScopePlan[]): void {
  const byRepository = new Map<string, Set<string>>();
  desired.scopes.forEach((d, i) => {
    if (d.scope.type !== 'deployment') return;
    const plan = plans[i]!;
    const holdsManaged = plan.changes.length > 0 || Object.keys(plan.bookkeepingBefore?.managed ?? {}).length > 0;
    if (d.orphan && !holdsManaged) return;
    const names = byRepository.get(d.scope.repository) ?? new Set<string>();
    names.add(d.scope.environment);
    byRepository.set(d.scope.repository, names);
  });
  const planned = new Set(desired.scopes.map((d) => sameScopeId(d.scope)));
  for (const plan of plans) {
    if (plan.scope.type !== 'repository') continue;
    const kept = byRepository.get(plan.scope.repository) ?? new Set<string>();
    // Deployments this run did not read (`--changed-since` may read a repository alone) stay listed.
    for (const environment of plan.bookkeepingBefore?.environments ?? [])
      if (!planned.has(sameScopeId({ ...plan.scope, type: 'deployment', environment }))) kept.add(environment);
    const names = [...kept].sort(compare);
    if (names.length > 0) plan.bookkeepingAfter.environments = names;
    else delete plan.bookkeepingAfter.environments;
    plan.bookkeepingDirty = isDirty(plan.bookkeepingBefore, plan.bookkeepingUuid !== undefined, plan.bookkeepingAfter);
  }
}

interface ScopeContext extends PlanOptions {
  keyId: string;
  manifestId: string;
  warnings: string[];
}

function planScope(desired: DesiredScope, live: LiveScope | undefined, ctx: ScopeContext): ScopePlan {
  const scope = desired.scope;
  const label = scopeLabel(scope);
  const exists = live !== undefined && (scope.type !== 'deployment' || live.exists);
  const liveVars = exists ? live.variables : [];

  const name = recordKey(ctx.manifestId);
  const stateVar = liveVars.find((v) => v.key === name);
  const read = readBookkeeping(stateVar, label, ctx, scope);
  const bookkeepingBefore = read.record;
  const previousKeyId = ctx.previousFingerprintKey ? fingerprintKeyId(ctx.previousFingerprintKey) : undefined;
  // The key the record's fingerprints were made with: the current one, or the previous one while rotating.
  const recordedUnder =
    bookkeepingBefore?.keyId === ctx.keyId
      ? ctx.fingerprintKey
      : bookkeepingBefore?.keyId === previousKeyId
        ? ctx.previousFingerprintKey
        : undefined;
  const managedBefore = bookkeepingBefore?.managed ?? emptyManaged();
  const recordedFingerprint = (key: string): string | undefined => {
    const fp = recordedUnder ? managedEntry(managedBefore, key) : undefined;
    return fp === '' ? undefined : fp;
  };
  /** Why a secured value without a usable fingerprint is rewritten once, in terms of what differs. */
  const missing: ChangeReason = read.why ?? 'no-fingerprint';
  const others = otherManifests(liveVars, ctx.manifestId);

  const liveByKey = new Map<string, LiveVariable>();
  for (const v of liveVars) if (!liveByKey.has(v.key)) liveByKey.set(v.key, v);

  const changes: VariableChange[] = [];
  const afterManaged = emptyManaged();
  let unchanged = 0;
  const declared = new Set<string>();
  for (const declaredVariable of desired.variables) {
    // A live secured variable stays secured unless the manifest says `secured: false` explicitly.
    const keepSecured =
      !declaredVariable.secured &&
      declaredVariable.declaredPlain !== true &&
      liveByKey.get(declaredVariable.key)?.secured === true;
    const want: DesiredVariable = keepSecured ? { ...declaredVariable, secured: true } : declaredVariable;
    if (isReservedKey(want.key))
      throw new InternalError(
        `${label}: reserved key ${want.key} reached the planner; the manifest rules should reject it.`,
      );
    if (declared.has(want.key))
      throw new InternalError(`${label}: key ${want.key} declared twice reached the planner.`);
    declared.add(want.key);
    const other = others.get(want.key);
    if (other !== undefined) {
      throw new UserError(
        `${label}: ${want.key} is managed by manifest id '${other}', and this manifest (id '${ctx.manifestId}') declares it too. ` +
          'A key belongs to one manifest: remove it from one of them.',
      );
    }
    const fingerprint = want.secured ? fingerprintValue(ctx.fingerprintKey, scope, want.key, want.value) : '';
    afterManaged[want.key] = fingerprint;
    const have = liveByKey.get(want.key);
    const recorded = recordedFingerprint(want.key);
    const change = diffVariable(want, have, {
      fingerprint,
      // Under the previous key, the recorded fingerprint is compared with the value's fingerprint under that key.
      matches:
        recorded !== undefined &&
        recorded ===
          (recordedUnder === ctx.fingerprintKey
            ? fingerprint
            : fingerprintValue(recordedUnder!, scope, want.key, want.value)),
      recorded,
      missing,
      managed: managedEntry(managedBefore, want.key) !== undefined,
      forceSecured: ctx.forceSecured === true,
    });
    if (change)
      changes.push({
        ...change,
        scope,
        key: want.key,
        secured: want.secured,
        sensitive: want.sensitive,
        ...(have ? { liveUuid: have.uuid } : {}),
        ...(want.origin ? { origin: want.origin } : {}),
      });
    else unchanged++;
  }

  for (const have of liveVars) {
    if (declared.has(have.key) || isReservedKey(have.key) || others.has(have.key)) continue;
    const owned = managedEntry(managedBefore, have.key) !== undefined;
    if (desired.prune === 'none' || (desired.prune === 'managed' && !owned)) continue;
    const before: VariableSide = have.secured
      ? withFingerprint({ secured: true }, recordedFingerprint(have.key))
      : { secured: false, value: have.value ?? '' };
    changes.push({
      action: 'delete',
      scope,
      key: have.key,
      secured: have.secured,
      sensitive: false,
      reason: 'not-declared',
      before,
      liveUuid: have.uuid,
      ...(desired.origin ? { origin: desired.origin } : {}),
    });
  }
  changes.sort((a, b) => compare(a.key, b.key));
  // Nothing is planned in a record-only scope: its record keeps what it manages.
  if (desired.recordOnly)
    for (const key of Object.keys(managedBefore))
      afterManaged[key] = recordedUnder === ctx.fingerprintKey ? managedBefore[key]! : '';

  const all: Change[] = [...changes];
  let environmentUuid: string | undefined;
  if (scope.type === 'deployment' && !exists && !desired.orphan) {
    const env: EnvironmentChange = {
      action: 'create-environment',
      scope,
      key: scope.environment,
      environmentType: environmentTypeFor(desired, scope.environment),
      secured: false,
      sensitive: false,
      reason: 'missing-environment',
      ...(desired.origin ? { origin: desired.origin } : {}),
    };
    all.unshift(env);
  } else if (live?.environmentUuid !== undefined) environmentUuid = live.environmentUuid;

  const bookkeepingAfter: Bookkeeping = { version: BOOKKEEPING_VERSION, keyId: ctx.keyId, managed: afterManaged };
  return {
    scope,
    recordKey: name,
    ...(stateVar?.secured ? { bookkeepingSecured: true } : {}),
    ...(environmentUuid !== undefined ? { environmentUuid } : {}),
    changes: all,
    bookkeepingBefore,
    ...(stateVar ? { bookkeepingUuid: stateVar.uuid } : {}),
    bookkeepingAfter,
    bookkeepingDirty:
      stateVar?.secured === true || isDirty(bookkeepingBefore, stateVar !== undefined, bookkeepingAfter),
    unchanged,
  };
}

interface Comparison {
  fingerprint: string;
  /** The recorded fingerprint (made with the current or the previous key) matches the desired value. */
  matches: boolean;
  recorded: string | undefined;
  /** The reason when no usable fingerprint is recorded. */
  missing: ChangeReason;
  managed: boolean;
  forceSecured: boolean;
}

type Diff = Pick<VariableChange, 'action' | 'reason' | 'before' | 'after'>;

/** One declared variable against its live counterpart; undefined when already as desired. */
function diffVariable(want: DesiredVariable, have: LiveVariable | undefined, cmp: Comparison): Diff | undefined {
  // A plain value is shown only when nothing about the variable is secret: a live plain value
  // that is about to become secured may well be the secret itself.
  const showable = !want.secured && !want.sensitive;
  const after: VariableSide =
    want.secured || want.sensitive
      ? withFingerprint({ secured: want.secured }, cmp.fingerprint)
      : { secured: false, value: want.value };
  if (!have) return { action: 'create', reason: 'new', after };
  if (have.secured !== want.secured) {
    const before: VariableSide = have.secured
      ? withFingerprint({ secured: true }, cmp.recorded)
      : showable
        ? { secured: false, value: have.value ?? '' }
        : { secured: false };
    return { action: 'replace', reason: 'secured-flag-changed', before, after };
  }
  if (want.secured) {
    const before = withFingerprint({ secured: true }, cmp.recorded);
    if (cmp.recorded === undefined) return { action: 'update', reason: cmp.missing, before, after };
    if (!cmp.matches) return { action: 'update', reason: 'secured-value-changed', before, after };
    if (cmp.forceSecured) return { action: 'update', reason: 'forced', before, after };
    return undefined;
  }
  if (have.value === want.value) return undefined;
  const before: VariableSide = showable ? { secured: false, value: have.value ?? '' } : { secured: false };
  return { action: 'update', reason: cmp.managed ? 'value-changed' : 'adopted', before, after };
}

/** The manifest's rules guarantee a type for every deployment bb-vars may have to create. */
function environmentTypeFor(desired: DesiredScope, name: string): EnvironmentType {
  const type = desired.environmentType ?? inferEnvironmentType(name);
  if (!type)
    throw new InternalError(`deployment ${name} has no environment type; the manifest rules should require one.`);
  return type;
}

function withFingerprint(side: VariableSide, fingerprint: string | undefined): VariableSide {
  return fingerprint ? { ...side, fingerprint } : side;
}

interface RecordRead {
  /** The record, when there is one bb-vars can trust. */
  record: Bookkeeping | null;
  /** Why there is none: what a secured value without a usable fingerprint is rewritten for. */
  why?: ChangeReason;
}

function readBookkeeping(
  stateVar: LiveVariable | undefined,
  label: string,
  ctx: ScopeContext,
  scope: DesiredScope['scope'],
): RecordRead {
  if (!stateVar) return { record: null, why: 'no-record' };
  if (stateVar.secured) {
    ctx.warnings.push(
      `${label}: ${stateVar.key} is secured, so bb-vars cannot read which variables it manages; nothing is pruned. ` +
        'Apply replaces it with a plain record.',
    );
    return { record: null, why: 'record-untrusted' };
  }
  const decoded = decodeBookkeeping(stateVar.value ?? '', {
    keys: planKeys(ctx),
    binding: { scope, manifestId: ctx.manifestId },
    name: stateVar.key,
  });
  if (decoded.warning !== undefined) {
    ctx.warnings.push(`${label}: ${decoded.warning}`);
    return { record: null, why: decoded.why === 'key-changed' ? 'key-changed' : 'record-untrusted' };
  }
  return { record: decoded.ok };
}

/**
 * Keys other manifests (other ids) record as theirs in this scope. Read without authentication:
 * another manifest may use another key. They are never pruned here, and declaring one is an error.
 */
function otherManifests(liveVars: readonly LiveVariable[], manifestId: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const v of liveVars) {
    const id = manifestIdOfRecordKey(v.key);
    if (id === undefined || id === manifestId || v.secured || v.value === undefined) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(v.value);
    } catch {
      continue;
    }
    if (isRecord(raw) && isRecord(raw.m))
      for (const key of Object.keys(raw.m)) if (!owners.has(key)) owners.set(key, id);
  }
  return owners;
}

/** A record must be written when it differs from the live one, or is missing and has content. */
/** A record with nothing in it: not worth a variable (an existing one is deleted on apply). */
export function isEmptyRecord(record: Bookkeeping): boolean {
  return Object.keys(record.managed).length === 0 && (record.environments?.length ?? 0) === 0;
}

function isDirty(before: Bookkeeping | null, present: boolean, after: Bookkeeping): boolean {
  if (before === null) return present || !isEmptyRecord(after);
  if (isEmptyRecord(after)) return true;
  if (before.version !== after.version || before.keyId !== after.keyId) return true;
  const environments = (r: Bookkeeping) => [...(r.environments ?? [])].sort(compare).join('\u0000');
  if (environments(before) !== environments(after)) return true;
  const a = Object.keys(before.managed);
  const b = Object.keys(after.managed);
  return (
    a.length !== b.length || b.some((key) => managedEntry(before.managed, key) !== managedEntry(after.managed, key))
  );
}
