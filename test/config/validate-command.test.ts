/** `bb-vars validate` and `bb-vars schema` through the CLI entry point, as a user runs them. */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { captureIO, tempTree } from '../support/files.ts';

describe('bb-vars validate', () => {
  it('prints a summary without any value and exits 0', async () => {
    const dir = await tempTree({}, 'full');
    const io = captureIO(dir, { DEPLOY_TOKEN: 'tok-SECRET-123' });
    expect(await main(['validate'], io)).toBe(0);
    expect(io.out()).toBe(
      [
        'bb-vars.yaml is valid.',
        '  workspace:  acme',
        '  scopes:     4 (1 workspace, 1 repository, 2 deployments)',
        '  variables:  26 (4 secured)',
        '  sources:    infra: terraform outputs infra/outputs.json; network: terraform state network.tfstate; file certs/tls.pem; file certs/one-line.txt',
        '  warnings:   1',
        '',
      ].join('\n'),
    );
    expect(io.err()).toBe(
      "bb-vars.yaml:13:3  warning: sources.unused: source 'unused' is not used by any variable\n    hint: it is not read; remove it or reference it with from: or a template\n",
    );
    for (const secret of ['tok-SECRET-123', 's3cr3t-pw', 'db.internal'])
      expect(io.out() + io.err()).not.toContain(secret);
  });

  it('exits 1 with every problem on stderr, no stack trace and no secret', async () => {
    const dir = await tempTree({}, 'full');
    const io = captureIO(dir, {});
    expect(await main(['validate', '-c', 'bb-vars.yaml'], io)).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      'Error: bb-vars.yaml: 1 problem found\n' +
        '  bb-vars.yaml:45:28  repositories.api-service.variables.DEPLOY_TOKEN.env: environment variable DEPLOY_TOKEN is not set\n' +
        '    hint: set it where bb-vars runs (e.g. a secured repository variable in CI), or add `default:`\n',
    );
  });

  it('reports an unreadable source with its location', async () => {
    const dir = await tempTree({
      'bb-vars.yaml':
        'version: 1\nworkspace: acme\nsources:\n  infra: { terraform: { outputs: missing.json } }\nworkspace_variables:\n  A: { from: infra.a }\n',
    });
    const io = captureIO(dir);
    expect(await main(['validate'], io)).toBe(1);
    expect(io.err()).toBe(
      'Error: cannot read 1 source:\n  bb-vars.yaml:4:34  sources.infra.terraform.outputs: missing.json does not exist\n    hint: create it with `terraform output -json > missing.json`\n',
    );
  });

  it('prints usage with --help and rejects unknown flags', async () => {
    const io = captureIO(process.cwd());
    expect(await main(['validate', '--help'], io)).toBe(0);
    expect(io.out()).toContain('Usage: bb-vars validate [<file>] [-c <file>]');
    const bad = captureIO(process.cwd());
    expect(await main(['validate', '--frobnicate'], bad)).toBe(1);
    expect(bad.err()).toContain("Unknown option '--frobnicate'");
  });
});

describe('bb-vars schema', () => {
  it('prints the JSON Schema', async () => {
    const io = captureIO(process.cwd());
    expect(await main(['schema'], io)).toBe(0);
    expect((JSON.parse(io.out()) as { title: string }).title).toBe('Manifest');
  });
});
