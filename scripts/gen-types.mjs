// Generates, from schema/bb-vars.schema.json (the source of truth), the two checked-in files that
// follow it: src/config/types.generated.ts (the manifest's TypeScript types) and
// src/config/validator.generated.js (ajv's validator, compiled ahead of time, so no run compiles
// the schema). `node scripts/gen-types.mjs` writes both; `--check` exits 1 when either is stale
// (the freshness test runs it).
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';

const root = new URL('../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schema/bb-vars.schema.json', root), 'utf8'));
const style = { singleQuote: true, printWidth: 120, trailingComma: 'all' };

const banner = `/* eslint-disable */
/**
 * generated, do not edit: run \`npm run gen:types\` after changing schema/bb-vars.schema.json.
 */`;

const types = await compile(schema, 'Manifest', {
  bannerComment: banner,
  additionalProperties: false,
  unreachableDefinitions: false,
  format: true,
  style: { singleQuote: true, printWidth: 120 },
});

// One export per node the validator is asked about: the whole manifest, and each definition
// (src/config/validate.ts re-validates a chosen `anyOf` branch to word its error).
const ajv = new Ajv({
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
  code: { source: true, esm: true },
});
ajv.addSchema(schema);
const exports = { manifest: `${schema.$id}#` };
for (const name of Object.keys(schema.definitions)) exports[name] = `${schema.$id}#/definitions/${name}`;
// ajv writes a CommonJS require for its one runtime helper (lengths in Unicode characters) even in
// ES module output: import it instead. Its module is CommonJS with `exports.default`, which Node
// hands over as `default.default` and Vite as `default`.
const helper = 'require("ajv/dist/runtime/ucs2length").default';
const code = standaloneCode(ajv, exports)
  .replace(/^'use strict';\n/, '')
  .replaceAll(helper, 'ucs2length');
if (code.includes('require(')) throw new Error('the generated validator needs another runtime helper: import it');
const validator = await format(
  `${banner}
import * as ucs2 from 'ajv/dist/runtime/ucs2length.js';
const ucs2length = ucs2.default.default ?? ucs2.default;
${code}`,
  { ...style, parser: 'babel' },
);
const declarations = `${banner}
import type { ValidateFunction } from 'ajv';
${Object.keys(exports)
  .map((name) => `export declare const ${name}: ValidateFunction;\n`)
  .join('')}`;

const files = {
  'src/config/types.generated.ts': types,
  'src/config/validator.generated.js': validator,
  'src/config/validator.generated.d.ts': await format(declarations, { ...style, parser: 'typescript' }),
};
if (process.argv.includes('--check')) {
  const stale = Object.entries(files).filter(([path, text]) => readFileSync(new URL(path, root), 'utf8') !== text);
  for (const [path] of stale) console.error(`${path} is stale: run npm run gen:types`);
  process.exit(stale.length > 0 ? 1 : 0);
}
for (const [path, text] of Object.entries(files)) writeFileSync(new URL(path, root), text);
