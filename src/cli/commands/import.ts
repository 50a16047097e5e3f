/**
 * `bb-vars import`: reads today's live variables and writes a manifest that reproduces them, so a
 * team can adopt bb-vars without retyping anything.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BitbucketClient, clientOptionsFromEnv } from '../../bitbucket/index.ts';
import type { RetryEvent } from '../../bitbucket/types.ts';
import { fingerprintKeysFromEnv } from '../../plan/fingerprint.ts';
import { PROJECT_KEY_PATTERN, SLUG_PATTERN, WORKSPACE_PATTERN } from '../../core/names.ts';
import { visible } from '../../core/escape.ts';
import { scopeLabel } from '../../core/types.ts';
import { ExitCode, UsageError, UserError } from '../../errors.ts';
import { renderImportManifest, type ImportManifest } from '../../import/manifest.ts';
import { readImportSnapshot } from '../../import/read.ts';
import { commandHelp, parseCommandArgs } from '../args.ts';
import { assertOutputWritten, writeAll, type CliIO } from '../io.ts';

export async function run(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('import', argv);
  if (values.help) {
    io.stdout.write(commandHelp('import') + '\n');
    return ExitCode.Ok;
  }
  const repositories = parseRepositories([...(values.repo ?? []), ...positionals]);
  const projects = parseProjects(values.project ?? []);
  const withWorkspace = values['workspace-variables'] === true;
  if (repositories.length === 0 && projects.length === 0 && !withWorkspace) {
    throw new UsageError(
      "bb-vars import needs at least one repository or project: pass --repo <slug> or --project <key> (both repeatable), and --workspace-variables to include the workspace's variables.\nRun 'bb-vars import --help' for the options.",
    );
  }
  const workspace = resolveWorkspace(values.workspace, io.env.BITBUCKET_WORKSPACE);
  if (values.output === '') throw new UsageError('-o/--output needs a file name, e.g. -o bb-vars.yaml.');

  // The manifest written here is reconciled next, which needs the key: refuse now, before any request.
  fingerprintKeysFromEnv(io.env);
  const options = clientOptionsFromEnv(io.env);
  options.onRetry = (event: RetryEvent) => {
    io.stderr.write(
      `Waiting ${(event.delayMs / 1000).toFixed(1)}s before retry ${event.attempt}/${event.maxRetries} of ${event.method} ${event.path}: ${event.reason}\n`,
    );
  };
  const client = new BitbucketClient(options);
  const snapshot = await readImportSnapshot(client, {
    workspace,
    repositories,
    workspaceVariables: withWorkspace,
    projects,
  });
  const manifest = renderImportManifest(snapshot, { home: io.env.BITBUCKET_REPO_SLUG ?? '' });

  if (values.output === undefined) {
    await writeAll(io.stdout, manifest.text);
    assertOutputWritten(io, 'the manifest');
  } else await writeManifest(path.resolve(io.cwd, values.output), values.output, manifest.text);
  io.stderr.write(formatSummary(manifest, values.output, client.stats.requests));
  return ExitCode.Ok;
}

/** Slugs from repeated and comma-separated --repo values, in order, without duplicates. */
export function parseRepositories(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const slug of raw.flatMap((r) => r.split(',')).map((s) => s.trim())) {
    if (slug === '') continue;
    if (!SLUG_PATTERN.test(slug)) {
      throw new UsageError(
        `--repo '${slug}' is not a repository slug: use the name as in the repository's URL (bitbucket.org/<workspace>/<slug>): letters, digits, '-', '_' and '.'.`,
      );
    }
    if (!out.includes(slug)) out.push(slug);
  }
  return out;
}

