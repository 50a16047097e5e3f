/**
 * Keyed fingerprints of secured values. Bitbucket never returns a secured value, so bb-vars keeps,
 * in its bookkeeping variable, an HMAC of each secured value it wrote. The HMAC is keyed (a plain
 * hash of a low-entropy secret could be brute-forced by anyone who can read the bookkeeping) and
 * domain-separated by scope and key (equal secrets in two places get unrelated fingerprints).
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { ScopeRef } from '../core/types.ts';
import { UserError } from '../errors.ts';

/** Fixed labels: changing any of them changes every fingerprint, so they are versioned. */
const KEY_SALT = 'bb-vars fingerprint key salt v1';
const KEY_INFO = 'bb-vars fingerprint key v1';
const KEY_ID_MESSAGE = 'bb-vars key id v1';
const FINGERPRINT_DOMAIN = 'bb-vars fingerprint v1';

/** 128 bits: collisions are out of reach, and 22 base64url characters keep the record small. */
const FINGERPRINT_BYTES = 16;
/** 48 bits: only detects a changed key, it protects nothing. */
const KEY_ID_BYTES = 6;

/**
 * Derives the 32-byte fingerprint key from key material: the value of `BB_VARS_FINGERPRINT_KEY`
 * when set, otherwise the credential's secret (the shell decides which and passes it in). HKDF
 * with a fixed label means the raw credential is never used as an HMAC key for anything else.
 */
export function deriveFingerprintKey(material: string): Buffer {
  if (material.length === 0) {
    throw new UserError(
      'No key for secured-value fingerprints: set BB_VARS_FINGERPRINT_KEY, or provide a credential with a secret ' +
        '(BITBUCKET_CLIENT_SECRET, BITBUCKET_ACCESS_TOKEN or BITBUCKET_API_TOKEN).',
    );
  }
  return Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), KEY_SALT, KEY_INFO, 32));
}

/** A short identifier of the key (a keyed hash of a constant), stored so a changed key is noticed. */
export function fingerprintKeyId(key: Buffer): string {
  return createHmac('sha256', key).update(KEY_ID_MESSAGE).digest().subarray(0, KEY_ID_BYTES).toString('base64url');
}

/**
 * The fingerprint of `value` stored under `key` in `scope`. NUL separators cannot occur in scope
 * names or keys, and the value comes last, so the message is unambiguous.
 */
export function fingerprintValue(fingerprintKey: Buffer, scope: ScopeRef, key: string, value: string): string {
  const parts = [
    FINGERPRINT_DOMAIN,
    scope.type,
    scope.workspace,
    scope.type === 'workspace' ? '' : scope.repository,
    scope.type === 'deployment' ? scope.environment : '',
    key,
    value,
  ];
  return createHmac('sha256', fingerprintKey).update(parts.join('\0'), 'utf8').digest().subarray(0, FINGERPRINT_BYTES).toString('base64url');
}
