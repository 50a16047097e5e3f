import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/config/load.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';
import { resolveManifest } from '../../src/sources/resolve.ts';
import { tempTree } from '../support/files.ts';

async function resolveFull(env: NodeJS.ProcessEnv = { DEPLOY_TOKEN: 'tok-123' }) {
  const dir = await tempTree({}, 'full');
  const m = await loadManifest({ cwd: dir });
  return resolveManifest(m, { env });
}

function values(r: Awaited<ReturnType<typeof resolveFull>>, scopeIndex: number) {
  return Object.fromEntries(r.desired.scopes[scopeIndex]!.variables.map((v) => [v.key, v]));
}

describe('resolveManifest on the full fixture', () => {
  it('orders scopes workspace, repository, then its deployments, with prune and types settled', async () => {
    const r = await resolveFull();
    expect(r.desired.workspace).toBe('acme');
    expect(r.desired.scopes.map((s) => [s.scope, s.prune, s.environmentType])).toEqual([
      [{ type: 'workspace', workspace: 'acme' }, 'none', undefined],
      [{ type: 'repository', workspace: 'acme', repository: 'api-service' }, 'all', undefined],
      [
        { type: 'deployment', workspace: 'acme', repository: 'api-service', environment: 'production' },
        'all',
        'Production',
      ],
      [{ type: 'deployment', workspace: 'acme', repository: 'api-service', environment: 'qa-eu' }, 'none', 'Test'],
    ]);
  });

  it('renders literals, outputs, paths, formats and templates exactly', async () => {
    const v = values(await resolveFull(), 1);
    const plain = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x.value]));
    expect(plain).toMatchObject({
      LOG_LEVEL: 'info',
      WORKERS: '4',
      BIG: '12345678901234567890',
      RATIO: '1.10',
      ENABLED: 'true',
      DB_HOST: 'db.internal',
      DB_PORT: '5432',
      MAX_UPLOAD: '9007199254740993',
      PI: '3.10',
      APP_VERSION: '2026.11.3',
      FIRST_SUBNET: 'subnet-a',
      SUBNETS: 'subnet-a,subnet-b',
      SUBNETS_JSON: '["subnet-a","subnet-b"]',
      DATABASE: '{"port":5432,"name":"app"}',
      NOTES: Buffer.from('line 1\nline "2"\tünïcødé ✓', 'utf8').toString('base64'),
      DATABASE_URL: 'postgres://app:s3cr3t-pw@db.internal:5432/app',
      LITERAL_DOLLAR: 'cost: ${price} for app',
      DEPLOY_TOKEN: 'tok-123',
      LOG_FORMAT: 'json',
      TLS_CERT: Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n').toString('base64'),
      ONE_LINE: 'ssh-ed25519 AAAAC3Nza fake@example',
      API_MODE: 'strict',
    });
  });

  it('derives secured and sensitive: explicit flag, else sensitive outputs (directly or via templates)', async () => {
    const v = values(await resolveFull(), 1);
    const flags = (k: string) => [v[k]!.secured, v[k]!.sensitive];
    expect(flags('DB_PASSWORD')).toEqual([true, true]);
    expect(flags('DATABASE_URL')).toEqual([true, true]);
    expect(flags('DB_HOST')).toEqual([false, false]);
    expect(flags('DEPLOY_TOKEN')).toEqual([true, false]);
    expect(flags('LOG_FORMAT')).toEqual([false, false]);
    expect(flags('API_MODE')).toEqual([true, false]);
  });

  it('reads only referenced sources (the unused one points at a missing file) and warns about it', async () => {
    const r = await resolveFull();
    expect(r.sourcesRead).toEqual([
      'infra: terraform outputs infra/outputs.json',
      'network: terraform state network.tfstate',
      'file certs/tls.pem',
      'file certs/one-line.txt',
    ]);
    expect(r.warnings.map(formatIssue)).toEqual([
      "bb-vars.yaml:13:3  warning: sources.unused: source 'unused' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template",
    ]);
  });

  it('prefers the environment over default and reports a missing env variable at its reference', async () => {
    const withEnv = values(await resolveFull({ DEPLOY_TOKEN: 'x', LOG_FORMAT: 'text' }), 1);
    expect(withEnv.LOG_FORMAT!.value).toBe('text');
    const error = await resolveFull({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      'bb-vars.yaml:45:28  repositories.api-service.variables.DEPLOY_TOKEN.env: environment variable DEPLOY_TOKEN is not set\n    hint: set it where bb-vars runs',
    );
  });
});

describe('resolveManifest: workspace', () => {
  it('falls back to $BITBUCKET_WORKSPACE and errors clearly without either', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': 'version: 1\nworkspace_variables:\n  A: x\n' });
    const m = await loadManifest({ cwd: dir });
    expect((await resolveManifest(m, { env: { BITBUCKET_WORKSPACE: 'team-x' } })).desired.workspace).toBe('team-x');
    await expect(resolveManifest(m, { env: {} })).rejects.toThrow(
      'bb-vars.yaml:1:1  no workspace: the manifest has no `workspace:` and BITBUCKET_WORKSPACE is not set\n    hint: add `workspace: <your-workspace>` to the manifest',
    );
  });
});

describe('resolveManifest: stdin and shared reads', () => {
  it('reads "-" from stdin once, and a file referenced by two sources once', async () => {
    const dir = await tempTree({
      'bb-vars.yaml': [
        'version: 1',
        'workspace: acme',
        'sources:',
        '  piped: { terraform: { outputs: "-" } }',
        '  a: { terraform: { outputs: o.json } }',
        '  b: { terraform: { outputs: ./o.json } }',
        'workspace_variables:',
        '  X: { from: piped.x }',
        '  Y: { from: a.y }',
        '  Z: { from: b.y }',
        '',
      ].join('\n'),
      'o.json': '{"y": {"value": "why", "sensitive": false}}',
    });
    const m = await loadManifest({ cwd: dir });
    const { Readable } = await import('node:stream');
    let reads = 0;
    const stdin = Readable.from(
      (function* () {
        reads++;
        yield '{"x": {"value": "from-stdin", "sensitive": true, "type": "string"}}';
      })(),
    );
    const r = await resolveManifest(m, { env: {}, stdin });
    expect(r.desired.scopes[0]!.variables.map((v) => [v.key, v.value, v.secured])).toEqual([
      ['X', 'from-stdin', true],
      ['Y', 'why', false],
      ['Z', 'why', false],
    ]);
    expect(reads).toBe(1);
    expect(r.sourcesRead).toEqual([
      'piped: terraform outputs from standard input',
      'a: terraform outputs o.json',
      'b: terraform outputs ./o.json',
    ]);
  });

  it('never touches stdin when no source reads it (opening it costs start-up time)', async () => {
    const dir = await tempTree({
      'bb-vars.yaml':
        'version: 1\nworkspace: acme\nsources:\n  a: { terraform: { outputs: o.json } }\nworkspace_variables:\n  Y: { from: a.y }\n',
      'o.json': '{"y": {"value": "why"}}',
    });
    const m = await loadManifest({ cwd: dir });
    let opened = 0;
    const ctx = {
      env: {},
      get stdin(): NodeJS.ReadableStream {
        opened++;
        throw new Error('stdin opened');
      },
    };
    const r = await resolveManifest(m, ctx);
    expect(r.desired.scopes[0]!.variables.map((v) => v.value)).toEqual(['why']);
    expect(opened).toBe(0);
  });
});