/** Project keys from repeated and comma-separated --project values, in order, without duplicates. */
export function parseProjects(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of raw.flatMap((r) => r.split(',')).map((s) => s.trim())) {
    if (key === '') continue;
    if (!PROJECT_KEY_PATTERN.test(key)) {
      throw new UsageError(
        `--project '${visible(key)}' is not a project key: use the key Bitbucket shows in the project's settings (letters, digits and '_', starting with a letter), e.g. --project PLAT.`,
      );
    }
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** --workspace, else $BITBUCKET_WORKSPACE; checked against Bitbucket's slug rule. */
export function resolveWorkspace(flag: string | undefined, env: string | undefined): string {
  const workspace = flag !== undefined && flag !== '' ? flag : env !== undefined && env !== '' ? env : undefined;
  if (workspace === undefined) {
    throw new UsageError(
      'bb-vars import needs a workspace: pass --workspace <slug> or set BITBUCKET_WORKSPACE (Bitbucket Pipelines sets it in every step).',
    );
  }
  if (!WORKSPACE_PATTERN.test(workspace)) {
    const from = flag !== undefined && flag !== '' ? '--workspace' : 'BITBUCKET_WORKSPACE';
    throw new UsageError(
      `${from} '${workspace}' is not a workspace ID: use the slug as in bitbucket.org/<workspace>/..., or the workspace UUID in braces.`,
    );
  }
  return workspace;
}

async function writeManifest(file: string, display: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UserError(
      `Cannot write the manifest to ${display}: ${code}. Check that the directory exists and is writable.`,
    );
  }
}

function formatSummary(manifest: ImportManifest, output: string | undefined, requests: number): string {
  const lines: string[] = [];
  const secured = manifest.placeholders.length;
  const where = output === undefined ? 'standard output' : output;
  lines.push(
    `Imported ${manifest.literals + secured} variable${manifest.literals + secured === 1 ? '' : 's'} (${secured} secured) to ${where} in ${requests} API requests.`,
  );
  for (const p of manifest.projects) {
    const shared = p.variables.length + p.deployments.reduce((n, d) => n + d.variables.length, 0);
    const overrides =
      p.overrides === 0
        ? '.'
        : `; ${p.overrides} per-repository value${p.overrides === 1 ? '' : 's'} kept as ${p.overrides === 1 ? 'an override' : 'overrides'}.`;
    lines.push(
      `Project ${p.key}: ${p.repositories} repositor${p.repositories === 1 ? 'y' : 'ies'}; ` +
        `${shared} variable${shared === 1 ? '' : 's'} declared once under projects.${p.key}${overrides}`,
    );
    for (const key of p.securedEverywhere)
      lines.push(
        `Hint: ${visible(key)} is secured in every repository of ${p.key}; Bitbucket does not show whether the values are equal, so each repository keeps its own. If they are one value, declare it once under projects.${p.key}.variables instead.`,
      );
  }
  if (manifest.bookkeeping > 0)
    lines.push(
      `Left out ${manifest.bookkeeping} bb-vars bookkeeping variable${manifest.bookkeeping === 1 ? '' : 's'} (BB_VARS_*).`,
    );
  for (const s of manifest.skipped)
    lines.push(`Skipped ${visible(s.name)} in ${visible(scopeLabel(s.scope))}: ${s.reason}.`);
  for (const m of manifest.multiLine) {
    lines.push(
      `Warning: ${visible(m.key)} in ${visible(scopeLabel(m.scope))} has line breaks in its live value, which Pipelines variables cannot hold; it is written as it is, and validate and reconcile refuse it until the line breaks are gone or it says encoding: base64.`,
    );
  }
  if (secured > 0) {
    const names = [...new Set(manifest.placeholders.map((p) => p.env))];
    lines.push(
      `Secured values are not readable through the API: provide ${names.map((n) => `$${n}`).join(', ')} when you run bb-vars (or map them to Terraform outputs).`,
    );
    lines.push(
      'The first reconcile --apply rewrites each secured variable once (no fingerprint yet); later runs leave them alone.',
    );
  }
  lines.push(
    `Next: bb-vars validate${output === undefined ? '' : ` -c ${output}`}, then bb-vars reconcile${output === undefined ? '' : ` -c ${output}`}.`,
  );
  return lines.join('\n') + '\n';
}
