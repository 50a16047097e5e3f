/**
 * Builders for desired and live states in tests, with overrides. Used by the plan and render
 * tests; not part of the CLI.
 */
import type { DesiredScope, DesiredVariable, LiveScope, LiveVariable, ScopeRef } from '../../src/core/types.ts';
import { BOOKKEEPING_VERSION, DEFAULT_MANIFEST_ID, encodeBookkeeping, recordKey } from '../../src/plan/bookkeeping.ts';
import { planReconcile, type PlanOptions } from '../../src/plan/diff.ts';
import { deriveFingerprintKey, fingerprintKeyId, fingerprintValue } from '../../src/plan/fingerprint.ts';
import type { Plan } from '../../src/plan/types.ts';

export const WS = 'acme';
export const KEY = deriveFingerprintKey('test-fingerprint-key-material');
export const OTHER_KEY = deriveFingerprintKey('rotated-fingerprint-key-material');

export const ws: ScopeRef = { type: 'workspace', workspace: WS };
export const repo = (repository = 'api'): ScopeRef => ({ type: 'repository', workspace: WS, repository });
export const dep = (repository = 'api', environment = 'production'): Extract<ScopeRef, { type: 'deployment' }> => ({
  type: 'deployment',
  workspace: WS,
  repository,
  environment,
});

export const plain = (key: string, value: string): DesiredVariable => ({
  key,
  value,
  secured: false,
  sensitive: false,
});
export const secured = (key: string, value: string, sensitive = false): DesiredVariable => ({
  key,
  value,
  secured: true,
  sensitive,
});

export function desired(
  scope: ScopeRef,
  variables: DesiredVariable[],
  overrides: Partial<DesiredScope> = {},
): DesiredScope {
  return { scope, prune: 'managed', variables, ...overrides };
}

let uuidCounter = 0;
export const livePlain = (key: string, value: string): LiveVariable => ({
  uuid: `{u-${key}-${++uuidCounter}}`,
  key,
  value,
  secured: false,
});
export const liveSecured = (key: string): LiveVariable => ({ uuid: `{u-${key}-${++uuidCounter}}`, key, secured: true });

export function live(scope: ScopeRef, variables: LiveVariable[], overrides: Partial<LiveScope> = {}): LiveScope {
  return {
    scope,
    exists: true,
    variables,
    ...(scope.type === 'deployment' ? { environmentUuid: '{env-1}' } : {}),
    ...overrides,
  };
}

/** The fingerprint the planner computes for `value` at `scope`/`key`. */
export const fp = (scope: ScopeRef, key: string, value: string, fingerprintKey = KEY): string =>
  fingerprintValue(fingerprintKey, scope, key, value);

export interface RecordOptions {
  /** Where the record lives (it is bound to it); default repository `api`. */
  scope?: ScopeRef;
  fingerprintKey?: Buffer;
  manifestId?: string;
  environments?: string[];
}

/** A live, authentic BB_VARS_STATE (or `_<ID>`) recording `managed`, sealed for its scope. */
export function stateVar(managed: Record<string, string>, options: RecordOptions = {}): LiveVariable {
  const fingerprintKey = options.fingerprintKey ?? KEY;
  const manifestId = options.manifestId ?? DEFAULT_MANIFEST_ID;
  const record = {
    version: BOOKKEEPING_VERSION,
    keyId: fingerprintKeyId(fingerprintKey),
    managed,
    ...(options.environments ? { environments: options.environments } : {}),
  };
  const value = encodeBookkeeping(record, fingerprintKey, { scope: options.scope ?? repo(), manifestId });
  return { uuid: `{u-state-${++uuidCounter}}`, key: recordKey(manifestId), value, secured: false };
}

/** Plans one desired scope against one live scope (or none). */
export function planOne(d: DesiredScope, l: LiveScope | undefined, options: Partial<PlanOptions> = {}): Plan {
  return planReconcile(
    { workspace: WS, scopes: [d] },
    { workspace: WS, scopes: l ? [l] : [] },
    { fingerprintKey: KEY, forceSecured: false, ...options },
  );
}
