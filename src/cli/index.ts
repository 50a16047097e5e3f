/**
 * bb-vars entry point: argv → command, and the one top-level catch that turns errors into a
 * message and an exit code. Commands are imported lazily so `--version` and `--help` stay fast.
 */
import { ExitCode, UserError } from '../errors.ts';
import type { CliIO } from './io.ts';
import { isVerbose, reportError } from './report.ts';

export { reportError };

export const VERSION = typeof __BB_VARS_VERSION__ === 'string' ? __BB_VARS_VERSION__ : '0.0.0-dev';

export const HELP = `bb-vars ${VERSION} — keep Bitbucket Pipelines variables in Git

Usage:
  bb-vars reconcile [options]     plan against live state; with --apply, apply it
  bb-vars validate [-c <file>]    offline: manifest, schema, sources, rules; no network
  bb-vars import --repo <slug>... [--workspace-variables] [-o <file>]
                                  write a manifest that reproduces today's live variables
  bb-vars sandbox [--port <n>] [--seed <file>]
                                  start the embedded Bitbucket Cloud sandbox
  bb-vars schema                  print the manifest's JSON Schema
  bb-vars --help | --version

Run 'bb-vars <command> --help' for a command's options.
Docs: README.md (manifest reference, CI recipes, permissions).`;

type CommandModule = { run(argv: string[], io: CliIO): Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  reconcile: () => import('./commands/reconcile.ts'),
  validate: () => import('./commands/validate.ts'),
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
    const load = commands[name];
    if (!load) {
      const known = Object.keys(commands).join(', ');
      throw new UserError(`Unknown command '${name}'. Commands: ${known}. Run 'bb-vars --help'.`);
    }
    const command = await load();
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, verbose);
  }
}
