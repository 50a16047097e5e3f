/**
 * What `bb-vars validate` loads when it starts, read from the built files: the entry
 * (dist/cli.cjs) and the validate command's own file. Heavy Node.js modules are required only on
 * the paths that need them (a Terraform directory source, a large manifest).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = resolve(import.meta.dirname, '../../dist');

const read = (file: string) => readFileSync(join(DIST, file), 'utf8');

/** Modules required when the file is loaded (top level), as opposed to inside a function. */
const topLevelRequires = (code: string) => [...code.matchAll(/^var [\w$]+ = (?:__toESM\()?require\("([^"]+)"\)/gm)].map((m) => m[1]!);
/** Files required on demand: `Promise.resolve().then(() => __toESM(require("…")))`. */
const lazyRequires = (code: string) => [...code.matchAll(/Promise\.resolve\(\)\.then\(\(\) => (?:__toESM\()?require\("([^"]+)"\)/g)].map((m) => m[1]!);

describe('the built validate command', () => {
  const entry = read('cli.cjs');
  const validate = read('commands/validate.cjs');

  it('starts from a small entry that loads only the command it runs', () => {
    expect(entry.length).toBeLessThan(20_000);
    expect(lazyRequires(entry)).toEqual(['./commands/reconcile.cjs', './commands/validate.cjs', './commands/import.cjs', './commands/sandbox.cjs', './commands/schema.cjs']);
    expect(topLevelRequires(entry).every((m) => m.startsWith('node:'))).toBe(true);
  });

  it('is also reachable as dist/cli.mjs, for scripts written against earlier versions', () => {
    const version = JSON.parse(readFileSync(join(DIST, '../package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(version.bin['bb-vars']).toBe('./dist/cli.cjs');
    for (const file of ['cli.cjs', 'cli.mjs']) {
      const run = spawnSync(process.execPath, [join(DIST, file), '--version'], { encoding: 'utf8' });
      expect([run.status, run.stdout, run.stderr]).toEqual([0, `${version.version}\n`, '']);
    }
  });

  it('loads heavy Node.js modules only on the paths that use them', () => {
    const builtins = topLevelRequires(validate);
    // A Terraform directory source's child process, V8 tuning for huge manifests, the network.
    for (const heavy of ['node:child_process', 'node:v8', 'node:fs/promises', 'node:http', 'node:https']) expect(builtins).not.toContain(heavy);
    expect(builtins).toContain('node:fs');
    expect(lazyRequires(validate)).toEqual(expect.arrayContaining(['node:child_process', 'node:v8']));
  });
});
