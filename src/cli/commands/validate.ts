/**
 * `bb-vars validate`: offline check of the manifest — schema, rules, every source read and every
 * value resolved — with a short summary. Never prints a value.
 */
import { loadManifest } from '../../config/load.ts';
import { ExitCode, formatIssue } from '../../errors.ts';
import { resolveManifest } from '../../sources/resolve.ts';
import { parseCommandArgs } from '../args.ts';
import type { CliIO } from '../io.ts';

const USAGE = `Usage: bb-vars validate [-c <file>]

Checks the manifest offline: YAML, schema, rules, and every value source (Terraform outputs,
state, environment variables, files, templates). No network access and no program run: a
Terraform \`dir:\` source has its directory checked; reconcile runs \`terraform output\` there.

Options:
  -c, --config <file>   manifest; default: search from the current directory
                        (bb-vars.yaml, bb-vars.yml, .bb-varsrc*, package.json "bb-vars")
  --verbose             stack traces for unexpected errors
  -h, --help            show this help

Exit codes: 0 valid, 1 invalid (problems on stderr).`;

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseCommandArgs('validate', argv, {
    config: { type: 'string', short: 'c' },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE + '\n');
    return ExitCode.Ok;
  }
  const loaded = await loadManifest({ cwd: io.cwd, ...(values.config !== undefined ? { config: values.config } : {}) });
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
  io.stdout.write(lines.join('\n') + '\n');
  for (const w of resolved.warnings) io.stderr.write(formatIssue(w) + '\n');
  return ExitCode.Ok;
}
