/**
 * How many requests the built CLI keeps in flight, as the sandbox sees them (overlapping request
 * intervals, with latency injected so overlaps are real): a small plan reads with up to 32 at
 * once, a large one and every write with the default 8, and `--concurrency` always wins.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConcurrency } from '../../src/reconcile/read.ts';
import { peakInFlight } from '../../src/sandbox/index.ts';
import { setupCli, type Cli } from '../support/cli.ts';
import { generatedWorkspace, type GeneratedWorkspace } from '../support/generated-workspace.ts';

async function workspaceCli(ws: GeneratedWorkspace): Promise<Cli> {
  // Long enough that every request of a round is still in flight when the round's last one arrives,
  // even on a busy machine.
  const cli = await setupCli({ sandbox: { seed: ws.seed, latencyMs: 300 } });
  await writeFile(join(cli.dir, 'bb-vars.yaml'), ws.manifest);
  return cli;
}

const reads = (cli: Cli) => cli.sandbox.requests.filter((r) => r.method === 'GET');
const writes = (cli: Cli) => cli.sandbox.requests.filter((r) => r.method !== 'GET');

describe('read concurrency', () => {
  it('is the default 8, or enough to send every first page in two rounds when that takes at most 32', () => {
    expect([1, 2, 16, 17, 20, 41, 63, 64, 65, 121, 3001].map(readConcurrency)).toEqual([
      8, 8, 8, 9, 10, 21, 32, 32, 8, 8, 8,
    ]);
  });

  it('a small plan (10 repositories: 41 lists) reads 21 at a time; its apply writes 8 at a time', async () => {
    const ws = generatedWorkspace(10, 20);
    const cli = await workspaceCli(ws);
    const plan = await cli.run(['reconcile', '--apply']);
    expect(plan.code).toBe(0);
    expect(ws.minimumReads - 1).toBe(41);
    // The 10 environments lists and 11 workspace/repository lists go out together.
    expect(peakInFlight(reads(cli))).toBe(21);
    expect(writes(cli).length).toBeGreaterThan(8);
    expect(peakInFlight(writes(cli))).toBe(8);
  });

  it('--concurrency wins over the automatic choice, for reads and writes', async () => {
    const ws = generatedWorkspace(10, 20);
    const cli = await workspaceCli(ws);
    const plan = await cli.run(['reconcile', '--apply', '--concurrency', '4']);
    expect(plan.code).toBe(0);
    expect(peakInFlight(reads(cli))).toBe(4);
    expect(peakInFlight(writes(cli))).toBe(4);
  });

  it('a larger plan (30 repositories: 121 lists) keeps the default 8', async () => {
    const ws = generatedWorkspace(30, 20);
    const cli = await workspaceCli(ws);
    const plan = await cli.run(['reconcile']);
    expect(plan.code).toBe(0);
    expect(peakInFlight(reads(cli))).toBe(8);
  });
});
