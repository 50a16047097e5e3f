/**
 * LoadedManifest → DesiredState. Reads only the sources the manifest references, each once and
 * independent ones concurrently; then evaluates every variable (pure) and checks what needs the
 * final values: sensitive outputs stay secured, and the per-step size budget.
 */
import type { LoadedManifest } from '../config/load.ts';
import { formatIssue, ConfigError, SourceError, type Issue } from '../errors.ts';
import type { Problem } from '../config/locate.ts';
import { parseRef, parseTemplate } from '../config/refs.ts';
import { listScopes } from '../config/scopes.ts';
import { WORKSPACE_PATTERN } from '../core/names.ts';
import type { DesiredScope, DesiredState, DesiredVariable, ScopeRef } from '../core/types.ts';
import type { PathSegment } from '../config/yaml-data.ts';
import { checkBudget } from './budget.ts';
import { evaluateVariable, filesKey, type EvalContext } from './evaluate.ts';
import { sources } from './index.ts';
import { SourceReadError } from './terraform.ts';
import type { ReadContext, SourceData } from './types.ts';

/** The desired state plus what was read and what is worth a warning. */
export interface ResolvedManifest {
  desired: DesiredState;
  /** Sources read, as `<name>: <description>` (named sources) or `file <path>`. */
  sourcesRead: string[];
  warnings: Issue[];
}


/** `stdin` is read only by a source that asks for it: pass an object whose `stdin` is a getter (CliIO) to keep it unopened otherwise. */
export async function resolveManifest(m: LoadedManifest, ctx: { env: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream }): Promise<ResolvedManifest> {
  const readCtx: ReadContext = {
    baseDir: m.dir,
    env: ctx.env,
    get stdin() {
      return ctx.stdin;
    },
  };
  const scopes = listScopes(m.manifest);
  const declared = m.manifest.sources ?? {};

  // What the variables reference: named sources and files.
  const namedUsed = new Set<string>();
  const fileReads: Array<{ path: PathSegment[]; file: string; encoding: 'utf8' | 'base64' }> = [];
  for (const scope of scopes) {
    for (const { value, path } of scope.variables) {
      if (typeof value !== 'object' || value === null) continue;
      if ('from' in value) {
        const r = parseRef(value.from);
        if (r.ok) namedUsed.add(r.ref.source);
      } else if ('template' in value) {
        const t = parseTemplate(value.template);
        if (t.ok) for (const p of t.parts) if (p.kind === 'ref' && (p.ref.source !== 'env' || Object.hasOwn(declared, 'env'))) namedUsed.add(p.ref.source);
      } else if ('file' in value) fileReads.push({ path: [...path, 'file'], file: value.file, encoding: value.encoding ?? 'utf8' });
    }
  }

  // Read each distinct source once, all concurrently.
  const reads = new Map<string, Promise<SourceData>>();
  const once = (id: string, read: () => Promise<SourceData>): Promise<SourceData> => {
    let p = reads.get(id);
    if (!p) {
      p = read();
      reads.set(id, p);
    }
    return p;
  };
  const sourcesRead: string[] = [];
  const jobs: Array<Promise<{ ok: true } | { ok: false; issue: Issue }>> = [];
  const named = new Map<string, SourceData>();
  const files = new Map<string, string>();
  for (const name of [...namedUsed].filter((n) => Object.hasOwn(declared, n))) {
    const spec = declared[name]!.terraform;
    const mode = spec.outputs !== undefined ? 'outputs' : spec.state !== undefined ? 'state' : 'dir';
    sourcesRead.push(`${name}: ${sources.terraform.describe(spec)}`);
    jobs.push(
      settle(once(sources.terraform.id(spec, readCtx), () => sources.terraform.read(spec, readCtx)), (data) => named.set(name, data), (e) => m.locate(readProblem(e, ['sources', name, 'terraform', mode]))),
    );
  }
  for (const f of fileReads) {
    const spec = { file: f.file, encoding: f.encoding };
    if (!sourcesRead.includes(`file ${f.file}`)) sourcesRead.push(`file ${f.file}`);
    jobs.push(
      settle(once(sources.file.id(spec, readCtx), () => sources.file.read(spec, readCtx)), (data) => files.set(filesKey(f.path), fileText(data)), (e) => m.locate(readProblem(e, f.path))),
    );
  }
  const failures = (await Promise.all(jobs)).flatMap((r) => (r.ok ? [] : [r.issue]));
  if (failures.length > 0) {
    throw new SourceError(`cannot read ${failures.length} source${failures.length === 1 ? '' : 's'}:\n` + failures.map((i) => '  ' + formatIssue(i)).join('\n'));
  }

  const problems: Problem[] = [];
  const workspace = m.manifest.workspace ?? ctx.env.BITBUCKET_WORKSPACE;
  if (workspace === undefined || workspace === '') {
    problems.push({ path: [], message: 'no workspace: the manifest has no `workspace:` and BITBUCKET_WORKSPACE is not set', hint: 'add `workspace: <your-workspace>` to the manifest' });
  } else if (m.manifest.workspace === undefined && !WORKSPACE_PATTERN.test(workspace)) {
    problems.push({ path: [], message: `BITBUCKET_WORKSPACE '${workspace.slice(0, 64)}' is not a valid workspace ID`, hint: 'set `workspace:` in the manifest' });
  }

  const evalCtx: EvalContext = { named, files, env: ctx.env, numberText: (p) => m.numberText(p) };
  const desiredScopes: DesiredScope[] = [];
  for (const scope of scopes) {
    const ws = workspace ?? '';
    const ref: ScopeRef =
      scope.type === 'workspace'
        ? { type: 'workspace', workspace: ws }
        : scope.type === 'repository'
          ? { type: 'repository', workspace: ws, repository: scope.repository! }
          : { type: 'deployment', workspace: ws, repository: scope.repository!, environment: scope.environment! };
    const variables: DesiredVariable[] = [];
    for (const { key, value, path } of scope.variables) {
      const evaluated = evaluateVariable(value, path, evalCtx, problems);
      if (!evaluated) continue;
      variables.push({ key, ...evaluated });
    }
    const desired: DesiredScope = { scope: ref, prune: scope.prune, variables };
    if (scope.environmentType) desired.environmentType = scope.environmentType;
    desiredScopes.push(desired);
  }
  problems.push(...checkBudget(desiredScopes, scopes));

  const issues = problems.map(m.locate);
  if (issues.some((i) => i.severity === 'error')) throw new ConfigError(m.displayFile, [...m.warnings, ...issues]);
  return { desired: { workspace: workspace ?? '', scopes: desiredScopes }, sourcesRead, warnings: [...m.warnings, ...issues] };
}

async function settle<T>(p: Promise<T>, ok: (v: T) => void, fail: (e: unknown) => Issue): Promise<{ ok: true } | { ok: false; issue: Issue }> {
  try {
    ok(await p);
    return { ok: true };
  } catch (error) {
    return { ok: false, issue: fail(error) };
  }
}

function fileText(data: SourceData): string {
  const value = data.outputs.get('content')?.value;
  return typeof value === 'string' ? value : '';
}

function readProblem(error: unknown, path: PathSegment[]): Problem {
  if (error instanceof SourceReadError) return { path, message: error.detail, ...(error.hint ? { hint: error.hint } : {}) };
  return { path, message: `cannot be read: ${(error as Error).message}` };
}
