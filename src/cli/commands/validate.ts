/**
 * `bb-vars validate`: offline check of the manifest — schema, rules, every source read and every
 * value resolved — with a short summary. Never prints a value.
 */
import { loadManifest } from '../../config/load.ts';
import { ExitCode, UsageError, formatIssue } from '../../errors.ts';
import { resolveManifest } from '../../sources/resolve.ts';
import { commandHelp, parseCommandArgs } from '../args.ts';
import { assertOutputWritten, writeAll, type CliIO } from '../io.ts';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv);
  if (values.help) {
    io.stdout.write(commandHelp('validate') + '\n');
    return ExitCode.Ok;
  }
  const [file] = positionals;
  if (file !== undefined && values.config !== undefined && file !== values.config) {
    throw new UsageError(`Two manifests given: '${file}' and -c '${values.config}'. Pass one.`);
  }
  const config = file ?? values.config;
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
      (resolved.deferred.length > 0 ? `; ${resolved.deferred.length} more from Terraform dir: sources, which only reconcile runs` : ''),
    `  sources:    ${resolved.sourcesRead.length === 0 ? 'none read' : resolved.sourcesRead.join('; ')}`,
    `  warnings:   ${resolved.warnings.length}`,
  ];
  await writeAll(io.stdout, lines.join('\n') + '\n');
  for (const w of resolved.warnings) io.stderr.write(formatIssue(w) + '\n');
  assertOutputWritten(io, 'the result');
  return ExitCode.Ok;
}
