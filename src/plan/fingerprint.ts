/**
 * Keys and keyed hashes. Bitbucket never returns a secured value, so bb-vars keeps, in its
 * bookkeeping record, an HMAC of each secured value it wrote, and authenticates the record itself
 * with a second HMAC. Both keys come from `BB_VARS_FINGERPRINT_KEY` (never from a credential: a
 * plan made with a read-only credential and an apply made with a writing one must agree), through
 * HKDF with labels of their own. Fingerprints are keyed (a plain hash of a low-entropy secret
 * could be brute-forced by anyone who can read the record) and domain-separated by scope and key.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ScopeRef } from '../core/types.ts';
import { UserError } from '../errors.ts';

/** Fixed labels: changing any of them changes every fingerprint, so they are versioned. */
const KEY_SALT = 'bb-vars fingerprint key salt v1';
const KEY_INFO = 'bb-vars fingerprint key v1';
const RECORD_KEY_INFO = 'bb-vars record mac key v1';
const KEY_ID_MESSAGE = 'bb-vars key id v1';
const FINGERPRINT_DOMAIN = 'bb-vars fingerprint v1';
const RECORD_DOMAIN = 'bb-vars record v2';

/** 128 bits: collisions are out of reach, and 22 base64url characters keep the record small. */
const FINGERPRINT_BYTES = 16;
/** 48 bits: only detects a changed key, it protects nothing. */
const KEY_ID_BYTES = 6;
/** The record's MAC: 128 bits. */
const MAC_BYTES = 16;

/** The shortest `BB_VARS_FINGERPRINT_KEY` accepted; `openssl rand -base64 32` gives 44 characters. */
export const MIN_KEY_LENGTH = 32;
/** Fewer distinct characters than this in a key of any length is not randomness (`aaaa…`, `passwordpassword…`). */
const MIN_DISTINCT_CHARACTERS = 10;
const HOW_TO_MAKE =
  'Make one with `openssl rand -base64 32` and store it as a secured variable (see docs/ownership.md).';

export const FINGERPRINT_KEY_VARIABLE = 'BB_VARS_FINGERPRINT_KEY';
export const PREVIOUS_KEY_VARIABLE = 'BB_VARS_FINGERPRINT_KEY_PREVIOUS';

/** The current key and, while rotating, the previous one (records and fingerprints under it are still trusted). */
export interface FingerprintKeys {
  current: Buffer;
  previous?: Buffer;
}

/**
 * The keys from the environment: `BB_VARS_FINGERPRINT_KEY` is required and must look random;
 * `BB_VARS_FINGERPRINT_KEY_PREVIOUS` is optional (rotation). Never echoes a key.
 */
export function fingerprintKeysFromEnv(env: NodeJS.ProcessEnv): FingerprintKeys {
  const current = env[FINGERPRINT_KEY_VARIABLE];
  if (current === undefined || current === '') {
    throw new UserError(
      `${FINGERPRINT_KEY_VARIABLE} is not set. bb-vars needs it to fingerprint secured values and to authenticate ` +
        `its ownership records. ${HOW_TO_MAKE} Use the same key for plans and applies.`,
    );
  }
  checkStrength(FINGERPRINT_KEY_VARIABLE, current);
  const previous = env[PREVIOUS_KEY_VARIABLE];
  if (previous === undefined || previous === '') return { current: deriveFingerprintKey(current) };
  checkStrength(PREVIOUS_KEY_VARIABLE, previous);
  return { current: deriveFingerprintKey(current), previous: deriveFingerprintKey(previous) };
}

function checkStrength(name: string, material: string): void {
  if (material.length < MIN_KEY_LENGTH) {
    throw new UserError(
      `${name} is too short (${material.length} characters; at least ${MIN_KEY_LENGTH}). ${HOW_TO_MAKE}`,
    );
  }
  if (new Set(material).size < MIN_DISTINCT_CHARACTERS) {
    throw new UserError(`${name} does not look random (too few distinct characters). ${HOW_TO_MAKE}`);
  }
}

/** Derives the 32-byte fingerprint key from key material (HKDF with a fixed label). */
export function deriveFingerprintKey(material: string): Buffer {
  if (material.length === 0)
    throw new UserError(`The fingerprint key is empty: set ${FINGERPRINT_KEY_VARIABLE}. ${HOW_TO_MAKE}`);
  return Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), KEY_SALT, KEY_INFO, 32));
}

/** A short identifier of the key (a keyed hash of a constant), stored so a changed key is noticed. */
export function fingerprintKeyId(key: Buffer): string {
  return createHmac('sha256', key).update(KEY_ID_MESSAGE).digest().subarray(0, KEY_ID_BYTES).toString('base64url');
}

/**
 * The fingerprint of `value` stored under `key` in `scope`. NUL separators cannot occur in scope
 * names or keys, and the value comes last, so the message is unambiguous. The environment name is
 * lower-cased: Bitbucket's environment names ignore case, so `Production` is the same scope.
 */
export function fingerprintValue(fingerprintKey: Buffer, scope: ScopeRef, key: string, value: string): string {
  const parts = [FINGERPRINT_DOMAIN, ...scopeParts(scope), key, value];
  return createHmac('sha256', fingerprintKey)
    .update(parts.join('\0'), 'utf8')
    .digest()
    .subarray(0, FINGERPRINT_BYTES)
    .toString('base64url');
}

/** Where a record lives: a record copied to another scope, or read as another manifest's, fails its MAC. */
export interface RecordBinding {
  scope: ScopeRef;
  manifestId: string;
}

/** The MAC of a record's canonical text, bound to its scope and manifest id. */
export function recordMac(fingerprintKey: Buffer, binding: RecordBinding, canonical: string): string {
  const macKey = Buffer.from(hkdfSync('sha256', fingerprintKey, KEY_SALT, RECORD_KEY_INFO, 32));
  const parts = [RECORD_DOMAIN, ...scopeParts(binding.scope), binding.manifestId, canonical];
  return createHmac('sha256', macKey)
    .update(parts.join('\0'), 'utf8')
    .digest()
    .subarray(0, MAC_BYTES)
    .toString('base64url');
}

/** Constant-time comparison of two MACs (or fingerprints). */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function scopeParts(scope: ScopeRef): string[] {
  return [
    scope.type,
    scope.workspace,
    scope.type === 'workspace' ? '' : scope.repository,
    scope.type === 'deployment' ? scope.environment.toLowerCase() : '',
  ];
}
