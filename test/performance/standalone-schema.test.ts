/**
 * The bundle validates manifests with ajv standalone code generated at build time (fast start-up),
 * tests from source with ajv compiled at run time: both must report the same problems.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseManifest } from '../../src/config/load.ts';
import { CHECK_OPTIONS } from '../../src/config/schema-check.ts';
import { AJV_OPTIONS } from '../../src/config/schema-validators.ts';
// @ts-expect-error -- a build script in plain JavaScript, without type declarations
import * as generator from '../../scripts/schema-standalone.mjs';
import { builtCli } from '../support/cli.ts';

const INVALID: Record<string, string> = {
  'wrong version': 'version: 2\n',
  'unknown top-level key, with a suggestion': 'version: 1\nworkspace: acme\nrepostories: {}\n',
  'variable with two sources': 'version: 1\nworkspace: acme\nrepositories:\n  api:\n    variables:\n      A: { env: X, file: y }\n',
  'variable mapping without a source': 'version: 1\nworkspace: acme\nrepositories:\n  api:\n    variables:\n      A: { form: infra.x }\n',
  'bad key and bad prune': 'version: 1\nworkspace: acme\nrepositories:\n  api:\n    prune: some\n    variables:\n      1BAD: x\n',
  'workspace variables of the wrong shape': 'version: 1\nworkspace: acme\nworkspace_variables: [a, b]\n',
  'environment without a type': 'version: 1\nworkspace: acme\nrepositories:\n  api:\n    deployments:\n      prod:\n        typ: Production\n',
};

describe('bundled (standalone) schema validation', () => {
  it('is generated with the options the source compiles with', () => {
    const build = generator as { AJV_OPTIONS: unknown; CHECK_OPTIONS: unknown };
    expect(build.AJV_OPTIONS).toEqual(AJV_OPTIONS);
    expect(build.CHECK_OPTIONS).toEqual(CHECK_OPTIONS);
  });

  it.each(Object.entries(INVALID))('reports the same problems as the source for: %s', async (_, text) => {
    const dir = await mkdtemp(join(tmpdir(), 'bb-vars-standalone-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'bb-vars.yaml'), text);
    let expected = '';
    try {
      await parseManifest(text, { file: join(dir, 'bb-vars.yaml'), displayFile: 'bb-vars.yaml' });
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toMatch(/problems? found/);
    const run = spawnSync(process.execPath, [builtCli(), 'validate'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`Error: ${expected}\n`);
  });
});
