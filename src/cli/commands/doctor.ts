/**
 * `bb-vars doctor`: flags, rendering and the exit code over the doctor use case (src/doctor/).
 */
import { runDoctor } from '../../doctor/index.ts';
import { renderDoctorJson, renderDoctorText } from '../../doctor/render.ts';
import { ExitCode, UsageError } from '../../errors.ts';
import { commandHelp, manifestArgument, parseCommandArgs } from '../args.ts';
import { assertOutputWritten, writeAll, type CliIO } from '../io.ts';

const FORMATS = ['text', 'json'] as const;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('doctor', argv);
  if (values.help) {
    io.stdout.write(commandHelp('doctor') + '\n');
    return ExitCode.Ok;
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'.`);
  const config = manifestArgument(positionals[0], values.config);
  const report = await runDoctor({
    cwd: io.cwd,
    ...(config === undefined ? {} : { config }),
    io,
    nodeVersion: process.versions.node,
  });
  await writeAll(io.stdout, format === 'json' ? renderDoctorJson(report) : renderDoctorText(report));
  assertOutputWritten(io, 'the checklist');
  return report.ok ? ExitCode.Ok : ExitCode.Failure;
}
