// Relative --out and --plan paths resolve against the command's working directory (CliIO.cwd),
// not the process's: the demo, the benchmark and tests run the CLI in-process.
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { main } from '../../src/cli/index.ts';
import { sandboxEnv, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { e2eEnv, e2eSeed } from '../support/seeds.ts';
import { captureIO } from '../support/files.ts';

let sandbox: Sandbox | undefined;
let dir: string | undefined;
afterEach(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('writes --out and reads --plan relative to io.cwd', async () => {
  sandbox = await startSandbox({ seed: e2eSeed() });
  dir = await mkdtemp(join(tmpdir(), 'bb-vars-paths-'));
  await cp(join(import.meta.dirname, '../e2e/fixtures/basic'), dir, { recursive: true });
  const io = captureIO(dir, { ...sandboxEnv(sandbox), ...e2eEnv() });
  expect(await main(['reconcile', '--format', 'json', '--out', 'saved-plan.json'], io)).toBe(0);
  expect(JSON.parse(await readFile(join(dir, 'saved-plan.json'), 'utf8')).format_version).toBe('1');
  expect(await main(['reconcile', '--apply', '--plan', 'saved-plan.json'], io)).toBe(0);
  expect(io.err()).not.toContain('Error');
});
