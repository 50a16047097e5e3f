import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/config/load.ts';
import { renderImportManifest, SCHEMA_URL } from '../../src/import/manifest.ts';
import type { ImportSnapshot } from '../../src/import/types.ts';

const snapshot = (overrides: Partial<ImportSnapshot> = {}): ImportSnapshot => ({
  workspace: 'acme',
  repositories: [
    {
      slug: 'api',
      variables: [
        { key: 'LOG_LEVEL', value: 'info', secured: false },
        { key: 'DB_PASSWORD', secured: true },
        { key: 'BB_VARS_STATE', value: '{"v":1,"k":"x","m":{}}', secured: false },
      ],
      environments: [
        {
          name: 'production',
          type: 'Production',
          variables: [{ key: 'API_URL', value: 'https://api', secured: false }],
        },
      ],
    },
  ],
  ...overrides,
});

/** The manifest as the real loader reads it (schema and rules checked), as plain data. */
async function load(text: string): Promise<Record<string, unknown>> {
  return JSON.parse(JSON.stringify(parseManifest(text, { file: 'bb-vars.yaml' }).manifest)) as Record<string, unknown>;
}

describe('renderImportManifest', () => {
  it('writes a manifest the loader accepts, with schema line, version, workspace and prune', async () => {
    const out = renderImportManifest(snapshot());
    expect(out.text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
    expect(await load(out.text)).toEqual({
      version: 1,
      workspace: 'acme',
      prune: 'managed',
      repositories: {
        api: {
          variables: { DB_PASSWORD: { env: 'DB_PASSWORD', secured: true }, LOG_LEVEL: 'info' },
          deployments: { production: { type: 'Production', variables: { API_URL: 'https://api' } } },
        },
      },
    });
  });

  it('leaves out BB_VARS_ bookkeeping variables and counts them', () => {
    const out = renderImportManifest(snapshot());
    expect(out.text).not.toContain('BB_VARS_');
    expect(out.bookkeeping).toBe(1);
    expect(out.literals).toBe(2);
  });

  it('puts a comment above each secured placeholder saying what to provide', () => {
    const lines = renderImportManifest(snapshot()).text.split('\n');
    const at = lines.findIndex((l) => l.trim().startsWith('DB_PASSWORD:'));
    expect(lines[at]!.trim()).toBe('DB_PASSWORD: { env: DB_PASSWORD, secured: true }');
    expect(lines[at - 1]!.trim()).toBe(
      '# secured in Bitbucket: provide $DB_PASSWORD in the CI environment, or map it to a Terraform output',
    );
  });

  it('gives a key secured in several scopes a distinct env name per scope, and says so', async () => {
    const out = renderImportManifest(
      snapshot({
        workspaceVariables: [{ key: 'DB_PASSWORD', secured: true }],
        repositories: [
          {
            slug: 'api',
            variables: [{ key: 'DB_PASSWORD', secured: true }],
            environments: [
              { name: 'production', type: 'Production', variables: [{ key: 'DB_PASSWORD', secured: true }] },
              {
                name: 'staging',
                type: 'Staging',
                variables: [
                  { key: 'DB_PASSWORD', secured: true },
                  { key: 'ONLY_HERE', secured: true },
                ],
              },
            ],
          },
          {
            slug: 'web',
            variables: [],
            environments: [
              { name: 'production', type: 'Production', variables: [{ key: 'DB_PASSWORD', secured: true }] },
            ],
          },
        ],
      }),
    );
    const m = (await load(out.text)) as {
      workspace_variables: Record<string, unknown>;
      repositories: Record<
        string,
        { variables?: Record<string, unknown>; deployments: Record<string, { variables: Record<string, unknown> }> }
      >;
    };
    const envOf = (v: unknown) => (v as { env: string }).env;
    const names = [
      envOf(m.workspace_variables.DB_PASSWORD),
      envOf(m.repositories.api!.variables!.DB_PASSWORD),
      envOf(m.repositories.api!.deployments.production!.variables.DB_PASSWORD),
      envOf(m.repositories.api!.deployments.staging!.variables.DB_PASSWORD),
      envOf(m.repositories.web!.deployments.production!.variables.DB_PASSWORD),
    ];
    expect(names).toEqual([
      'WORKSPACE_DB_PASSWORD',
      'API_DB_PASSWORD',
      'PRODUCTION_DB_PASSWORD',
      'STAGING_DB_PASSWORD',
      'WEB_PRODUCTION_DB_PASSWORD',
    ]);
    expect(envOf(m.repositories.api!.deployments.staging!.variables.ONLY_HERE)).toBe('ONLY_HERE');
    expect(out.text).toContain(
      '# ($PRODUCTION_DB_PASSWORD, not $DB_PASSWORD: DB_PASSWORD is secured in several scopes, and each needs its own value)',
    );
    expect(new Set(out.placeholders.map((p) => p.env)).size).toBe(6);
  });

  it('keeps tricky values exactly, as strings', async () => {
    const values = [
      'true',
      'false',
      'null',
      '~',
      '1.0',
      '007',
      '0x1F',
      '1e3',
      '.inf',
      'on',
      'no',
      'y',
      '1:20',
      '2024-01-01',
      '',
      ' lead',
      'trail ',
      'a: b',
      '# not a comment',
      '- item',
      '{ x }',
      '[1]',
      '"q"',
      "'s'",
      'multi\nline\n',
      'no final newline\nsecond',
      'trailing space \nnext',
      '\ttab',
      'crlf\r\nline',
      'ünïcødé 😀 ✓',
      '${not.a.template}',
      '*alias',
      '&anchor',
      '!tag',
      '%directive',
      '@at',
      '`tick`',
      '|',
      '>',
      '12345678901234567890',
    ];
    const out = renderImportManifest(
      snapshot({
        repositories: [
          {
            slug: 'api',
            variables: values.map((value, i) => ({ key: `V${i}`, value, secured: false })),
            environments: [],
          },
        ],
      }),
    );
    const vars = ((await load(out.text)) as { repositories: { api: { variables: Record<string, unknown> } } })
      .repositories.api.variables;
    expect(values.map((_, i) => vars[`V${i}`])).toEqual(values);
    // A YAML 1.1 reader (older editors and tools) sees the same strings.
    const old = parse(out.text, { version: '1.1' }) as {
      repositories: { api: { variables: Record<string, unknown> } };
    };
    expect(values.map((_, i) => old.repositories.api.variables[`V${i}`])).toEqual(values);
  });

  it('round-trips any string value exactly (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 8 }),
        async (values) => {
          const out = renderImportManifest(
            snapshot({
              repositories: [
                {
                  slug: 'api',
                  variables: values.map((value, i) => ({ key: `V${i}`, value, secured: false })),
                  environments: [],
                },
              ],
            }),
          );
          const vars = ((await load(out.text)) as { repositories: { api: { variables: Record<string, unknown> } } })
            .repositories.api.variables;
          values.forEach((value, i) => expect(vars[`V${i}`]).toBe(value));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes keys, slugs and environment names YAML would read as something else', async () => {
    const out = renderImportManifest(
      snapshot({
        repositories: [
          {
            slug: '0123',
            variables: [
              { key: 'null', value: 'x', secured: false },
              { key: 'true', value: 'y', secured: false },
            ],
            environments: [
              { name: 'Production EU: main', type: 'Production', variables: [] },
              { name: '1.0', type: 'Test', variables: [] },
            ],
          },
        ],
      }),
    );
    expect((await load(out.text)).repositories).toEqual({
      '0123': {
        variables: { null: 'x', true: 'y' },
        deployments: { '1.0': { type: 'Test' }, 'Production EU: main': { type: 'Production' } },
      },
    });
  });

  it('orders keys alphabetically', () => {
    const out = renderImportManifest(
      snapshot({
        repositories: [
          {
            slug: 'api',
            variables: [
              { key: 'B', value: '1', secured: false },
              { key: 'A', value: '2', secured: false },
            ],
            environments: [],
          },
        ],
      }),
    );
    expect(out.text.indexOf('A: "2"')).toBeLessThan(out.text.indexOf('B: "1"'));
  });

  it('keeps repositories and environments without variables, and skips what a manifest cannot declare', async () => {
    const out = renderImportManifest(
      snapshot({
        repositories: [
          { slug: 'empty', variables: [], environments: [] },
          {
            slug: 'envs',
            variables: [],
            environments: [
              { name: 'staging', type: 'Staging', variables: [] },
              { name: 'a/b', type: 'Test', variables: [] },
            ],
          },
        ],
      }),
    );
    expect((await load(out.text)).repositories).toEqual({
      empty: {},
      envs: { deployments: { staging: { type: 'Staging' } } },
    });
    expect(out.skipped).toEqual([expect.objectContaining({ name: 'a/b' })]);
  });

  it('writes workspace variables only when they were read', async () => {
    expect(await load(renderImportManifest(snapshot()).text)).not.toHaveProperty('workspace_variables');
    const out = renderImportManifest(
      snapshot({ workspaceVariables: [{ key: 'REGION', value: 'eu-west-1', secured: false }] }),
    );
    expect((await load(out.text)).workspace_variables).toEqual({ REGION: 'eu-west-1' });
  });

  it('writes a valid manifest for workspace variables alone', async () => {
    const out = renderImportManifest({
      workspace: 'acme',
      workspaceVariables: [{ key: 'REGION', value: 'eu-west-1', secured: false }],
      repositories: [],
    });
    expect(await load(out.text)).toEqual({
      version: 1,
      workspace: 'acme',
      prune: 'managed',
      workspace_variables: { REGION: 'eu-west-1' },
    });
  });

  it('keeps a multi-line live value as it is, with a comment above it, and lists it', () => {
    const out = renderImportManifest(
      snapshot({
        repositories: [
          {
            slug: 'api',
            variables: [
              { key: 'PEM', value: 'a\nb\n', secured: false },
              { key: 'ONE', value: 'x', secured: false },
            ],
            environments: [],
          },
        ],
      }),
    );
    expect(out.multiLine).toEqual([
      { scope: { type: 'repository', workspace: 'acme', repository: 'api' }, key: 'PEM' },
    ]);
    expect(out.text).toContain(
      '# live value with line breaks, which Pipelines variables cannot hold: bb-vars refuses it until they are gone (or it says encoding: base64)\n      PEM:',
    );
    expect(
      (parse(out.text) as { repositories: { api: { variables: Record<string, string> } } }).repositories.api.variables,
    ).toEqual({ ONE: 'x', PEM: 'a\nb\n' });
  });
});
