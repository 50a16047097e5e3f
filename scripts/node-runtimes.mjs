// Fetches the Node.js runtimes that test/e2e/node-matrix.test.ts runs the built CLI on, besides the
// one running the suite: the npm registry's node-<platform>-<arch> packages, unpacked into a cache
// that later runs reuse ($XDG_CACHE_HOME or ~/.cache, then bb-vars/node-<version>/).
//   node scripts/node-runtimes.mjs     fetch what is missing; print each runtime's node binary
// .ci/run calls it before npm test; the test fails, naming this script, when a runtime is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js versions users run (22 and 24), as published on npm. */
export const RUNTIMES = ['22.23.5', '24.22.3'];

const CACHE = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'bb-vars');

/** Where the `node` binary of runtime `version` is once fetched. */
export function runtimePath(version) {
  return join(CACHE, `node-${version}`, 'bin', 'node');
}

/** Fetches runtime `version` unless it is cached; returns its `node` binary. */
function fetchRuntime(version) {
  const bin = runtimePath(version);
  if (existsSync(bin)) return bin;
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(join(CACHE, 'fetch-'));
  try {
    // npm pack downloads a package's tarball from the registry, without installing it.
    const spec = `node-${process.platform}-${process.arch}@${version}`;
    const packed = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename }] = JSON.parse(packed);
    execFileSync('tar', ['-xzf', join(work, filename), '-C', work]);
    // Moved into place only when complete: an interrupted fetch leaves no half runtime behind.
    renameSync(join(work, 'package'), join(CACHE, `node-${version}`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const version of RUNTIMES) console.log(fetchRuntime(version));
}
