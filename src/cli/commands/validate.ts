/**
 * `bb-vars validate`: offline check of the manifest — schema, rules, every source read and every
 * value resolved — with a short summary; with --pipelines, also of a bitbucket-pipelines.yml
 * against it (src/pipelines). Never prints a value.
 */
import { loadManifest, type LoadedManifest } from '../../config/load.ts';
import { ExitCode, UsageError, formatIssue, type Issue } from '../../errors.ts';
import { resolveManifest } from '../../sources/resolve.ts';
import { commandHelp, manifestArgument, parseCommandArgs } from '../args.ts';
import { assertOutputWritten, writeAll, type CliIO } from '../io.ts';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv);
  if (values.help) {
    io.stdout.write(commandHelp('validate') + '\n');
    return ExitCode.Ok;
  }
  if (values.repo !== undefined && values.pipelines === undefined) {
    throw new UsageError('--repo names the repository of a pipelines file: use it with --pipelines [<file>].');
  }
  const config = manifestArgument(positionals[0], values.config);
  const loaded = await loadManifest({ cwd: io.cwd, ...(config !== undefined ? { config } : {}) });
  const resolved = await resolveManifest(loaded, {
    env: io.env,
    offline: true,
    get stdin() {
      return io.stdin;
    },
  });
  const { desired } = resolved;
  const count = (type: string) => desired.scopes.filter((s) => s.scope.type === type).length;
  const variables = desired.scopes.flatMap((s) => s.variables);
  const secured = variables.filter((v) => v.secured).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `${loaded.displayFile} is valid.`,
    `  workspace:  ${desired.workspace}`,
    `  scopes:     ${desired.scopes.length} (${plural(count('workspace'), 'workspace')}, ${plural(count('repository'), 'repository').replace('repositorys', 'repositories')}, ${plural(count('deployment'), 'deployment')})`,
    `  variables:  ${variables.length} (${secured} secured)` +
      (resolved.deferred.length > 0
        ? `; ${resolved.deferred.length} more from Terraform dir: sources, which only reconcile runs`
        : ''),
    `  sources:    ${resolved.sourcesRead.length === 0 ? 'none read' : resolved.sourcesRead.join('; ')}`,
    `  warnings:   ${resolved.warnings.length}`,
  ];
  const pipelines = values.pipelines === undefined ? undefined : await checkPipelinesFile(loaded, values, io);
  if (pipelines) lines.push(`  pipelines:  ${pipelines.summary}`);
  await writeAll(io.stdout, lines.join('\n') + '\n');
  for (const issue of [...resolved.warnings, ...(pipelines?.issues ?? [])]) io.stderr.write(formatIssue(issue) + '\n');
  assertOutputWritten(io, 'the result');
  return pipelines?.issues.some((i) => i.severity === 'error') ? ExitCode.Failure : ExitCode.Ok;
}

/** --pipelines [<file>] --repo <slug>: the check, loaded only when asked for. */
async function checkPipelinesFile(
  loaded: LoadedManifest,
  values: { pipelines?: string; repo?: string },
  io: CliIO,
): Promise<{ summary: string; issues: Issue[] }> {
  const { validatePipelines, describeCheck } = await import('../../pipelines/index.ts');
  const options = {
    ...(values.pipelines ? { file: values.pipelines } : {}),
    ...(values.repo ? { repository: values.repo } : {}),
  };
  const check = validatePipelines(loaded, options, io);
  return { summary: describeCheck(check, check.displayFile, loaded.displayFile), issues: check.issues };
}
