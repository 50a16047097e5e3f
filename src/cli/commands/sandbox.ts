/**
 * `bb-vars sandbox`: start the embedded Bitbucket Cloud sandbox, print `export` lines for the
 * environment bb-vars needs, and serve until SIGINT/SIGTERM (or the caller's AbortSignal).
 */
import { randomBytes } from 'node:crypto';
import { UsageError, UserError } from '../../errors.ts';
import {
  defaultSeed,
  loadSeedFile,
  sandboxEnv,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../sandbox/index.ts';
import { commandHelp, parseCommandArgs, parsePositiveInt } from '../args.ts';
import type { CliIO } from '../io.ts';
import { isAbsolute, join } from 'node:path';

/** Hooks for tests and embedders: stop without a signal, and see the sandbox once it is up. */
export interface SandboxRunOptions {
  signal?: AbortSignal;
  onReady?: (sandbox: Sandbox) => void;
}

const SAFE = /^[A-Za-z0-9_./:@%+,=-]+$/;

/** POSIX shell quoting: bare when safe, else single quotes with `'\''` for embedded quotes. */
export function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function parseRateLimit(value: string | undefined): SandboxOptions['rateLimit'] {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) <= 0) {
    throw new UsageError(`--rate-limit must look like <requests>/<seconds>, e.g. 1000/3600, got '${value}'.`);
  }
  return { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

function parseNonNegative(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`--${flag} must be a whole number of milliseconds (0 or more), got '${value}'.`);
  return Number(value);
}

export async function run(argv: string[], io: CliIO, hooks: SandboxRunOptions = {}): Promise<number> {
  const { values } = parseCommandArgs('sandbox', argv);
  if (values.help) {
    io.stdout.write(commandHelp('sandbox') + '\n');
    return 0;
  }
  const options: SandboxOptions = {
    host: values.host ?? '127.0.0.1',
    port: values.port === '0' ? 0 : (parsePositiveInt('port', values.port, 65535) ?? 0),
    seed:
      values.seed === undefined
        ? defaultSeed()
        : loadSeedFile(isAbsolute(values.seed) ? values.seed : join(io.cwd, values.seed)),
    paginationBugs: values['no-pagination-bugs'] !== true,
  };
  const latency = parseNonNegative('latency', values.latency);
  if (latency !== undefined) options.latencyMs = latency;
  const rateLimit = parseRateLimit(values['rate-limit']);
  if (rateLimit) options.rateLimit = rateLimit;
  const ttl = parsePositiveInt('token-ttl', values['token-ttl']);
  if (ttl !== undefined) options.tokenTtlSeconds = ttl;

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(
        `Port ${options.port} is already in use. Pick another with --port, or omit it to use any free port.`,
      );
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UserError(`Cannot listen on ${options.host}: no such local address. Use --host 127.0.0.1.`);
    throw error;
  }

  // A fresh key per run (32 random bytes, 43 base64url characters): the sandbox forgets everything when it stops anyway.
  const env = { ...sandboxEnv(sandbox), BB_VARS_FINGERPRINT_KEY: randomBytes(32).toString('base64url') };
  for (const [name, value] of Object.entries(env)) io.stdout.write(`export ${name}=${shellQuote(value)}\n`);
  io.stderr.write(`# Bitbucket Cloud sandbox listening at ${sandbox.url} — press Ctrl-C to stop.\n`);
  hooks.onReady?.(sandbox);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      hooks.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop, { once: true });
  });
  await sandbox.close();
  io.stderr.write('# Sandbox stopped.\n');
  return 0;
}
