import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses one command's flags strictly. `--comment-pr` takes an optional value, which node's
 * parseArgs cannot express: a following pull-request number is folded into `--comment-pr=<n>`.
 */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  const normalized: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--comment-pr' && 'comment-pr' in options) {
      const next = argv[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        normalized.push(`--comment-pr=${next}`);
        i++;
      } else normalized.push('--comment-pr=');
    } else normalized.push(arg);
  }
  try {
    return parseArgs({ args: normalized, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message.replace(/\. To specify a positional.*$/s, '')}\nRun 'bb-vars ${command} --help' for the options.`);
  }
}

export function parsePositiveInt(flag: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${flag} must be a whole number between 1 and ${max}, got '${value}'.`);
  }
  return Number(value);
}
