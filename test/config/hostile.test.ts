/** Hostile manifests stay harmless: a clear error, no prototype pollution (a hang fails the test's timeout). */
import { describe, expect, it } from 'vitest';
import { loadManifest, parseManifest } from '../../src/config/load.ts';
import { ConfigError, formatIssue } from '../../src/errors.ts';
import { parseOutputsJson } from '../../src/sources/terraform-parse.ts';
import { tempTree } from '../support/files.ts';

async function firstIssue(text: string): Promise<string> {
  const error = await (async () => {
    try {
      parseManifest(text, { file: '/x/bb-vars.yaml', displayFile: 'bb-vars.yaml' });
      return undefined;
    } catch (e) {
      return e;
    }
  })();
  expect(error).toBeInstanceOf(ConfigError);
  return formatIssue((error as ConfigError).issues[0]!);
}

describe('hostile manifests', () => {
  it('refuses a YAML alias bomb', async () => {
    const lines = ['version: 1', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
      ['i', 'h'],
    ] as const) {
      lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    expect(await firstIssue(lines.join('\n') + '\n')).toMatch(
      /^bb-vars\.yaml:\d+:\d+ {2}expands to more than 100000 nodes\n {4}hint: aliases \(\*name\) that expand to huge documents are refused; write the values out$/,
    );
  });

  it('refuses a self-referencing alias', async () => {
    expect(await firstIssue('version: 1\nworkspace_variables: &x\n  A: *x\n')).toMatch(
      /^bb-vars\.yaml:\d+:\d+ {2}(nested more than 64 levels deep|expands to more)/,
    );
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key without polluting prototypes', async (key) => {
    const text = `version: 1\nworkspace_variables:\n  ${key}:\n    polluted: yes\n  A: x\n${key}: { polluted: yes }\n`;
    const issues = await (async () => {
      try {
        parseManifest(text, { file: '/x/bb-vars.yaml', displayFile: 'bb-vars.yaml' });
        return [];
      } catch (error) {
        return (error as ConfigError).issues.map(formatIssue);
      }
    })();
    expect(issues).toEqual([
      `bb-vars.yaml:3:3  workspace_variables.${key}: '${key}' is not allowed as a key\n    hint: it is a reserved JavaScript name; rename the key`,
      `bb-vars.yaml:6:1  ${key}: '${key}' is not allowed as a key\n    hint: it is a reserved JavaScript name; rename the key`,
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('keeps a __proto__ output key in Terraform JSON as plain data', () => {
    const outputs = parseOutputsJson(
      '{"__proto__": {"value": {"polluted": 1}, "sensitive": false}, "a": {"value": "b"}}',
    );
    expect([...outputs.keys()]).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses very deep flow nesting before the YAML parser sees it', async () => {
    expect(await firstIssue(`version: 1\nx: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`)).toBe(
      'bb-vars.yaml:2:104  nested more than 100 levels deep\n    hint: a bb-vars manifest needs fewer than 10 levels; check the file is the right one',
    );
  });

  it('refuses a quoted value of megabytes before the YAML parser sees it', async () => {
    expect(await firstIssue(`version: 1\nworkspace_variables:\n  A: "${'x'.repeat(16 * 1024 * 1024)}"\n`)).toBe(
      'bb-vars.yaml:3:6  a quoted value of more than 1,000,000 characters\n    hint: Bitbucket allows about 120,000 characters of variables per pipeline step: read large content at run time instead',
    );
  });

  it('names a duplicate key among 20,000, with the line of the other', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `  K${i}: v`);
    expect(await firstIssue(`version: 1\nworkspace_variables:\n${keys.join('\n')}\n  K7: again\n`)).toBe(
      "bb-vars.yaml:20003:3  duplicate key 'K7': a key may appear once per mapping\n    hint: remove or rename one of the two entries (the other is on line 10)",
    );
  });

  it('refuses deep block nesting', async () => {
    let text = 'version: 1\n';
    for (let i = 0; i < 80; i++) text += `${' '.repeat(i)}k${i}:\n`;
    text += `${' '.repeat(80)}v\n`;
    expect(await firstIssue(text)).toMatch(/^bb-vars\.yaml:\d+:\d+ {2}nested more than 64 levels deep/);
  });

  it('refuses a file over 32 MB without parsing it', async () => {
    const dir = await tempTree({ 'bb-vars.yaml': `version: 1\n# ${'x'.repeat(32 * 1024 * 1024)}\n` });
    await expect(loadManifest({ cwd: dir })).rejects.toThrow(
      'bb-vars.yaml: 1 problem found\n  bb-vars.yaml  the file is 32.0 MB; a manifest may be at most 32 MB\n    hint: check that --config points at the manifest',
    );
  });

  it('refuses binary garbage and invalid UTF-8', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256);
    const dir = await tempTree({
      'bb-vars.yaml': garbage,
      'latin1.yaml': Buffer.from('version: 1\nworkspace_variables:\n  A: caf\xe9\n', 'latin1'),
    });
    await expect(loadManifest({ cwd: dir })).rejects.toThrow(
      /^bb-vars\.yaml: 1 problem found\n {2}bb-vars\.yaml {2}contains a NUL byte at offset \d+: this looks like a binary file, not a manifest/,
    );
    await expect(loadManifest({ cwd: dir, config: 'latin1.yaml' })).rejects.toThrow(
      'latin1.yaml  is not valid UTF-8 text\n    hint: save the manifest as UTF-8',
    );
  });

  it('reports YAML syntax errors with position and no stack', async () => {
    expect(await firstIssue('version: 1\nworkspace_variables:\n  A: [unclosed\n  B: x\n')).toMatch(
      /^bb-vars\.yaml:\d+:\d+ {2}invalid YAML: /,
    );
  });
});
