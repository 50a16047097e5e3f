/**
 * A yes/no check of manifest data against the schema, for the common case: a valid manifest
 * needs no error messages. The bundle replaces this module with a small ajv standalone validator
 * generated at build time (scripts/schema-standalone.mjs, half the code of the validators with
 * error details); validate.ts, which words every error, is loaded only when this says no.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../schema/bb-vars.schema.json' with { type: 'json' };

/** Shared with the build-time generator. */
export const CHECK_OPTIONS = { allErrors: false, strict: true, allowUnionTypes: true } as const;

let check: ValidateFunction | undefined;

/** True when `data` satisfies the manifest schema. */
export function isValidManifest(data: unknown): boolean {
  check ??= new Ajv(CHECK_OPTIONS).compile(schema);
  return check(data) === true;
}
