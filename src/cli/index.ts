/**
 * bb-vars entry point: argv → command, and the one top-level catch that turns errors into a
 * message and an exit code. Commands are imported lazily so `--version` and `--help` stay fast.
 */
import { closest } from '../core/suggest.ts';
import { ExitCode, UsageError } from '../errors.ts';
import { mainHelp } from './args.ts';
import type { CliIO } from './io.ts';
import { isVerbose, reportError } from './report.ts';
import { ALIASES, COMMANDS, type CommandName } from './specs.ts';

export { reportError };

export const VERSION = typeof __BB_VARS_VERSION__ === 'string' ? __BB_VARS_VERSION__ : '0.0.0-dev';

export const HELP = mainHelp(VERSION);

type CommandModule = { run(argv: string[], io: CliIO): Promise<number> };

const commands: Record<CommandName, () => Promise<CommandModule>> = {
  reconcile: () => import('./commands/reconcile.ts'),
  validate: () => import('./commands/validate.ts'),
  doctor: () => import('./commands/doctor.ts'),
  publish: () => import('./commands/publish.ts'),
  import: () => import('./commands/import.ts'),
  sandbox: () => import('./commands/sandbox.ts'),
  schema: () => import('./commands/schema.ts'),
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const verbose = isVerbose(argv, io);
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(HELP + '\n');
      return name === undefined ? ExitCode.Failure : ExitCode.Ok;
    }
    if (name === '--version' || name === '-v' || name === 'version') {
      io.stdout.write(VERSION + '\n');
      return ExitCode.Ok;
    }
    if (!Object.hasOwn(commands, name)) throw unknownCommand(name);
    const command = await commands[name as CommandName]();
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, verbose);
  }
}

function unknownCommand(name: string): UsageError {
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (alias)
    return new UsageError(`bb-vars has no '${name}' command: run '${alias}'. Run 'bb-vars --help' for the commands.`);
  const suggestion = closest(name, Object.keys(COMMANDS));
  const hint = suggestion ? ` Did you mean '${suggestion}'?` : '';
  return new UsageError(
    `Unknown command '${name}'.${hint} Commands: ${Object.keys(COMMANDS).join(', ')}. Run 'bb-vars --help'.`,
  );
}
