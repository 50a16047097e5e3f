/**
 * Builders for desired and live states in tests, with overrides. Used by the plan and render
 * tests; not part of the CLI.
 */
import type { DesiredScope, DesiredVariable, LiveScope, LiveVariable, ScopeRef } from '../../src/core/types.ts';
import { BB_VARS_STATE, BOOKKEEPING_VERSION, encodeBookkeeping } from '../../src/plan/bookkeeping.ts';
import { planReconcile } from '../../src/plan/diff.ts';
import { deriveFingerprintKey, fingerprintKeyId, fingerprintValue } from '../../src/plan/fingerprint.ts';
import type { Plan } from '../../src/plan/types.ts';

export const WS = 'acme';
export const KEY = deriveFingerprintKey('test-credential-secret');
export const OTHER_KEY = deriveFingerprintKey('rotated-credential-secret');

export const ws: ScopeRef = { type: 'workspace', workspace: WS };
export const repo = (repository = 'api'): ScopeRef => ({ type: 'repository', workspace: WS, repository });
export const dep = (repository = 'api', environment = 'production'): Extract<ScopeRef, { type: 'deployment' }> => ({
  type: 'deployment',
  workspace: WS,
  repository,
  environment,
});

export const plain = (key: string, value: string): DesiredVariable => ({ key, value, secured: false, sensitive: false });
export const secured = (key: string, value: string, sensitive = false): DesiredVariable => ({ key, value, secured: true, sensitive });

export function desired(scope: ScopeRef, variables: DesiredVariable[], overrides: Partial<DesiredScope> = {}): DesiredScope {
  return { scope, prune: 'managed', variables, ...overrides };
}

let uuidCounter = 0;
export const livePlain = (key: string, value: string): LiveVariable => ({ uuid: `{u-${key}-${++uuidCounter}}`, key, value, secured: false });
export const liveSecured = (key: string): LiveVariable => ({ uuid: `{u-${key}-${++uuidCounter}}`, key, secured: true });

export function live(scope: ScopeRef, variables: LiveVariable[], overrides: Partial<LiveScope> = {}): LiveScope {
  return { scope, exists: true, variables, ...(scope.type === 'deployment' ? { environmentUuid: '{env-1}' } : {}), ...overrides };
}

/** The fingerprint the planner computes for `value` at `scope`/`key`. */
export const fp = (scope: ScopeRef, key: string, value: string, fingerprintKey = KEY): string => fingerprintValue(fingerprintKey, scope, key, value);

/** A live BB_VARS_STATE recording `managed` under `fingerprintKey`. */
export function stateVar(managed: Record<string, string>, fingerprintKey = KEY): LiveVariable {
  const value = encodeBookkeeping({ version: BOOKKEEPING_VERSION, keyId: fingerprintKeyId(fingerprintKey), managed });
  return { uuid: '{u-state}', key: BB_VARS_STATE, value, secured: false };
}

/** Plans one desired scope against one live scope (or none). */
export function planOne(d: DesiredScope, l: LiveScope | undefined, options: { forceSecured?: boolean; fingerprintKey?: Buffer } = {}): Plan {
  return planReconcile(
    { workspace: WS, scopes: [d] },
    { workspace: WS, scopes: l ? [l] : [] },
    { fingerprintKey: options.fingerprintKey ?? KEY, forceSecured: options.forceSecured ?? false },
  );
}
