/**
 * Bitbucket's naming rules and bb-vars' reserved names, in one place. The manifest's JSON Schema
 * states the same rules as patterns; a test keeps them equal to these.
 */

/** Keys with this prefix belong to bb-vars itself: never declared, planned, changed or pruned as variables. */
export const RESERVED_PREFIX = 'BB_VARS_';

/** Bitbucket's variable key rule: letters, digits and `_`, not starting with a digit. */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A workspace ID (slug), or its UUID in braces. */
export const WORKSPACE_PATTERN = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*|\{[0-9A-Fa-f-]{36}\})$/;

/** A repository slug as in bitbucket.org/<workspace>/<slug>. */
export const SLUG_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** A manifest's `id`: ownership records are kept per id. */
export const MANIFEST_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A deployment environment's name: no `/`, no leading or trailing space. */
export const ENVIRONMENT_NAME_PATTERN = /^[^\s/](?:[^/]*[^\s/])?$/;

export function isReservedKey(key: string): boolean {
  return key.startsWith(RESERVED_PREFIX);
}

/** A Bitbucket project key (`PLAT`): letters, digits and `_`, starting with a letter. */
export const PROJECT_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
