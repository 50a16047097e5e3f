import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest, SEARCH_PLACES } from '../../src/config/load.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';
import { tempTree } from '../support/files.ts';

const YAML = 'version: 1\nworkspace: acme\nworkspace_variables:\n  FROM: yaml\n';
const JSON_TEXT = '{\n  "version": 1,\n  "workspace": "acme",\n  "workspace_variables": { "FROM": "json" }\n}\n';

describe('finding the manifest', () => {
  it.each([
    ['bb-vars.yaml', YAML],
    ['bb-vars.yml', YAML],
    ['.bb-varsrc', YAML],
    ['.bb-varsrc.json', JSON_TEXT],
    ['.bb-varsrc.yaml', YAML],
    ['.bb-varsrc.yml', YAML],
  ])('finds %s in the cwd', async (name, text) => {
    const dir = await tempTree({ [name]: text });
    const m = await loadManifest({ cwd: dir });
    expect(m.file).toBe(path.join(dir, name));
    expect(m.displayFile).toBe(name);
    expect(m.manifest.workspace_variables).toEqual({ FROM: text === YAML ? 'yaml' : 'json' });
  });

  it('reads the "bb-vars" key of package.json, with positions inside package.json', async () => {
    const dir = await tempTree({
      'package.json': '{\n  "name": "x",\n  "bb-vars": {\n    "version": 1,\n    "workspce": "acme"\n  }\n}\n',
    });
    const error = await loadManifest({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map(formatIssue)).toEqual([
      "package.json:5:5  workspce: unknown property 'workspce'; did you mean 'workspace'?\n    hint: allowed here: version, id, workspace, home, prune, sources, workspace_variables, repositories, policy, projects",
    ]);
  });

  it('searches in the documented order and from subdirectories up to the project root', async () => {
    expect(SEARCH_PLACES).toEqual([
      'bb-vars.yaml',
      'bb-vars.yml',
      '.bb-varsrc',
      '.bb-varsrc.json',
      '.bb-varsrc.yaml',
      '.bb-varsrc.yml',
      'package.json',
    ]);
    const dir = await tempTree({ 'bb-vars.yml': YAML, '.bb-varsrc.json': JSON_TEXT, 'deep/er/.keep': '' });
    const m = await loadManifest({ cwd: path.join(dir, 'deep/er') });
    expect(m.file).toBe(path.join(dir, 'bb-vars.yml'));
    expect(m.dir).toBe(dir);
  });

  it('says where it looked and how to create one when nothing is found', async () => {
    const dir = await tempTree({});
    await expect(loadManifest({ cwd: dir })).rejects.toThrow(
      `No bb-vars manifest found in ${dir} or its parent directories (up to the project root).\n` +
        '  Looked for: bb-vars.yaml, bb-vars.yml, .bb-varsrc, .bb-varsrc.json, .bb-varsrc.yaml, .bb-varsrc.yml, and a "bb-vars" key in package.json.\n' +
        '  hint: create bb-vars.yaml starting with `version: 1` (see the README, "The manifest"), or pass --config <file>.',
    );
  });

  it('reports an empty manifest instead of skipping it', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': '# nothing yet\n' });
    await expect(loadManifest({ cwd: dir })).rejects.toThrow(
      'bb-vars.yaml  the manifest is empty\n    hint: start with `version: 1`',
    );
  });
});

describe('--config', () => {
  it('loads exactly that file, relative to the cwd, with paths relative to its own directory', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': 'version: 1\nworkspace: other\n', 'conf/prod.yaml': YAML });
    const m = await loadManifest({ cwd: dir, config: 'conf/prod.yaml' });
    expect(m.manifest.workspace).toBe('acme');
    expect(m.displayFile).toBe(path.join('conf', 'prod.yaml'));
    expect(m.dir).toBe(path.join(dir, 'conf'));
  });

  it('explains a missing file', async () => {
    const dir = await tempTree({});
    await expect(loadManifest({ cwd: dir, config: 'nope.yaml' })).rejects.toThrow(
      `Manifest nope.yaml not found (looked at ${path.join(dir, 'nope.yaml')}).\n  hint: check the --config path`,
    );
  });

  it('never runs JavaScript or TypeScript configuration', async () => {
    const dir = await tempTree({ 'bb-vars.config.js': 'globalThis.ran = true; export default { version: 1 }\n' });
    await expect(loadManifest({ cwd: dir, config: 'bb-vars.config.js' })).rejects.toThrow(
      'bb-vars.config.js: JavaScript and TypeScript manifests are not supported (configuration never runs code).',
    );
    expect((globalThis as Record<string, unknown>).ran).toBeUndefined();
  });

  it('reads a JSON manifest with positions', async () => {
    const dir = await tempTree({ 'm.json': '{\n  "version": 1,\n  "prune": "sometimes"\n}\n' });
    await expect(loadManifest({ cwd: dir, config: 'm.json' })).rejects.toThrow(
      "m.json:3:12  prune: must be one of managed, all, none, not 'sometimes'",
    );
  });
});

describe('which place wins', () => {
  const trees: Array<[string, Record<string, string>, string, string]> = [
    ['bb-vars.yaml only', { 'bb-vars.yaml': YAML }, '.', 'bb-vars.yaml'],
    [
      'each place, first wins',
      {
        'bb-vars.yml': YAML,
        '.bb-varsrc': YAML,
        '.bb-varsrc.json': JSON_TEXT,
        'package.json': '{"bb-vars":{"version":1}}',
      },
      '.',
      'bb-vars.yml',
    ],
    [
      '.bb-varsrc.yml before package.json',
      { '.bb-varsrc.yml': YAML, 'package.json': '{"bb-vars":{"version":1}}' },
      '.',
      '.bb-varsrc.yml',
    ],
    ['a directory named like the first place', { 'bb-vars.yaml/.keep': '', 'bb-vars.yml': YAML }, '.', 'bb-vars.yml'],
    [
      'in a subdirectory of the project root',
      { 'package.json': '{"name":"x"}', 'a/bb-vars.yaml': YAML },
      'a',
      'a/bb-vars.yaml',
    ],
    ['package.json with the key', { 'package.json': '{"bb-vars":{"version":1}}' }, '.', 'package.json'],
    ['only in a parent directory', { '.bb-varsrc.json': JSON_TEXT, 'a/b/.keep': '' }, 'a/b', '.bb-varsrc.json'],
  ];
  it.each(trees)('%s', async (_name, files, start, expected) => {
    const dir = await tempTree(files);
    const cwd = path.join(dir, start);
    expect((await loadManifest({ cwd })).file).toBe(path.join(dir, expected));
  });

  it('stops at the project root: a directory with a package.json, even one without "bb-vars"', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': YAML, 'app/package.json': '{"name":"app"}', 'app/src/.keep': '' });
    const cwd = path.join(dir, 'app/src');
    await expect(loadManifest({ cwd })).rejects.toThrow(
      `No bb-vars manifest found in ${cwd} or its parent directories`,
    );
  });
});
