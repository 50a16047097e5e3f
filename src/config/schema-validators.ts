/**
 * The manifest schema's validators, by JSON pointer ('' = the whole manifest, and every `anyOf`
 * branch, which the error phrasing re-validates on its own). Run from source (tests), they are
 * compiled with ajv on first use. The bundle replaces this module with ajv standalone code
 * generated at build time (scripts/schema-standalone.mjs): compiling the schema at start-up cost
 * the CLI about 50 ms on every run, more than the rest of `validate`.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../schema/bb-vars.schema.json' with { type: 'json' };

/** Shared with the build-time generator, so both paths report the same errors. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true } as const;

let ajv: Ajv | undefined;

/** The validator of the schema node at `pointer`; throws for a pointer the schema lacks. */
export function validatorAt(pointer: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv(AJV_OPTIONS);
    ajv.addSchema(schema);
  }
  const validate = ajv.getSchema(`${schema.$id}#${pointer}`);
  if (!validate) throw new Error(`schema pointer not found: ${pointer}`);
  return validate;
}
