/**
 * `validate --pipelines`, given the file's text: which repository the file belongs to, the
 * parse (with positions, located like the manifest's problems) and the analysis. Pure.
 */
import type { LoadedManifest } from '../config/load.ts';
import type { Manifest } from '../config/types.generated.ts';
import { createLocator, issueAtOffset } from '../config/locate.ts';
import { parseYamlData } from '../config/yaml-data.ts';
import { closest, listNames } from '../core/suggest.ts';
import { UsageError, type Issue } from '../errors.ts';
import { isRecord } from '../core/data.ts';
import { analysePipelines, declaredFor, locateFindings } from './analyse.ts';

export interface PipelinesCheck {
  repository: string;
  steps: number;
  /**
   * Set when the repository is not under `repositories:` (e.g. the repository that holds the
   * manifest): its steps are checked against workspace variables only.
   */
  undeclared?: { suggestion?: string };
  issues: Issue[];
}

/**
 * The repository whose pipelines file this is: `--repo`, else $BITBUCKET_REPO_SLUG, else the
 * manifest's only repository.
 */
export function chooseRepository(
  loaded: Pick<LoadedManifest, 'manifest' | 'displayFile'>,
  flag: string | undefined,
  envSlug: string | undefined,
): string {
  const declared = declaredRepositories(loaded.manifest);
  const chosen = flag ?? (envSlug || undefined) ?? (declared.length === 1 ? declared[0] : undefined);
  if (chosen !== undefined) return chosen;
  const declares = declared.length === 0 ? 'no repository' : `${declared.length} (${listNames(declared)})`;
  throw new UsageError(
    `--pipelines needs the repository the pipeline file belongs to: ${loaded.displayFile} declares ${declares}.\n` +
      `  hint: pass --repo <slug> (in Pipelines, $BITBUCKET_REPO_SLUG is used).`,
  );
}

const declaredRepositories = (manifest: Manifest): string[] =>
  isRecord(manifest.repositories) ? Object.keys(manifest.repositories) : [];

/** Checks a pipelines file's text against the manifest's declarations for `repository`. */
export function checkPipelines(
  text: string,
  displayFile: string,
  loaded: Pick<LoadedManifest, 'manifest' | 'displayFile' | 'locate'>,
  repository: string,
): PipelinesCheck {
  const parsed = parseYamlData(text);
  const problems = parsed.problems.map((p) =>
    issueAtOffset(displayFile, parsed, p.offset, p.message, p.hint, p.severity, p.path),
  );
  if (problems.some((p) => p.severity === 'error')) return { repository, steps: 0, issues: problems };
  if (!isRecord(parsed.data) || !isRecord(parsed.data.pipelines)) {
    const issue: Issue = {
      file: displayFile,
      line: 1,
      col: 1,
      severity: 'error',
      message: 'has no `pipelines:` section',
      hint: 'check that --pipelines names the bitbucket-pipelines.yml of the repository',
    };
    return { repository, steps: 0, issues: [...problems, issue] };
  }
  const { steps, findings } = analysePipelines(parsed.data, declaredFor(loaded.manifest, repository), displayFile);
  const issues = locateFindings(findings, {
    pipelines: createLocator(displayFile, text),
    manifest: loaded.locate,
  });
  const result: PipelinesCheck = { repository, steps, issues: [...problems, ...issues] };
  const repositories = declaredRepositories(loaded.manifest);
  if (!repositories.includes(repository)) {
    const suggestion = closest(repository, repositories);
    result.undeclared = suggestion === undefined ? {} : { suggestion };
  }
  return result;
}

/** What `validate` prints about the check: the file, the repository, how many steps, what was found. */
export function describeCheck(check: PipelinesCheck, displayFile: string, manifestFile: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = check.issues.filter((i) => i.severity === 'error').length;
  const warnings = check.issues.length - errors;
  const found = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : '']
    .filter(Boolean)
    .join(', ');
  const u = check.undeclared;
  const guess = u?.suggestion ? `, did you mean '${u.suggestion}'?` : ';';
  const repository = u
    ? `repository ${check.repository} (not under repositories: in ${manifestFile}${guess} workspace variables only)`
    : `repository ${check.repository}`;
  return `${displayFile}, ${repository}: ${plural(check.steps, 'step')} checked, ${found || 'no problems'}`;
}
