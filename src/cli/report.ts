/**
 * The one place errors become what users see: a message and an exit code, never a stack trace
 * unless asked for. Used by the entry point and, in the bundle, by each command's own file
 * (commands are bundled separately, so their error classes are their own copies).
 */
import { visible } from '../core/escape.ts';
import { ExitCode, InternalError, UserError } from '../errors.ts';
import type { CliIO } from './io.ts';

/** `--verbose` anywhere in the arguments, or DEBUG naming bb-vars. */
export function isVerbose(argv: readonly string[], io: Pick<CliIO, 'env'>): boolean {
  return argv.includes('--verbose') || (io.env.DEBUG ?? '').includes('bb-vars');
}

/** Prints an error the way users should see it; returns the exit code. */
export function reportError(error: unknown, io: CliIO, verbose: boolean): number {
  if (error instanceof UserError) {
    io.stderr.write(`Error: ${lines(error.message)}\n`);
    if (verbose && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const bug = error instanceof InternalError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`Error: unexpected failure: ${lines(message)}\n`);
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Run again with --verbose for details.\n');
  io.stderr.write(
    `This is a bug in bb-vars${bug ? '' : ' or its environment'}; please report it with the output of --verbose.\n`,
  );
  return ExitCode.Failure;
}

/** A message's own lines kept, each one `visible`: a name quoted in it cannot drive the terminal. */
function lines(message: string): string {
  return message.split('\n').map(visible).join('\n');
}
