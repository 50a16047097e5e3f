/**
 * The bookkeeping record: one non-secured variable per scope, `BB_VARS_STATE`, listing the keys
 * bb-vars manages and the fingerprint of each secured value it wrote. Bitbucket counts every
 * variable name and value toward a 120K-character budget per pipeline step, so the encoding is
 * compact JSON: `{"v":1,"k":"<keyId>","m":{"KEY":"","SECRET":"<fingerprint>"}}`.
 */
import { compare, isRecord } from '../core/data.ts';
import { KEY_PATTERN } from '../core/names.ts';
import type { Bookkeeping, ChangeAction, ScopePlan } from './types.ts';

/** Key of the bookkeeping variable in every scope bb-vars manages. */
export const BB_VARS_STATE = 'BB_VARS_STATE';
/** The record format this version writes and reads. */
export const BOOKKEEPING_VERSION = 1;

const FINGERPRINT_PATTERN = /^[A-Za-z0-9_-]*$/;

/**
 * A managed-keys map with no prototype: Bitbucket keys such as `toString`, `constructor` or
 * `__proto__` are valid, and must never resolve to Object.prototype members ("managed") or
 * change an object's prototype.
 */
export function emptyManaged(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/** The recorded entry for `key`, own properties only. */
export function managedEntry(managed: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return managed !== undefined && Object.hasOwn(managed, key) ? managed[key] : undefined;
}

/** Serialises a record; keys sorted so an unchanged record encodes identically. */
export function encodeBookkeeping(record: Bookkeeping): string {
  const managed = emptyManaged();
  for (const key of Object.keys(record.managed).sort(compare)) managed[key] = managedEntry(record.managed, key) ?? '';
  const environments = [...new Set(record.environments ?? [])].sort(compare);
  return JSON.stringify({ v: record.version, k: record.keyId, m: managed, ...(environments.length > 0 ? { e: environments } : {}) });
}

/** Result of reading a record: `ok: null` when there is none; a warning when it cannot be used. */
export type DecodedBookkeeping = { ok: Bookkeeping | null; warning?: undefined } | { ok?: undefined; warning: string };

/**
 * Reads a record. Never throws: a corrupt record, or one written by a newer bb-vars, yields a
 * warning, and the caller must then treat the scope as managing nothing (an unreadable record
 * proves no ownership, so nothing is pruned; declared keys are adopted).
 */
export function decodeBookkeeping(value: string | undefined | null): DecodedBookkeeping {
  if (value === undefined || value === null) return { ok: null };
  const unreadable = (why: string): DecodedBookkeeping => ({
    warning: `${BB_VARS_STATE} is unreadable (${why}); treating no variable as managed: nothing is pruned, declared keys are adopted, and the record is rewritten on apply.`,
  });
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return unreadable('not valid JSON');
  }
  if (!isRecord(raw)) return unreadable('not a JSON object');
  const { v, k, m, e } = raw;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return unreadable('missing or invalid format version');
  if (v > BOOKKEEPING_VERSION) {
    return {
      warning:
        `${BB_VARS_STATE} was written by a newer bb-vars (record format ${v}; this version reads ${BOOKKEEPING_VERSION}). ` +
        'Upgrade bb-vars. Until then no variable is treated as managed: nothing is pruned, and apply rewrites the record in the older format.',
    };
  }
  if (typeof k !== 'string') return unreadable('missing key id');
  if (!isRecord(m)) return unreadable('missing list of managed keys');
  const managed = emptyManaged();
  for (const [key, fingerprint] of Object.entries(m)) {
    if (!KEY_PATTERN.test(key)) return unreadable(`invalid key ${JSON.stringify(key.slice(0, 40))}`);
    if (typeof fingerprint !== 'string' || !FINGERPRINT_PATTERN.test(fingerprint)) return unreadable(`invalid fingerprint for ${key}`);
    managed[key] = fingerprint;
  }
  if (e === undefined) return { ok: { version: v, keyId: k, managed } };
  if (!Array.isArray(e) || !e.every((name) => typeof name === 'string' && name.length > 0 && name.length <= 255 && !name.includes('/'))) {
    return unreadable('invalid list of managed environments');
  }
  return { ok: { version: v, keyId: k, managed, environments: [...new Set(e as string[])] } };
}

/** How one planned change ended during apply. A change missing from the outcomes counts as failed. */
export interface ChangeOutcome {
  action: ChangeAction;
  key: string;
  ok: boolean;
}

/**
 * The record apply must write after running a scope's changes, so the next run converges:
 * succeeded writes record the new fingerprint; failed writes keep the previous entry (or, for a
 * key never recorded, mark it managed without fingerprint, because a write whose response was
 * lost may still have happened); succeeded deletes drop the key; failed deletes keep it; declared
 * keys left unchanged stay (or become) managed. Undeclared, previously unmanaged keys are never
 * recorded. Returns null when the deployment environment could not be created: there is nowhere
 * to write the record.
 */
export function settleBookkeeping(scopePlan: ScopePlan, outcomes: readonly ChangeOutcome[]): Bookkeeping | null {
  const succeeded = (action: ChangeAction, key: string) => outcomes.some((o) => o.action === action && o.key === key && o.ok);
  const envChange = scopePlan.changes.find((c) => c.action === 'create-environment');
  if (envChange && !succeeded('create-environment', envChange.key)) return null;

  const after = scopePlan.bookkeepingAfter;
  const before = scopePlan.bookkeepingBefore;
  // Fingerprints made with another key are useless; keep the ownership, forget the fingerprint.
  const previous = (key: string): string | undefined => {
    const entry = managedEntry(before?.managed, key);
    if (entry === undefined) return undefined;
    return before?.keyId === after.keyId ? entry : '';
  };
  const managed = emptyManaged();
  for (const [key, fingerprint] of Object.entries(after.managed)) {
    const change = scopePlan.changes.find((c) => c.action !== 'create-environment' && c.key === key);
    if (!change || succeeded(change.action, key)) managed[key] = fingerprint;
    else managed[key] = previous(key) ?? '';
  }
  for (const change of scopePlan.changes) {
    if (change.action !== 'delete' || succeeded('delete', change.key)) continue;
    const kept = previous(change.key);
    // Under prune: all the key may never have been ours; a failed delete is then retried, not adopted.
    if (kept !== undefined) managed[change.key] = kept;
  }
  return { version: after.version, keyId: after.keyId, managed, ...(after.environments ? { environments: after.environments } : {}) };
}
