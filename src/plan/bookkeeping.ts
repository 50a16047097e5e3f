/**
 * The bookkeeping record: one non-secured variable per scope and manifest id (`BB_VARS_STATE`
 * for id `default`, `BB_VARS_STATE_<ID>` otherwise), listing the keys bb-vars manages and the
 * fingerprint of each secured value it wrote. Bitbucket counts every variable name and value
 * toward a 120K-character budget per pipeline step, so the encoding is compact JSON:
 * `{"v":2,"k":"<keyId>","m":{"KEY":"","SECRET":"<fingerprint>"},"e":["production"],"h":"<mac>"}`.
 * `h` authenticates the rest, bound to the scope and the manifest id: anyone who may edit one
 * scope's variables can write a record, but not one bb-vars trusts to delete or overwrite.
 */
import { compare, isRecord } from '../core/data.ts';
import { KEY_PATTERN } from '../core/names.ts';
import { UserError } from '../errors.ts';
import { fingerprintKeyId, recordMac, sameMac, type FingerprintKeys, type RecordBinding } from './fingerprint.ts';
import type { Bookkeeping, ChangeAction, ScopePlan } from './types.ts';

/** Key of the bookkeeping variable of manifest id `default` (records written before ids existed). */
export const BB_VARS_STATE = 'BB_VARS_STATE';
/** The record format this version writes and reads. */
export const BOOKKEEPING_VERSION = 2;
/** Key of the apply lock of manifest id `default`, in the home repository (src/apply/lock.ts). */
export const BB_VARS_LOCK = 'BB_VARS_LOCK';

/** An apply lock of any manifest id: never part of the live state a plan is made against. */
export function isLockKey(key: string): boolean {
  return key === BB_VARS_LOCK || /^BB_VARS_LOCK_[A-Z0-9][A-Z0-9_]{0,39}$/.test(key);
}

/** The manifest id when the manifest names none. */
export const DEFAULT_MANIFEST_ID = 'default';

const FINGERPRINT_PATTERN = /^[A-Za-z0-9_-]*$/;

/** `BB_VARS_STATE` for id `default`, else `BB_VARS_STATE_<ID>` (`-` → `_`; ids are lower-case, so this is injective). */
export function recordKey(manifestId: string, base = BB_VARS_STATE): string {
  return manifestId === DEFAULT_MANIFEST_ID ? base : `${base}_${manifestId.toUpperCase().replace(/-/g, '_')}`;
}

/** The manifest id whose record is kept under `key`, or undefined when `key` is no record key. */
export function manifestIdOfRecordKey(key: string): string | undefined {
  if (key === BB_VARS_STATE) return DEFAULT_MANIFEST_ID;
  const match = /^BB_VARS_STATE_([A-Z0-9][A-Z0-9_]{0,39})$/.exec(key);
  return match ? match[1]!.toLowerCase().replace(/_/g, '-') : undefined;
}

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

/** The canonical text of a record without its MAC; keys sorted so an unchanged record encodes identically. */
function canonical(record: Bookkeeping): string {
  const managed = emptyManaged();
  for (const key of Object.keys(record.managed).sort(compare)) managed[key] = managedEntry(record.managed, key) ?? '';
  const environments = [...new Set(record.environments ?? [])].sort(compare);
  return JSON.stringify({
    v: record.version,
    k: record.keyId,
    m: managed,
    ...(environments.length > 0 ? { e: environments } : {}),
  });
}

/** Serialises a record with its MAC under `fingerprintKey`, bound to where it will live. */
export function encodeBookkeeping(record: Bookkeeping, fingerprintKey: Buffer, binding: RecordBinding): string {
  return seal(canonical(record), fingerprintKey, binding);
}

/**
 * Appends the MAC to the canonical text of a JSON object: `{…,"h":"<mac>"}`. Records and the
 * inventory (src/reconcile/inventory.ts) are sealed alike; their fields differ, so neither reads
 * as the other.
 */
export function seal(canonicalText: string, fingerprintKey: Buffer, binding: RecordBinding): string {
  return `${canonicalText.slice(0, -1)},"h":${JSON.stringify(recordMac(fingerprintKey, binding, canonicalText))}}`;
}

/**
 * Checks a sealed text's MAC `mac` over `canonicalText`, under the key its key id `keyId` names
 * (the current key or, while rotating, the previous one): `ok`, `key-changed` (no key of ours has
 * that id: another key, or forged) or `mismatch` (edited, copied from elsewhere, or forged).
 */
