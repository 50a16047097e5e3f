/** `bb-vars schema`: prints the manifest's JSON Schema (inlined at build time, no file lookup). */
import { manifestSchema } from '../../config/validate.ts';
import { ExitCode } from '../../errors.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliIO } from '../io.ts';

const USAGE = `Usage: bb-vars schema

Prints the JSON Schema of bb-vars.yaml (format version 1), for editors and other tools:
  bb-vars schema > bb-vars.schema.json
and in bb-vars.yaml:
  # yaml-language-server: $schema=./bb-vars.schema.json`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('schema', argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(USAGE + '\n');
    return ExitCode.Ok;
  }
  io.stdout.write(JSON.stringify(manifestSchema, null, 2) + '\n');
  return ExitCode.Ok;
}
