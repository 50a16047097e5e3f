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
import { InternalError } from '../errors.ts';
import { compare } from '../core/data.ts';
import { isReservedKey } from '../core/names.ts';
import { BB_VARS_STATE, BOOKKEEPING_VERSION, decodeBookkeeping, emptyManaged, managedEntry } from './bookkeeping.ts';
import { fingerprintKeyId, fingerprintValue } from './fingerprint.ts';
import type { Bookkeeping, Change, EnvironmentChange, Plan, PlanSummary, ScopePlan, VariableChange, VariableSide } from './types.ts';

export interface PlanOptions {
  /** From `deriveFingerprintKey`. */
  fingerprintKey: Buffer;
  /** `--force-secured`: rewrite every secured value even when its fingerprint matches. */
  forceSecured?: boolean;
}

/** Plans every desired scope against the live scope with the same scope id. */
export function planReconcile(desired: DesiredState, live: LiveState, options: PlanOptions): Plan {
  const keyId = fingerprintKeyId(options.fingerprintKey);
  const liveById = new Map<string, LiveScope>();
  for (const scope of live.scopes) liveById.set(scopeId(scope.scope), scope);
  const warnings: string[] = [];
  const scopes = desired.scopes.map((d) => planScope(d, liveById.get(scopeId(d.scope)), { ...options, keyId, warnings }));
  recordEnvironments(desired, scopes);
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, unchanged: 0 };
  for (const scope of scopes) {
    summary.unchanged += scope.unchanged;
    for (const change of scope.changes) if (change.action !== 'create-environment') summary[change.action]++;
  }
  return { workspace: desired.workspace, scopes, summary, warnings };
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
  for (const plan of plans) {
    if (plan.scope.type !== 'repository') continue;
    const names = [...(byRepository.get(plan.scope.repository) ?? [])].sort(compare);
    if (names.length > 0) plan.bookkeepingAfter.environments = names;
    else delete plan.bookkeepingAfter.environments;
    plan.bookkeepingDirty = isDirty(plan.bookkeepingBefore, plan.bookkeepingUuid !== undefined, plan.bookkeepingAfter);
  }
}

interface ScopeContext extends PlanOptions {
  keyId: string;
  warnings: string[];
}

