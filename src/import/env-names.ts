/**
 * Names of the CI environment variables that secured placeholders read (`{ env: NAME }`). A
 * secured key found in one scope keeps its own name, which is also what Bitbucket Pipelines
 * exposes it as. A key secured in several scopes needs one name per scope, or the values would
 * be mixed up: it gets a scope prefix (`PRODUCTION_DB_PASSWORD`). Pure.
 */
import type { ScopeRef } from '../core/types.ts';
import { scopeId } from '../core/types.ts';

/** One secured variable that needs a placeholder. */
export interface SecuredSlot {
  scope: ScopeRef;
  key: string;
}

/** The env name chosen for a slot, and whether it differs from the key. */
export interface EnvName {
  name: string;
  renamed: boolean;
}

/** `scopeId/key`: identifies a slot in the map `assignEnvNames` returns. */
export function slotId(scope: ScopeRef, key: string): string {
  return `${scopeId(scope)}\u0000${key}`;
}

/** Upper-case env-name fragment: letters, digits and `_`, never starting with a digit. */
export function envFragment(text: string): string {
  const cleaned = text
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'X';
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** Prefixes to try for a colliding key, most readable first. */
function candidates(slot: SecuredSlot): string[] {
  const key = slot.key;
  switch (slot.scope.type) {
    case 'workspace':
      return [`WORKSPACE_${key}`];
    case 'repository':
      return [`${envFragment(slot.scope.repository)}_${key}`];
    case 'deployment':
      return [
        `${envFragment(slot.scope.environment)}_${key}`,
        `${envFragment(slot.scope.repository)}_${envFragment(slot.scope.environment)}_${key}`,
      ];
  }
}

/**
 * Assigns every slot a distinct env name. Keys secured in one scope only keep their name; the
 * others take the first free candidate (then a numeric suffix), in slot order, so the result is
 * deterministic for a given input order.
 */
export function assignEnvNames(slots: readonly SecuredSlot[]): Map<string, EnvName> {
  const count = new Map<string, number>();
  for (const slot of slots) count.set(slot.key, (count.get(slot.key) ?? 0) + 1);

  const out = new Map<string, EnvName>();
  const taken = new Set<string>();
  // Unique keys first: they own their plain name, and a prefixed name must not steal it.
  for (const slot of slots) {
    if (count.get(slot.key) === 1) {
      out.set(slotId(slot.scope, slot.key), { name: slot.key, renamed: false });
      taken.add(slot.key);
    }
  }
  for (const slot of slots) {
    if (count.get(slot.key) === 1) continue;
    const options = candidates(slot);
    let name = options.find((c) => !taken.has(c) && !plainKeyElsewhere(c, count));
    for (let n = 2; name === undefined; n++) {
      const numbered = `${options[options.length - 1]!}_${n}`;
      if (!taken.has(numbered) && !plainKeyElsewhere(numbered, count)) name = numbered;
    }
    taken.add(name);
    out.set(slotId(slot.scope, slot.key), { name, renamed: true });
  }
  return out;
}

/** A candidate equal to some other secured key would be ambiguous to a reader even if unused. */
function plainKeyElsewhere(name: string, count: Map<string, number>): boolean {
  return count.has(name);
}
