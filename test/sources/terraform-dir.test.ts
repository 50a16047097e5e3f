/**
 * `dir:` mode runs `<binary> output -json`. No Terraform exists here, so a stand-in shell script
 * named terraform / tofu is put on a temporary PATH.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/config/load.ts';
import { SourceError } from '../../src/errors.ts';
import { main } from '../../src/cli/index.ts';
import { resolveManifest } from '../../src/sources/resolve.ts';
import { captureIO, tempTree } from '../support/files.ts';

async function standIn(dir: string, name: string, script: string): Promise<string> {
  const bin = path.join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const file = path.join(bin, name);
  await writeFile(file, `#!/bin/sh\n${script}\n`);
  await chmod(file, 0o755);
  return bin;
}

function manifest(source: string): string {
  return `version: 1\nworkspace: acme\nsources:\n  app:\n    terraform: ${source}\nworkspace_variables:\n  CWD: { from: app.cwd }\n  ARGS: { from: app.args }\n  TOKEN: { from: app.token }\n`;
}

const OK_SCRIPT = `printf '{"cwd": {"value": "%s", "sensitive": false}, "args": {"value": "%s", "sensitive": false}, "token": {"value": "t0k", "sensitive": true}}' "$(pwd)" "$*"`;

async function run(source: string, script: string, name = 'terraform') {
  const dir = await tempTree({ 'tf/app/main.tf': '# stand-in\n', 'bb-vars.yaml': manifest(source) });
  const bin = await standIn(dir, name, script);
  const m = await loadManifest({ cwd: dir });
  const result = await resolveManifest(m, { env: { PATH: `${bin}:/usr/bin:/bin` } }).catch((e: unknown) => e);
  return { dir, result };
}

describe('terraform dir mode', () => {
  it('runs `terraform output -json` in the directory and uses its outputs', async () => {
    const { dir, result } = await run('{ dir: tf/app }', OK_SCRIPT);
    const r = result as Awaited<ReturnType<typeof resolveManifest>>;
    expect(r.desired.scopes[0]!.variables.map((v) => [v.key, v.value, v.secured])).toEqual([
      ['CWD', path.join(dir, 'tf/app'), false],
      ['ARGS', 'output -json', false],
      ['TOKEN', 't0k', true],
    ]);
    expect(r.sourcesRead).toEqual(['app: `terraform output -json` in tf/app']);
  });

  it('runs tofu when binary: tofu', async () => {
    const { result } = await run('{ dir: tf/app, binary: tofu }', OK_SCRIPT, 'tofu');
    expect((result as Awaited<ReturnType<typeof resolveManifest>>).desired.scopes[0]!.variables[1]!.value).toBe(
      'output -json',
    );
  });

  it('reports a failing command with its stderr, located at the source', async () => {
    const { result } = await run(
      '{ dir: tf/app }',
      `echo '{"token": {"value": "LEAKED-VALUE"}}'; echo 'Error: Backend initialization required, please run "terraform init"' >&2; exit 1`,
    );
    expect(result).toBeInstanceOf(SourceError);
    const message = (result as SourceError).message;
    expect(message).toBe(
      'cannot read 1 source:\n' +
        '  bb-vars.yaml:5:23  sources.app.terraform.dir: `terraform output -json` exited with code 1:\n' +
        '      Error: Backend initialization required, please run "terraform init"\n' +
        '    hint: run it yourself in that directory; `terraform init` may be needed',
    );
    expect(message).not.toContain('LEAKED');
  });

  it('explains a missing binary', async () => {
    const { result } = await run('{ dir: tf/app, binary: tofu }', OK_SCRIPT, 'not-tofu');
    expect((result as Error).message).toBe(
      "cannot read 1 source:\n  bb-vars.yaml:5:23  sources.app.terraform.dir: 'tofu' was not found on PATH\n    hint: install OpenTofu (https://opentofu.org/docs/intro/install/), or set `binary:` to its path",
    );
    const plain = await run('{ dir: tf/app }', OK_SCRIPT, 'not-terraform');
    expect((plain.result as Error).message).toContain(
      "'terraform' was not found on PATH\n    hint: install Terraform (https://developer.hashicorp.com/terraform/install), set `binary: tofu` for OpenTofu",
    );
  });

  // A command that was not killed would outlast the test's timeout: sleep 600 fails the test.
  it('kills a command that exceeds the timeout', async () => {
    const { result } = await run('{ dir: tf/app, timeout: 1 }', 'sleep 600');
    expect((result as Error).message).toContain(
      'sources.app.terraform.dir: `terraform output -json` timed out after 1s\n    hint: raise `timeout:`',
    );
  });

  it('reports a missing directory without running anything', async () => {
    const { result } = await run('{ dir: tf/nope }', 'exit 3');
    expect((result as Error).message).toContain(
      'sources.app.terraform.dir: directory tf/nope does not exist\n    hint: the path is relative to the manifest',
    );
  });

  it('refuses output that is not JSON, without echoing it', async () => {
    const { result } = await run('{ dir: tf/app }', 'echo "password=hunter2"');
    expect((result as Error).message).toContain(
      'sources.app.terraform.dir: the output of `terraform output -json` invalid JSON at line 1, column 1',
    );
    expect((result as Error).message).not.toContain('hunter2');
  });

  it('validate runs nothing (it is offline): it checks the directory exists and says what it left out', async () => {
    const dir = await tempTree({
      'tf/app/main.tf': '# stand-in\n',
      'bb-vars.yaml': manifest('{ dir: tf/app }') + '  PLAIN: x\n',
    });
    const marker = path.join(dir, 'ran');
    const bin = await standIn(dir, 'terraform', `touch '${marker}'; ${OK_SCRIPT}`);
    const io = captureIO(dir, { PATH: `${bin}:/usr/bin:/bin` });
    expect(await main(['validate'], io)).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(io.out()).toContain(
      '  variables:  1 (0 secured); 3 more from Terraform dir: sources, which only reconcile runs\n',
    );
    expect(io.out()).toContain('  sources:    app: `terraform output -json` in tf/app\n');

    const missing = await tempTree({ 'bb-vars.yaml': manifest('{ dir: tf/nope }') });
    const bad = captureIO(missing, { PATH: `${bin}:/usr/bin:/bin` });
    expect(await main(['validate'], bad)).toBe(1);
    expect(bad.err()).toContain('sources.app.terraform.dir: directory tf/nope does not exist');
    expect(existsSync(marker)).toBe(false);
  });

  it('an unknown output says that null outputs are left out of `terraform output -json`', async () => {
    const { result } = await run('{ dir: tf/app }', `printf '{"cwd": {"value": "x"}, "args": {"value": "y"}}'`);
    expect((result as Error).message).toContain(
      "workspace_variables.TOKEN.from: unknown output 'token' in source 'app'\n    hint: `terraform output -json` in tf/app has: cwd, args; outputs whose value is null are omitted by `terraform output -json`",
    );
  });
});
