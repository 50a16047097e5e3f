// Cold start: `bb-vars --version` and `bb-vars validate` of the example, against `node -e 0` on
// the same machine. Runs are interleaved (so load changes hit every command alike) and the
// median is reported.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function coldStart({ root, runs }) {
  const cli = join(root, 'dist', 'bin.mjs');
  const example = join(root, 'examples');
  // The example reads DEPLOY_TOKEN from the CI environment.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DEPLOY_TOKEN: 'bench-not-a-secret', NO_COLOR: '1' };
  const commands = {
    'node -e 0': { args: ['-e', '0'], cwd: root },
    'bb-vars --version': { args: [cli, '--version'], cwd: root },
    'bb-vars validate -c examples/bb-vars.yaml': { args: [cli, 'validate', '-c', 'examples/bb-vars.yaml'], cwd: root },
    'bb-vars validate (manifest search, in examples/)': { args: [cli, 'validate'], cwd: example },
  };
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const { args, cwd } of Object.values(commands)) {
    const warm = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
    if (warm.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${warm.status}): ${warm.stderr}`);
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, { args, cwd }] of Object.entries(commands)) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, args, { cwd, env, stdio: 'ignore' });
      times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const baseline = median(times['node -e 0']);
  return {
    runs,
    commands: Object.entries(times).map(([name, t]) => ({
      name,
      medianMs: median(t),
      minMs: Math.min(...t),
      ratio: median(t) / baseline,
    })),
  };
}
