/**
 * The benchmark's project fan-out (bench/projects.mjs, issue 15) runs, through `bench/run.mjs`
 * and the built CLI, on a small project with no latency: it finds the listing page, meets the
 * plan's lower bound, and the second plan is clean. The 1,000-repository figures in
 * docs/performance.md come from `npm run bench`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, builtCli } from '../support/cli.ts';

const run = promisify(execFile);

describe('bench: projects fan-out', () => {
  it('reports the listing page, the plan at its lower bound and a clean second plan for 12 repositories', async () => {
    builtCli();
    const args = ['--sizes', '1', '--no-memory', '--no-scale', '--no-cold-start', '--no-apply'];
    const { stdout } = await run(
      process.execPath,
      [join(ROOT, 'bench', 'run.mjs'), ...args, '--projects', '12', '--latency', '0'],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
    );
    const section = stdout.slice(stdout.indexOf('### Projects:'));
    expect(section).toContain('### Projects: one project of 12 repositories (24 scopes)');
    expect(section).toContain('`GET /repositories/{workspace}?q=project.key="FLEET"`): 1 (⌈12 / 100⌉ = 1; ok)');
    expect(section).toMatch(/first plan: (\d+) requests, lower bound \1 .*ratio 1\.00 \(target 1\.00; ok\)/);
    expect(section).toMatch(/apply: (\d+) writes \(expected \1: /);
    expect(section).toMatch(/second plan: clean \(exit 0\), (\d+) requests, lower bound \1: ratio 1\.00 \(ok\)/);
    expect(section).toContain('repositories of another project read: 0 (ok)');
    expect(section).toContain('secured value in any output: no (ok)');
    expect(section).not.toContain('MISSED');
  });
});