export function checkSeal(
  canonicalText: string,
  keyId: string,
  mac: string,
  keys: FingerprintKeys,
  binding: RecordBinding,
): 'ok' | 'key-changed' | 'mismatch' {
  const key = [keys.current, keys.previous].find(
    (candidate) => candidate !== undefined && fingerprintKeyId(candidate) === keyId,
  );
  if (key === undefined) return 'key-changed';
  return sameMac(recordMac(key, binding, canonicalText), mac) ? 'ok' : 'mismatch';
}

/**
 * Result of reading a record: `ok: null` when there is none; `ok` a record whose MAC checked out
 * (under the current key or, while rotating, the previous one); a warning when it cannot be
 * trusted (unreadable, forged, copied from another scope, another key, or an old unauthenticated
 * format): its keys are then unmanaged, and apply rewrites it.
 */
export type DecodedBookkeeping =
  | { ok: Bookkeeping | null; warning?: undefined }
  | { ok?: undefined; warning: string; why: 'unreadable' | 'untrusted' | 'key-changed' };

/** How a record is checked: the keys it may be sealed with, and where it was read. */
export interface RecordCheck {
  keys: FingerprintKeys;
  binding: RecordBinding;
  /** The variable's key, for messages. */
  name: string;
}

/**
 * Reads and authenticates a record. A record of a newer format version is refused (UserError):
 * rewriting it in this format would erase ownership a newer bb-vars recorded.
 */
export function decodeBookkeeping(value: string | undefined | null, check: RecordCheck): DecodedBookkeeping {
  if (value === undefined || value === null) return { ok: null };
  const { name } = check;
  const consequence =
    'treating no variable as managed: nothing is pruned or overwritten unless declared, and apply rewrites the record.';
  const unreadable = (why: string): DecodedBookkeeping => ({
    warning: `${name} is unreadable (${why}); ${consequence}`,
    why: 'unreadable',
  });
  const untrusted = (why: string, reason: 'untrusted' | 'key-changed' = 'untrusted'): DecodedBookkeeping => ({
    warning: `${name} is not trusted (${why}); ${consequence}`,
    why: reason,
  });
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return unreadable('not valid JSON');
  }
  if (!isRecord(raw)) return unreadable('not a JSON object');
  const { v, k, m, e, h } = raw;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return unreadable('missing or invalid format version');
  if (v > BOOKKEEPING_VERSION) {
    throw new UserError(
      `${name} was written by a newer bb-vars (record format ${v}; this version reads ${BOOKKEEPING_VERSION}). ` +
        'Upgrade bb-vars: this version will not rewrite the record, since that would erase the ownership it holds.',
    );
  }
  if (v < BOOKKEEPING_VERSION) return untrusted(`format ${v} carries no authentication`);
  if (typeof k !== 'string') return unreadable('missing key id');
  if (!isRecord(m)) return unreadable('missing list of managed keys');
  if (typeof h !== 'string') return untrusted('no authentication code');
  const managed = emptyManaged();
  for (const [key, fingerprint] of Object.entries(m)) {
    if (!KEY_PATTERN.test(key)) return unreadable(`invalid key ${JSON.stringify(key.slice(0, 40))}`);
    if (typeof fingerprint !== 'string' || !FINGERPRINT_PATTERN.test(fingerprint))
      return unreadable(`invalid fingerprint for ${key}`);
    managed[key] = fingerprint;
  }
  let record: Bookkeeping = { version: v, keyId: k, managed };
  if (e !== undefined) {
    if (
      !Array.isArray(e) ||
      !e.every((n) => typeof n === 'string' && n.length > 0 && n.length <= 255 && !n.includes('/'))
    ) {
      return unreadable('invalid list of managed environments');
    }
    record = { ...record, environments: [...new Set(e as string[])] };
  }
  // The MAC covers the canonical text: a record edited by hand, or moved, fails.
  const sealed = checkSeal(canonical(record), k, h, check.keys, check.binding);
  if (sealed === 'key-changed')
    return untrusted('written with another BB_VARS_FINGERPRINT_KEY, or forged', 'key-changed');
  if (sealed === 'mismatch')
    return untrusted(
      'its authentication code does not match: edited, copied from another scope or manifest, or forged',
    );
  return { ok: record };
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
  const succeeded = (action: ChangeAction, key: string) =>
    outcomes.some((o) => o.action === action && o.key === key && o.ok);
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
  return {
    version: after.version,
    keyId: after.keyId,
    managed,
    ...(after.environments ? { environments: after.environments } : {}),
  };
}
