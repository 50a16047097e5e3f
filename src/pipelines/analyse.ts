/**
 * Cross-checks a bitbucket-pipelines.yml against what the manifest declares for one repository.
 * Pure: parsed document and declared keys in, findings out.
 *
 * - error: a step expands a variable that no scope it sees declares (workspace, the repository,
 *   the deployment it runs in, a custom pipeline's run-time variables), that Bitbucket or the
 *   shell does not set, and that the step does not set earlier;
 * - error: such a variable is a variable of another deployment (the step does not deploy there);
 * - warning: a repository or deployment variable that no step uses, a deployment no step runs in.
 */
import type { Manifest } from '../config/types.generated.ts';
import { formatPath, type Locator, type Problem } from '../config/locate.ts';
import { listScopes } from '../config/scopes.ts';
import type { PathSegment } from '../config/yaml-data.ts';
import { closest } from '../core/suggest.ts';
import type { Issue } from '../errors.ts';
import { isAlwaysSet } from './known.ts';
import { scanShell } from './shell.ts';
import { listSteps, type Step } from './steps.ts';

/** One scope the repository's steps may see, with the manifest path of each key. */
export interface DeclaredScope {
  type: 'workspace' | 'repository' | 'deployment';
  environment?: string;
  path: PathSegment[];
  variables: Array<{ key: string; path: PathSegment[] }>;
}

/** What the manifest declares that a repository's steps can see. */
export interface Declared {
  repository: string;
  /** The workspace scope, the repository's scope and its deployments (those declared). */
  scopes: DeclaredScope[];
}

/** A problem in the pipelines file (at a step) or in the manifest (an unused declaration). */
export type Finding =
  (Problem & { file: 'pipelines'; step: string; pipeline: string }) | (Problem & { file: 'manifest' });

/** The workspace scope and `repository`'s scopes of a manifest. */
export function declaredFor(manifest: Manifest, repository: string): Declared {
  const scopes: DeclaredScope[] = [];
  for (const s of listScopes(manifest)) {
    if (s.type !== 'workspace' && s.repository !== repository) continue;
    const scope: DeclaredScope = {
      type: s.type,
      path: s.path,
      variables: s.variables.map((v) => ({ key: v.key, path: v.path })),
    };
    if (s.environment !== undefined) scope.environment = s.environment;
    scopes.push(scope);
  }
  return { repository, scopes };
}

/** `displayFile`: the pipelines file as messages name it. `steps`: how many step uses were checked. */
export function analysePipelines(
  doc: unknown,
  declared: Declared,
  displayFile: string,
): { steps: number; findings: Finding[] } {
  const findings: Finding[] = [];
  const deployments = declared.scopes.filter((s) => s.type === 'deployment');
  const used = new Set<string>();
  const deployed = new Set<DeclaredScope>();
  const steps = listSteps(doc);
  for (const step of steps) {
    const environment = step.deployment === undefined ? undefined : findEnvironment(deployments, step.deployment);
    if (environment) deployed.add(environment);
    const visible = new Map<string, DeclaredScope>();
    for (const scope of declared.scopes) {
      if (scope.type === 'deployment' && scope !== environment) continue;
      // Deployment variables override repository variables, which override workspace variables.
      for (const v of scope.variables) {
        const current = visible.get(v.key);
        if (!current || rank(scope) > rank(current)) visible.set(v.key, scope);
      }
    }
    if (!step.windows) checkStep(step, visible, deployments, declared, findings, used);
  }
  for (const scope of declared.scopes) {
    if (scope.type === 'workspace') continue; // shared with repositories this file does not belong to
    if (scope.type === 'deployment' && !deployed.has(scope)) {
      if (scope.variables.length === 0) continue;
      findings.push({
        file: 'manifest',
        path: scope.path,
        at: 'key',
        severity: 'warning',
        message:
          `no step of ${displayFile} deploys to ${scope.environment}, ` +
          `so none sees its ${plural(scope.variables.length, 'variable')}`,
        hint: `add \`deployment: ${scope.environment}\` to the step that deploys there, or check the name`,
      });
      continue;
    }
    for (const v of scope.variables) {
      if (used.has(pathId(v.path))) continue;
      const where = scope.type === 'deployment' ? `no step deploying to ${scope.environment}` : 'no step';
      findings.push({
        file: 'manifest',
        path: v.path,
        at: 'key',
        severity: 'warning',
        message: `declared, but ${where} of ${displayFile} uses $${v.key}`,
        hint: UNUSED_HINT,
      });
    }
  }
  return { steps: steps.length, findings };
}

