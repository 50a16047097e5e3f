// Generates the bundle's stand-in for src/config/schema-validators.ts: ajv standalone code for the
// manifest schema and each of its `anyOf` branches, so the CLI never compiles the schema at start-up.
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';

/** Options of src/config/schema-validators.ts (AJV_OPTIONS); a test keeps them equal. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true };

/** '' and every `<pointer>/anyOf/<i>` in the schema: the validators validate.ts asks for. */
export function schemaPointers(schema) {
  const out = [''];
  const walk = (node, pointer) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node.anyOf)) node.anyOf.forEach((_, i) => out.push(`${pointer}/anyOf/${i}`));
    for (const [k, v] of Object.entries(node)) walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(schema, '');
  return out;
}

/** ESM source exporting `validatorAt(pointer)` and `AJV_OPTIONS`, like the module it replaces. */
export function standaloneValidators(schema) {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  ajv.addSchema(schema);
  const pointers = schemaPointers(schema);
  const refs = Object.fromEntries(pointers.map((p, i) => [`v${i}`, `${schema.$id}#${p}`]));
  const code = standalone.default(ajv, refs);
  // The code `require`s ajv's small runtime helpers (even in ESM mode): esbuild bundles them.
  const table = pointers.map((p, i) => `[${JSON.stringify(p)}, v${i}]`).join(', ');
  return `${code}
export const AJV_OPTIONS = ${JSON.stringify(AJV_OPTIONS)};
const validators = new Map([${table}]);
export function validatorAt(pointer) {
  const validate = validators.get(pointer);
  if (!validate) throw new Error('schema pointer not found: ' + pointer);
  return validate;
}
`;
}

/** Options of src/config/schema-check.ts (CHECK_OPTIONS); a test keeps them equal. */
export const CHECK_OPTIONS = { allErrors: false, strict: true, allowUnionTypes: true };

/** ESM source exporting `isValidManifest(data)`: a yes/no check, no error details. */
export function standaloneCheck(schema) {
  const ajv = new Ajv({ ...CHECK_OPTIONS, code: { source: true, esm: true } });
  const code = standalone.default(ajv, ajv.compile(schema));
  return `${code}
export function isValidManifest(data) {
  return validate(data) === true;
}
`;
}
