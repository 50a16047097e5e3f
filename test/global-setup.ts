// End-to-end tests spawn the bundled CLI: build it once before any test runs. A failed build
// removes dist/cli.cjs so those tests fail loudly, while unit tests still run.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export default function setup(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  } catch {
    rmSync('dist/cli.cjs', { force: true });
    console.error('global-setup: the build failed; end-to-end tests will fail until it builds.');
  }
}
