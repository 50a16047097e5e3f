/**
 * LoadedManifest → DesiredState. Reads only the sources the manifest references, each once and
 * independent ones concurrently; then evaluates every variable (pure) and checks what needs the
 * final values: sensitive outputs stay secured, and the per-step size budget.
 */
import type { LoadedManifest } from '../config/load.ts';
import { formatIssue, ConfigError, SourceError, type Issue } from '../errors.ts';
import { formatPath, type Problem } from '../config/locate.ts';
import { listProjects, listScopes, type ScopeDecl } from '../config/scopes.ts';
import { WORKSPACE_PATTERN } from '../core/names.ts';
import type { DesiredProject, DesiredScope, DesiredState, DesiredVariable, ScopeRef } from '../core/types.ts';
import type { PathSegment } from '../config/yaml-data.ts';
import { checkBudget } from './budget.ts';
import { finish, namedKey } from './evaluate.ts';
import { sourceKindOf, variableKindOf } from './index.ts';
import { SourceReadError } from './read-text.ts';
import type { EvalContext, NamedReads, ReadContext, ReadRequest, SourceData } from './types.ts';

/** The desired state plus what was read and what is worth a warning. */
export interface ResolvedManifest {
  desired: DesiredState;
  /** Sources read, as `<name>: <description>` (named sources) or `file <path>`. */
  sourcesRead: string[];
  warnings: Issue[];
  /** Variables whose value is not known offline (from a Terraform `dir:` source), as manifest paths. */
  deferred: string[];
}

/**
 * `stdin` is read only by a source that asks for it: pass an object whose `stdin` is a getter
 * (CliIO) to keep it unopened otherwise. `offline` (validate) runs no program: a Terraform `dir:`
 * source only has its directory checked, and the values from it are left out (`deferred`).
 * `budget: false` skips the per-step size budget of the declared values: reconcile checks it on
 * the live state instead (src/plan/budget.ts).
 */
