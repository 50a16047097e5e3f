/** `bb-vars schema`: prints the manifest's JSON Schema (inlined at build time, no file lookup). */
import { manifestSchema } from '../../config/validate.ts';
import { ExitCode } from '../../errors.ts';
import { commandHelp, parseCommandArgs } from '../args.ts';
import { assertOutputWritten, writeAll, type CliIO } from '../io.ts';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('schema', argv);
  if (values.help) {
    io.stdout.write(commandHelp('schema') + '\n');
    return ExitCode.Ok;
  }
  await writeAll(io.stdout, JSON.stringify(manifestSchema, null, 2) + '\n');
  assertOutputWritten(io, 'the schema');
  return ExitCode.Ok;
}