function checkStep(
  step: Step,
  visible: Map<string, DeclaredScope>,
  deployments: DeclaredScope[],
  declared: Declared,
  findings: Finding[],
  used: Set<string>,
): void {
  const set = new Set(step.runVariables);
  let dynamic = false;
  for (const expansion of step.expansions) {
    for (const event of scanShell(expansion.text)) {
      if (event.kind === 'set') set.add(event.name);
      else if (event.kind === 'dynamic') dynamic = true;
      else {
        const scope = visible.get(event.name);
        if (scope) {
          const v = scope.variables.find((x) => x.key === event.name)!;
          used.add(pathId(v.path));
          continue;
        }
        if (!event.checked || set.has(event.name) || dynamic || isAlwaysSet(event.name)) continue;
        const before = countBefore(expansion.text, event.text, event.offset);
        const problem = {
          path: expansion.path,
          needle: { text: event.text, index: before },
          severity: 'error' as const,
        };
        const elsewhere = deployments.filter((d) => d.variables.some((v) => v.key === event.name));
        if (elsewhere.length > 0) {
          const envs = elsewhere.map((d) => d.environment!);
          const deploys = step.deployment === undefined ? 'does not deploy' : `deploys to ${step.deployment}`;
          findings.push({
            ...problem,
            file: 'pipelines',
            step: step.name,
            pipeline: step.pipeline,
            message: `$${event.name} is a variable of deployment ${envs.join(', ')}, and this step ${deploys}`,
            hint: `add \`deployment: ${envs[0]}\` to the step, or declare ${event.name} where this step sees it`,
          });
        } else {
          const sees =
            step.deployment === undefined
              ? 'workspace or repository'
              : `workspace, repository or deployment ${step.deployment}`;
          const suggestion = closest(event.name, [...visible.keys(), ...set]);
          findings.push({
            ...problem,
            file: 'pipelines',
            step: step.name,
            pipeline: step.pipeline,
            message:
              `$${event.name} is not declared for ${declared.repository} (${sees} variables) ` +
              'and not set earlier in the step',
            hint:
              (suggestion ? `did you mean $${suggestion}? ` : '') +
              'declare it in the manifest, set it earlier in the script, ' +
              `or write \${${event.name}:-} where an unset value is fine`,
          });
        }
      }
    }
  }
}

/**
 * The declared environment a step's `deployment:` names: the exact name, else one differing only
 * in case (Bitbucket matches environment names regardless of case).
 */
function findEnvironment(deployments: DeclaredScope[], name: string): DeclaredScope | undefined {
  return (
    deployments.find((d) => d.environment === name) ??
    deployments.find((d) => d.environment!.toLowerCase() === name.toLowerCase())
  );
}

const UNUSED_HINT =
  'remove it if nothing needs it (bb-vars sees $NAME in scripts and pipe variables, ' +
  'not programs that read the environment themselves)';

const rank = (scope: DeclaredScope): number => (scope.type === 'workspace' ? 0 : scope.type === 'repository' ? 1 : 2);
const pathId = (path: PathSegment[]): string => formatPath(path);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How many times `needle` occurs in `text` before `offset` (to point at the right occurrence). */
function countBefore(text: string, needle: string, offset: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0 && at < offset; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

/**
 * Locates findings as `file:line:col` and merges those at the same place (a step shared through
 * an anchor and used by several pipelines), naming the step and every pipeline it is used in.
 * Errors in the pipelines file first, in file order; then the manifest's warnings.
 */
export function locateFindings(findings: Finding[], locate: { pipelines: Locator; manifest: Locator }): Issue[] {
  const merged = new Map<string, { issue: Issue; step: string; pipelines: string[] }>();
  const manifest: Issue[] = [];
  for (const finding of findings) {
    if (finding.file === 'manifest') {
      manifest.push(locate.manifest(finding));
      continue;
    }
    const issue = locate.pipelines(finding);
    delete issue.path;
    const key = `${issue.line}:${issue.col}:${finding.step}:${issue.message}`;
    const entry = merged.get(key);
    if (entry) {
      if (!entry.pipelines.includes(finding.pipeline)) entry.pipelines.push(finding.pipeline);
    } else merged.set(key, { issue, step: finding.step, pipelines: [finding.pipeline] });
  }
  const located = [...merged.values()].map(({ issue, step, pipelines }) => ({
    ...issue,
    message: `step "${step}" (${pipelines.join(', ')}): ${issue.message}`,
  }));
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  manifest.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return [...located, ...manifest];
}