export async function resolveManifest(
  m: LoadedManifest,
  ctx: { env: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream; offline?: boolean; budget?: boolean },
): Promise<ResolvedManifest> {
  const readCtx: ReadContext = {
    baseDir: m.dir,
    env: ctx.env,
    offline: ctx.offline === true,
    get stdin() {
      return ctx.stdin;
    },
  };
  const scopes = listScopes(m.manifest);
  const projects = listProjects(m.manifest);
  const declared = m.manifest.sources ?? {};

  // What the variables need read: each distinct read once, all concurrently.
  const named: NamedReads = (name) => {
    if (!Object.hasOwn(declared, name)) return undefined;
    const found = sourceKindOf(declared[name]!);
    if (!found) return undefined;
    const { kind, spec } = found;
    return {
      key: namedKey(name),
      id: kind.id(spec, readCtx),
      label: `${name}: ${kind.describe(spec)}`,
      at: ['sources', name, kind.key, ...kind.at(spec)],
      read: () => kind.read(spec, readCtx),
    };
  };
  const requests = new Map<string, ReadRequest>();
  for (const scope of [...scopes, ...projects.flatMap((p) => p.scopes)]) {
    for (const { value, path } of scope.variables) {
      for (const r of variableKindOf(value)?.reads?.(value, path, { read: readCtx, named }) ?? [])
        if (!requests.has(r.key)) requests.set(r.key, r);
    }
  }
  const reads = new Map<string, Promise<SourceData>>();
  const results = new Map<string, SourceData>();
  const jobs = [...requests.values()].map(async (r): Promise<Issue | undefined> => {
    let p = reads.get(r.id);
    if (!p) {
      p = r.read();
      reads.set(r.id, p);
    }
    try {
      results.set(r.key, await p);
      return undefined;
    } catch (error) {
      return m.locate(readProblem(error, r.at));
    }
  });
  const failures = (await Promise.all(jobs)).filter((i) => i !== undefined);
  if (failures.length > 0) {
    throw new SourceError(
      `cannot read ${failures.length} source${failures.length === 1 ? '' : 's'}:\n` +
        failures.map((i) => '  ' + formatIssue(i)).join('\n'),
    );
  }
  const sourcesRead = [...new Set([...requests.values()].map((r) => r.label))];

  const problems: Problem[] = [];
  const workspace = m.manifest.workspace ?? ctx.env.BITBUCKET_WORKSPACE;
  if (workspace === undefined || workspace === '') {
    problems.push({
      path: [],
      message: 'no workspace: the manifest has no `workspace:` and BITBUCKET_WORKSPACE is not set',
      hint: 'add `workspace: <your-workspace>` to the manifest',
    });
  } else if (m.manifest.workspace === undefined && !WORKSPACE_PATTERN.test(workspace)) {
    problems.push({
      path: [],
      message: `BITBUCKET_WORKSPACE '${workspace.slice(0, 64)}' is not a valid workspace ID`,
      hint: 'set `workspace:` in the manifest',
    });
  }

  const evalCtx: EvalContext = { data: (key) => results.get(key), env: ctx.env, numberText: (p) => m.numberText(p) };
  const deferred: string[] = [];
  const evaluate = (scope: ScopeDecl): DesiredVariable[] => {
    const variables: DesiredVariable[] = [];
    for (const { key, value, path } of scope.variables) {
      const raw = variableKindOf(value)?.evaluate(value, path, evalCtx, problems);
      if (!raw) continue;
      if (raw.deferred) {
        deferred.push(formatPath(path));
        continue;
      }
      const evaluated = finish(value, raw, path, ctx.env, problems);
      if (evaluated) variables.push({ key, ...evaluated });
    }
    return variables;
  };
  const desiredScopes: DesiredScope[] = [];
  for (const scope of scopes) {
    const ws = workspace ?? '';
    const ref: ScopeRef =
      scope.type === 'workspace'
        ? { type: 'workspace', workspace: ws }
        : scope.type === 'repository'
          ? { type: 'repository', workspace: ws, repository: scope.repository! }
          : { type: 'deployment', workspace: ws, repository: scope.repository!, environment: scope.environment! };
    const desired: DesiredScope = { scope: ref, prune: scope.prune, variables: evaluate(scope) };
    if (scope.environmentType) desired.environmentType = scope.environmentType;
    desiredScopes.push(desired);
  }
  const desiredProjects: DesiredProject[] = projects.map((project) => {
    const [own, ...deployments] = project.scopes;
    const origin = { project: project.key };
    const fromProject = (scope: ScopeDecl) => evaluate(scope).map((v) => ({ ...v, origin }));
    const at = m.locate({ path: project.path, at: 'key', message: '' });
    return {
      key: project.key,
      exclude: project.exclude,
      prune: own!.prune,
      variables: fromProject(own!),
      deployments: deployments.map((d) => ({
        environment: d.environment!,
        ...(d.environmentType ? { environmentType: d.environmentType } : {}),
        prune: d.prune,
        variables: fromProject(d),
      })),
      where: at.line === undefined ? at.file : `${at.file}:${at.line}:${at.col ?? 1}`,
    };
  });
  if (ctx.budget !== false) problems.push(...checkBudget(desiredScopes, scopes));

  const issues = problems.map(m.locate);
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(m.displayFile, [...m.warnings, ...issues]);
  return {
    desired: {
      workspace: workspace ?? '',
      scopes: desiredScopes,
      ...(desiredProjects.length > 0 ? { projects: desiredProjects } : {}),
    },
    sourcesRead,
    warnings: [...m.warnings, ...issues],
    deferred,
  };
}

function readProblem(error: unknown, path: PathSegment[]): Problem {
  if (error instanceof SourceReadError)
    return { path, message: error.detail, ...(error.hint ? { hint: error.hint } : {}) };
  return { path, message: `cannot be read: ${(error as Error).message}` };
}

/** A warning as one line of a plan: `file:line:col  path: message (hint)`. */
export function warningLine(issue: Issue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.col ?? 1}`;
  return `${where}  ${issue.path ? `${issue.path}: ` : ''}${issue.message}${issue.hint ? ` (${issue.hint})` : ''}`;
}