function planScope(desired: DesiredScope, live: LiveScope | undefined, ctx: ScopeContext): ScopePlan {
  const scope = desired.scope;
  const label = scopeLabel(scope);
  const exists = live !== undefined && (scope.type !== 'deployment' || live.exists);
  const liveVars = exists ? live.variables : [];

  const stateVar = liveVars.find((v) => v.key === BB_VARS_STATE);
  const bookkeepingBefore = readBookkeeping(stateVar, label, ctx.warnings);
  const fingerprintsUsable = bookkeepingBefore !== null && bookkeepingBefore.keyId === ctx.keyId;
  if (bookkeepingBefore !== null && !fingerprintsUsable && Object.values(bookkeepingBefore.managed).some((fp) => fp !== '')) {
    ctx.warnings.push(
      `${label}: the fingerprint key changed since ${BB_VARS_STATE} was written (credential or BB_VARS_FINGERPRINT_KEY rotated), ` +
        'so secured values cannot be compared; each is rewritten once.',
    );
  }
  const managedBefore = bookkeepingBefore?.managed ?? emptyManaged();
  const recordedFingerprint = (key: string): string | undefined => {
    const fp = fingerprintsUsable ? managedEntry(managedBefore, key) : undefined;
    return fp === '' ? undefined : fp;
  };

  const liveByKey = new Map<string, LiveVariable>();
  for (const v of liveVars) if (!liveByKey.has(v.key)) liveByKey.set(v.key, v);

  const changes: VariableChange[] = [];
  const afterManaged = emptyManaged();
  let unchanged = 0;
  const declared = new Set<string>();
  for (const want of desired.variables) {
    if (isReservedKey(want.key)) throw new InternalError(`${label}: reserved key ${want.key} reached the planner; the manifest rules should reject it.`);
    if (declared.has(want.key)) throw new InternalError(`${label}: key ${want.key} declared twice reached the planner.`);
    declared.add(want.key);
    const fingerprint = want.secured ? fingerprintValue(ctx.fingerprintKey, scope, want.key, want.value) : '';
    afterManaged[want.key] = fingerprint;
    const have = liveByKey.get(want.key);
    const change = diffVariable(want, have, {
      fingerprint,
      recorded: recordedFingerprint(want.key),
      managed: managedEntry(managedBefore, want.key) !== undefined,
      forceSecured: ctx.forceSecured === true,
    });
    if (change) changes.push({ ...change, scope, key: want.key, secured: want.secured, sensitive: want.sensitive, ...(have ? { liveUuid: have.uuid } : {}) });
    else unchanged++;
  }

  for (const have of liveVars) {
    if (declared.has(have.key) || isReservedKey(have.key)) continue;
    const owned = managedEntry(managedBefore, have.key) !== undefined;
    if (desired.prune === 'none' || (desired.prune === 'managed' && !owned)) continue;
    const before: VariableSide = have.secured
      ? withFingerprint({ secured: true }, recordedFingerprint(have.key))
      : { secured: false, value: have.value ?? '' };
    changes.push({ action: 'delete', scope, key: have.key, secured: have.secured, sensitive: false, reason: 'not-declared', before, liveUuid: have.uuid });
  }
  changes.sort((a, b) => compare(a.key, b.key));

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
    };
    all.unshift(env);
  } else if (live?.environmentUuid !== undefined) environmentUuid = live.environmentUuid;

  const bookkeepingAfter: Bookkeeping = { version: BOOKKEEPING_VERSION, keyId: ctx.keyId, managed: afterManaged };
  return {
    scope,
    ...(environmentUuid !== undefined ? { environmentUuid } : {}),
    changes: all,
    bookkeepingBefore,
    ...(stateVar ? { bookkeepingUuid: stateVar.uuid } : {}),
    bookkeepingAfter,
    bookkeepingDirty: isDirty(bookkeepingBefore, stateVar !== undefined, bookkeepingAfter),
    unchanged,
  };
}

interface Comparison {
  fingerprint: string;
  recorded: string | undefined;
  managed: boolean;
  forceSecured: boolean;
}

type Diff = Pick<VariableChange, 'action' | 'reason' | 'before' | 'after'>;

/** One declared variable against its live counterpart; undefined when already as desired. */
function diffVariable(want: DesiredVariable, have: LiveVariable | undefined, cmp: Comparison): Diff | undefined {
  // A plain value is shown only when nothing about the variable is secret: a live plain value
  // that is about to become secured may well be the secret itself.
  const showable = !want.secured && !want.sensitive;
  const after: VariableSide = want.secured || want.sensitive ? withFingerprint({ secured: want.secured }, cmp.fingerprint) : { secured: false, value: want.value };
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
    if (cmp.recorded === undefined) return { action: 'update', reason: 'no-fingerprint', before, after };
    if (cmp.recorded !== cmp.fingerprint) return { action: 'update', reason: 'secured-value-changed', before, after };
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
  if (!type) throw new InternalError(`deployment ${name} has no environment type; the manifest rules should require one.`);
  return type;
}

function withFingerprint(side: VariableSide, fingerprint: string | undefined): VariableSide {
  return fingerprint ? { ...side, fingerprint } : side;
}

function readBookkeeping(stateVar: LiveVariable | undefined, label: string, warnings: string[]): Bookkeeping | null {
  if (!stateVar) return null;
  if (stateVar.secured) {
    warnings.push(
      `${label}: ${BB_VARS_STATE} is secured, so bb-vars cannot read which variables it manages; nothing is pruned. ` +
        `Delete ${BB_VARS_STATE} in Bitbucket so it can be recreated as a plain variable.`,
    );
    return null;
  }
  const decoded = decodeBookkeeping(stateVar.value ?? '');
  if (decoded.warning !== undefined) {
    warnings.push(`${label}: ${decoded.warning}`);
    return null;
  }
  return decoded.ok;
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
  return a.length !== b.length || b.some((key) => managedEntry(before.managed, key) !== managedEntry(after.managed, key));
}
