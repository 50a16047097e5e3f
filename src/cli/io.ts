import { UserError } from '../errors.ts';

/** What a command may touch of the outside world; tests and the demo pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The first error writing each output stream (EPIPE when a reader such as `head` went away, ENOSPC, …). */
const failures = new WeakMap<NodeJS.WritableStream, NodeJS.ErrnoException>();

export function processIO(): CliIO {
  // A closed or failing output must not crash the run (an apply goes on and reports the truth
  // in its exit status): its errors are recorded here instead of being thrown as unhandled events.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!failures.has(stream)) failures.set(stream, error);
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: opening process.stdin costs start-up time, and only `outputs: "-"` reads it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Throws when `what` could not be written to standard output, except when the reader closed it
 * early (`| head`): that was the reader's choice, and what it read is correct.
 */
export function assertOutputWritten(io: CliIO, what: string): void {
  const failure = failures.get(io.stdout);
  if (!failure || failure.code === 'EPIPE') return;
  throw new UserError(
    `Cannot write ${what} to standard output (${failure.code ?? failure.message}): the output is incomplete. Check the disk or the file it goes to.`,
  );
}

/** Writes `text` and waits until it is handed to the system (or failed: see assertOutputWritten). */
export function writeAll(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, (error?: Error | null) => {
      // The callback sees a failure before the stream's 'error' event does.
      if (error && !failures.has(stream)) failures.set(stream, error);
      resolve();
    });
  });
}

/** Colour only on a TTY, and never with NO_COLOR set (https://no-color.org). */
export function useColor(io: CliIO): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '' && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}
