/**
 * The built CLI words invalid manifests exactly as the loader does from source: one parser and one
 * schema validator, bundled. Each case is a mistake a user makes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseManifest } from '../../src/config/load.ts';
import { builtCli } from '../support/cli.ts';

const INVALID: Record<string, string> = {
  'wrong version': 'version: 2\n',
  'unknown top-level key, with a suggestion': 'version: 1\nworkspace: acme\nrepostories: {}\n',
  'variable with two sources':
    'version: 1\nworkspace: acme\nrepositories:\n  api:\n    variables:\n      A: { env: X, file: y }\n',
  'variable mapping without a source':
    'version: 1\nworkspace: acme\nrepositories:\n  api:\n    variables:\n      A: { form: infra.x }\n',
  'bad key and bad prune':
    'version: 1\nworkspace: acme\nrepositories:\n  api:\n    prune: some\n    variables:\n      1BAD: x\n',
  'workspace variables of the wrong shape': 'version: 1\nworkspace: acme\nworkspace_variables: [a, b]\n',
  'environment without a type':
    'version: 1\nworkspace: acme\nrepositories:\n  api:\n    deployments:\n      prod:\n        typ: Production\n',
  'a line indented one space too few': 'version: 1\nworkspace: acme\nworkspace_variables:\n  A: x\n B: y\n  C: z\n',
};

describe('bb-vars validate (built) on invalid manifests', () => {
  it.each(Object.entries(INVALID))('reports what the loader reports for: %s', async (_, text) => {
    const dir = await mkdtemp(join(tmpdir(), 'bb-vars-validate-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'bb-vars.yaml'), text);
    let expected = '';
    try {
      parseManifest(text, { file: join(dir, 'bb-vars.yaml'), displayFile: 'bb-vars.yaml' });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toMatch(/problems? found/);
    const run = spawnSync(process.execPath, [builtCli(), 'validate'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NO_COLOR: '1' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`Error: ${expected}\n`);
  });
});
