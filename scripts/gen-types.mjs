// Generates src/config/types.generated.ts from schema/bb-vars.schema.json (the source of truth).
// `node scripts/gen-types.mjs` writes the file; `--stdout` prints it instead (the staleness test uses this).
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('schema/bb-vars.schema.json', root), 'utf8'));

const banner = `/* eslint-disable */
/**
 * generated, do not edit: run \`npm run gen:types\` after changing schema/bb-vars.schema.json.
 */`;

const source = await compile(schema, 'Manifest', {
  bannerComment: banner,
  additionalProperties: false,
  unreachableDefinitions: false,
  format: true,
  style: { singleQuote: true, printWidth: 120 },
});

if (process.argv.includes('--stdout')) process.stdout.write(source);
else writeFileSync(new URL('src/config/types.generated.ts', root), source);
