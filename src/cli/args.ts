/**
 * Parsing and help, both from a command's spec (specs.ts): what `--help` shows is what the parser
 * accepts. Unknown flags and commands get a did-you-mean.
 */
import { parseArgs } from 'node:util';
import { closest } from '../core/suggest.ts';
import { UsageError } from '../errors.ts';
import { COMMANDS, type CommandName, type CommandSpec } from './specs.ts';

/**
 * Parses one command's arguments strictly. Unknown flags are refused with the closest known one,
 * and positionals beyond what the command takes with what it takes. An option whose value may be
 * left out (`optionalValue`), which node's parseArgs cannot express, gets a following argument
 * that matches folded into it, else an empty value.
 */
export type Parsed<N extends CommandName> = ReturnType<
  typeof parseArgs<{ options: (typeof COMMANDS)[N]['options']; allowPositionals: true; strict: true }>
>;

export function parseCommandArgs<N extends CommandName>(name: N, argv: readonly string[]): Parsed<N> {
  const spec: CommandSpec = COMMANDS[name];
  const options = spec.options;
  const normalized: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const key = arg.startsWith('--') ? arg.slice(2) : '';
    const optional = Object.hasOwn(options, key) ? options[key]!.optionalValue : undefined;
    if (optional) {
      const next = argv[i + 1];
      if (next !== undefined && optional.test(next)) {
        normalized.push(`${arg}=${next}`);
        i++;
      } else normalized.push(`${arg}=`);
    } else normalized.push(arg);
  }
  const more = `Run 'bb-vars ${name} --help' for the options.`;
  let parsed: Parsed<N>;
  try {
    parsed = parseArgs({ args: normalized, options, allowPositionals: true, strict: true }) as Parsed<N>;
  } catch (error) {
    throw new UsageError(`${describeParseError(error, spec)}\n${more}`);
  }
  const max = spec.positionals?.max ?? 0;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals[max]!;
    const takes = spec.positionals
      ? `takes at most ${max} argument${max === 1 ? '' : 's'} (${spec.positionals.name})`
      : 'takes no arguments';
    throw new UsageError(`Unexpected argument '${extra}': bb-vars ${name} ${takes}.\n${more}`);
  }
  return parsed;
}

function describeParseError(error: unknown, spec: CommandSpec): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(
    /\. To specify a positional.*$/s,
    '',
  );
  const code = (error as { code?: string }).code;
  const unknown = /^Unknown option '(-{1,2})([^'=]+)'/.exec(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const suggestion = closest(unknown[2]!, Object.keys(spec.options));
    if (suggestion) return `Unknown option '${unknown[1]}${unknown[2]}'. Did you mean '--${suggestion}'?`;
    return `Unknown option '${unknown[1]}${unknown[2]}'.`;
  }
  return message;
}

/** The manifest a command was given as `<file>` or `-c <file>` (both only when they agree). */
export function manifestArgument(file: string | undefined, config: string | undefined): string | undefined {
  if (file !== undefined && config !== undefined && file !== config)
    throw new UsageError(`Two manifests given: '${file}' and -c '${config}'. Pass one.`);
  return file ?? config;
}

export function parsePositiveInt(
  flag: string,
  value: string | undefined,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${flag} must be a whole number between 1 and ${max}, got '${value}'.`);
  }
  return Number(value);
}

/** `bb-vars <name> --help`. */
export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  const flags = Object.entries(spec.options).map(([long, o]) => {
    const value = o.value === undefined ? '' : ` ${o.value}`;
    return { flag: `${o.short ? `-${o.short}, ` : '    '}--${long}${value}`, help: o.help.split('\n') };
  });
  const width = Math.max(...flags.map((f) => f.flag.length)) + 2;
  const lines = [`Usage: bb-vars ${name}${spec.usage ? ` ${spec.usage}` : ''}`, '', spec.description, '', 'Options:'];
  for (const f of flags) {
    lines.push(`  ${f.flag.padEnd(width)}${f.help[0]}`);
    for (const more of f.help.slice(1)) lines.push(`  ${' '.repeat(width)}${more}`);
  }
  if (spec.footer) lines.push('', spec.footer);
  return lines.join('\n');
}

/** `bb-vars --help`. */
export function mainHelp(version: string): string {
  const lines = [`bb-vars ${version} — keep Bitbucket Pipelines variables in Git`, '', 'Usage:'];
  for (const [name, spec] of Object.entries(COMMANDS) as Array<[string, CommandSpec]>) {
    const usage = `bb-vars ${name}${spec.usage ? ` ${spec.usage}` : ''}`;
    if (usage.length <= 30) lines.push(`  ${usage.padEnd(32)}${spec.summary}`);
    else lines.push(`  ${usage}`, `  ${' '.repeat(32)}${spec.summary}`);
  }
  lines.push(
    '  bb-vars --help | --version',
    '',
    "Run 'bb-vars <command> --help' for a command's options.",
    'Docs: docs/cli.md (commands, options, exit codes); README.md (manifest, CI, permissions).',
  );
  return lines.join('\n');
}
