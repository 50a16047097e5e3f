import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run as schemaCommand } from '../../src/cli/commands/schema.ts';
import {
  ENVIRONMENT_NAME_PATTERN,
  KEY_PATTERN,
  MANIFEST_ID_PATTERN,
  PROJECT_KEY_PATTERN,
  SLUG_PATTERN,
  WORKSPACE_PATTERN,
} from '../../src/core/names.ts';
import { captureIO } from '../support/files.ts';

const root = new URL('../../', import.meta.url);

describe('schema and generated types', () => {
  it('the generated types and validator are up to date with schema/bb-vars.schema.json (run npm run gen:types)', async () => {
    const run = await promisify(execFile)(process.execPath, ['scripts/gen-types.mjs', '--check'], {
      cwd: root.pathname,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const file of ['types.generated.ts', 'validator.generated.js', 'validator.generated.d.ts'])
      expect(readFileSync(new URL(`src/config/${file}`, root), 'utf8')).toContain('generated, do not edit');
  });

  it('gives every property a title and a description, and closes every object', () => {
    const schema = JSON.parse(readFileSync(new URL('schema/bb-vars.schema.json', root), 'utf8')) as Record<
      string,
      unknown
    >;
    const missing: string[] = [];
    const resolve = (ref: string) =>
      ref
        .slice(2)
        .split('/')
        .reduce<Record<string, unknown>>((node, k) => node[k] as Record<string, unknown>, schema);
    const walk = (node: unknown, at: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object' && n.additionalProperties === undefined) missing.push(`${at}: additionalProperties`);
      for (const [name, prop] of Object.entries(
        (n.properties as Record<string, Record<string, unknown>> | undefined) ?? {},
      )) {
        // A $ref's target carries the title and description editors show.
        const target = typeof prop.$ref === 'string' ? { ...resolve(prop.$ref), ...prop } : prop;
        if (typeof target.description !== 'string') missing.push(`${at}/properties/${name}: description`);
        if (typeof target.title !== 'string') missing.push(`${at}/properties/${name}: title`);
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(schema, '#');
    expect(missing).toEqual([]);
  });

  it('states the naming rules of src/core/names.ts', () => {
    const schema = JSON.parse(readFileSync(new URL('schema/bb-vars.schema.json', root), 'utf8')) as {
      properties: { workspace: { pattern: string }; id: { pattern: string } };
      definitions: Record<string, { pattern?: string; properties?: Record<string, { pattern?: string }> }>;
    };
    expect(schema.properties.workspace.pattern).toBe(WORKSPACE_PATTERN.source);
    expect(schema.properties.id.pattern).toBe(MANIFEST_ID_PATTERN.source);
    expect(schema.definitions.variableKey!.pattern).toBe(KEY_PATTERN.source);
    expect(schema.definitions.envValue!.properties!.env!.pattern).toBe(KEY_PATTERN.source);
    expect(schema.definitions.repositorySlug!.pattern).toBe(SLUG_PATTERN.source);
    expect(schema.definitions.environmentName!.pattern).toBe(ENVIRONMENT_NAME_PATTERN.source);
    expect(schema.definitions.projectKey!.pattern).toBe(PROJECT_KEY_PATTERN.source);
  });

  it('`bb-vars schema` prints the schema file', async () => {
    const io = captureIO(process.cwd());
    expect(await schemaCommand([], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual(JSON.parse(readFileSync(new URL('schema/bb-vars.schema.json', root), 'utf8')));
  });
});
