// `npm run demo`: the README's first command. Starts the embedded Bitbucket sandbox in-process
// (seeded with a realistic workspace), then runs plan → apply → plan on examples/bb-vars.yaml.
// No account, no network beyond 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { main, startSandbox, sandboxEnv } from '../dist/lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join('examples', 'bb-vars.yaml');
const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\x1b[1m${s}\x1b[0m` : s);

const sandbox = await startSandbox();
const env = {
  ...process.env,
  ...sandboxEnv(sandbox),
  // The example reads DEPLOY_TOKEN from the CI environment, as a pipeline would provide it.
  DEPLOY_TOKEN: process.env.DEPLOY_TOKEN ?? 'demo-deploy-token-not-a-secret',
  CI: process.env.CI ?? 'true',
  // Required; in CI a secured variable made once with `openssl rand -base64 32` (docs/ownership.md).
  BB_VARS_FINGERPRINT_KEY: process.env.BB_VARS_FINGERPRINT_KEY ?? randomBytes(32).toString('base64'),
};
for (const k of ['BITBUCKET_ACCESS_TOKEN', 'BITBUCKET_USERNAME', 'BITBUCKET_API_TOKEN']) delete env[k];

console.log(bold(`Bitbucket sandbox listening at ${sandbox.url} (workspace ${env.BITBUCKET_WORKSPACE}).`));
const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env, cwd: root };

async function step(title, args) {
  console.log('\n' + bold(`$ bb-vars ${args.join(' ')}`) + `   # ${title}`);
  const code = await main(args, io);
  console.log(`(exit code ${code})`);
  return code;
}

let failed = false;
try {
  const first = await step('1. plan: what would change', ['reconcile', '-c', manifest, '--detailed-exitcode']);
  const applied = await step('2. apply it', ['reconcile', '-c', manifest, '--apply']);
  const again = await step('3. plan again: nothing left to do', ['reconcile', '-c', manifest, '--detailed-exitcode']);
  failed = first !== 2 || applied !== 0 || again !== 0;
  console.log(
    '\n' +
      bold(
        failed
          ? 'Demo did not end as expected (see above).'
          : 'Done: the first plan showed the changes, apply made them, and the second plan found nothing to change.',
      ),
  );
} finally {
  await sandbox.close();
}
process.exitCode = failed ? 1 : 0;
