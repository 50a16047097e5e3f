/**
 * `--changed-since <git-ref>`: plan only the scopes whose declared state differs between <ref>
 * and now. The state at <ref> is the manifest and the source files git tracks there, read with
 * `git show`, resolved offline exactly as now; then each scope is compared: keys, values (as
 * hashes, in memory only), secured flags, prune mode and environment type. No cache: git is the
 * only memory, so nothing can go stale.
 *
 * What git cannot show at <ref> counts as changed: `env:` values and `${env.X}`, Terraform `dir:`
 * and standard input, files outside the repository or not tracked at <ref>. A scope removed since
 * <ref> counts as changed: a removed deployment brings its repository into the plan (its record
 * names the deployment, which is then pruned); a removed repository or workspace scope brings the
 * home repository into the plan, whose inventory names it, so it is pruned.
 *
 * With `projects:`, the state at <ref> is fanned out with the same (current) listings as now, so a
 * scope counts as changed only when what is declared for it (its own declaration and its project's,
 * after precedence) changed; a repository newly excluded is a removed scope. A project declared at
 * <ref> but not now was not listed: the home repository is read (its inventory names the
 * repositories the project reached) and so is every declared repository in no listed project.
 * A repository that joined a project since <ref> is no manifest change: a full run finds it.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseManifest, type LoadedManifest } from '../config/load.ts';
import { parseRef, parseTemplate } from '../config/refs.ts';
import { listProjects, listScopes, isWorkspaceScopeForm, type ScopeDecl } from '../config/scopes.ts';
import type { Manifest, VariableValue } from '../config/types.generated.ts';
import { isRecord } from '../core/data.ts';
import { quoted, visible } from '../core/escape.ts';
import { scopeId, type DesiredScope, type DesiredState } from '../core/types.ts';
import { UserError } from '../errors.ts';
import { variableKindOf } from '../sources/index.ts';
import { fileKind } from '../sources/kinds/file.ts';
import { fromKind } from '../sources/kinds/from.ts';
import { literalKind } from '../sources/kinds/literal.ts';
import { templateKind } from '../sources/kinds/template.ts';
import { resolveManifest } from '../sources/resolve.ts';
import { expandProjects, type ProjectListings } from './projects.ts';

/** What `--changed-since` found. */
export interface ChangedScopes {
  /** Scope ids (`workspace`, `<repo>`, `<repo>/<env>`) of declared scopes that changed since the ref. */
  changed: Set<string>;
  /** Repositories declared now whose deployments were removed since the ref (read to prune them). */
  prunedDeployments: Set<string>;
  /**
   * A repository or the workspace scope was removed since the ref: the home repository's
   * inventory, which lists them, must be read so they are pruned.
   */
  removedFromInventory: boolean;
  /** Non-fatal findings, for the plan's warnings. */
  warnings: string[];
}

/**
 * Compares the declared state now (`now`, resolved from `loaded`, its projects fanned out with
 * `listings`) with that at `ref`, fanned out with the same listings. Every declared scope counts as
 * changed when the manifest did not exist at `ref` or cannot be resolved there.
 */
export async function changedSince(
  loaded: LoadedManifest,
  now: DesiredState,
  ref: string,
  env: NodeJS.ProcessEnv,
  listings: ProjectListings = new Map(),
): Promise<ChangedScopes> {
  const git = await openRepository(loaded.dir, ref);
  const all = (warning?: string): ChangedScopes => ({
    changed: new Set(now.scopes.map((s) => scopeId(s.scope))),
    prunedDeployments: new Set(),
    removedFromInventory: true,
    warnings: warning === undefined ? [] : [warning],
  });
  const manifestPath = toGitPath(path.relative(git.root, await realpath(loaded.file)));
  const text = await git.show(manifestPath);
  if (text === undefined) return all();

  const tmp = await mkdtemp(path.join(tmpdir(), 'bb-vars-changed-since-'));
  try {
    let before: LoadedManifest;
    try {
      before = parseManifest(text.toString('utf8'), {
        file: path.join(tmp, manifestPath),
        displayFile: `${manifestPath} at ${ref}`,
      });
    } catch (error) {
      return all(`the manifest at ${ref} is not valid (${firstLine(error)}): every declared scope is planned`);
    }
    const manifestDir = path.posix.dirname(manifestPath);
    const files = new Map<string, Buffer>();
    const external = {
      now: await externalScopes(loaded.manifest, manifestDir, git, files),
      before: await externalScopes(before.manifest, manifestDir, git, files),
    };
    // The state at the ref in a directory of its own: the manifest, a `.git` marker (so `file:`
    // sources are confined as in the repository) and the tracked files its sources read.
    await mkdir(path.join(tmp, '.git'), { recursive: true });
    await mkdir(path.dirname(before.file), { recursive: true });
    await writeFile(before.file, text);
    for (const [file, bytes] of files) {
      await mkdir(path.dirname(path.join(tmp, file)), { recursive: true });
      await writeFile(path.join(tmp, file), bytes);
    }
    // Scopes fed from outside git are changed whatever they resolve to: leave their variables out.
    emptyScopes(before.manifest, external.before);
    let then: DesiredState;
    try {
      then = (await resolveManifest(before, { env, offline: true })).desired;
    } catch (error) {
      return all(`the manifest at ${ref} cannot be resolved (${firstLine(error)}): every declared scope is planned`);
    }
    const fanned = expandProjects(then, listings).desired;
    const result = compareStates(
      now,
      fanned,
      new Set([...reached(now, external.now), ...reached(fanned, external.before)]),
    );
    if ((then.projects ?? []).some((p) => !listings.has(p.key))) {
      // A project removed since the ref: which repositories it reached is not listed. The home's
      // inventory names those declared nowhere else; the declared ones in no listed project are read.
      result.removedFromInventory = true;
      const listed = new Set([...listings.values()].flat());
      for (const { scope } of now.scopes)
        if (scope.type !== 'workspace' && !listed.has(scope.repository)) result.changed.add(scopeId(scope));
    }
    return result;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Which declared scopes differ (pure). `external`: scope ids fed by sources git cannot show.
 * A deployment declared at the ref but not now marks its repository for reading, when declared.
 */
export function compareStates(now: DesiredState, then: DesiredState, external: Set<string>): ChangedScopes {
  const result: ChangedScopes = {
    changed: new Set(),
    prunedDeployments: new Set(),
    removedFromInventory: false,
    warnings: [],
  };
  const before = new Map(then.scopes.map((s) => [scopeId(s.scope), signature(s)]));
  const sameWorkspace = now.workspace === then.workspace;
  for (const scope of now.scopes) {
    const id = scopeId(scope.scope);
    if (!sameWorkspace || external.has(id) || before.get(id) !== signature(scope)) result.changed.add(id);
  }
  const declared = new Set(now.scopes.map((s) => scopeId(s.scope)));
  for (const scope of then.scopes) {
    if (declared.has(scopeId(scope.scope))) continue;
    if (scope.scope.type !== 'deployment' || !declared.has(scope.scope.repository)) result.removedFromInventory = true;
    else result.prunedDeployments.add(scope.scope.repository);
  }
  return result;
}

/** Everything a scope declares, as one string; values only as hashes (this never leaves memory). */
function signature(scope: DesiredScope): string {
  const variables = [...scope.variables]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((v) => [
      v.key,
      createHash('sha256').update(v.value, 'utf8').digest('base64'),
      v.secured,
      v.sensitive,
      v.declaredPlain === true,
    ]);
  return JSON.stringify([scope.prune, scope.environmentType ?? null, variables]);
}

/**
 * Scope ids whose variables read what git cannot show at the ref; the tracked files the others
 * read are added to `files` (path relative to the repository root → content at the ref).
 */
async function externalScopes(
  manifest: Manifest,
  manifestDir: string,
  git: Repository,
  files: Map<string, Buffer>,
): Promise<Set<string>> {
  const sources: Record<string, unknown> = isRecord(manifest.sources) ? manifest.sources : {};
  /** A path relative to the manifest, read at the ref; false when git cannot show it there. */
  const tracked = async (file: unknown): Promise<boolean> => {
    if (typeof file !== 'string' || file === '-' || path.isAbsolute(file)) return false;
    const inRepository = path.posix.normalize(path.posix.join(manifestDir, toGitPath(file)));
    if (inRepository === '..' || inRepository.startsWith('../')) return false;
    if (files.has(inRepository)) return true;
    const bytes = await git.show(inRepository);
    if (bytes === undefined) return false;
    files.set(inRepository, bytes);
    return true;
  };
  const namedSourceInGit = async (name: string): Promise<boolean> => {
    const decl = Object.hasOwn(sources, name) ? sources[name] : undefined;
    const terraform = isRecord(decl) && isRecord(decl.terraform) ? decl.terraform : undefined;
    if (!terraform) return false;
    if (terraform.outputs !== undefined) return tracked(terraform.outputs);
    if (terraform.state !== undefined) return tracked(terraform.state);
    return false; // `dir:`: a program's output now, unknowable at the ref
  };
  const inGit = async (value: VariableValue): Promise<boolean> => {
    const kind = variableKindOf(value);
    if (kind === literalKind) return true;
    if (kind === fileKind) return tracked((value as { file: unknown }).file);
    if (kind === fromKind) {
      const parsed = parseRef((value as { from: string }).from);
      return parsed.ok && namedSourceInGit(parsed.ref.source);
    }
    if (kind === templateKind) {
      const parsed = parseTemplate((value as { template: string }).template);
      if (!parsed.ok) return false;
      for (const part of parsed.parts) {
        if (part.kind !== 'ref') continue;
        if (part.ref.source === 'env' || !(await namedSourceInGit(part.ref.source))) return false;
      }
      return true;
    }
    return false; // `env:`, and any kind this comparison does not know
  };
  const external = new Set<string>();
  for (const scope of [...listScopes(manifest), ...listProjects(manifest).flatMap((p) => p.scopes)]) {
    for (const { value } of scope.variables) {
      if (!(await inGit(value))) {
        external.add(declId(scope));
        break;
      }
    }
  }
  return external;
}

/** A scope's id; a project's scopes: `project:KEY` and `project:KEY/<environment in lower case>`. */
function declId(scope: ScopeDecl): string {
  if (scope.project !== undefined) return projectId(scope.project, scope.environment);
  if (scope.type === 'workspace') return 'workspace';
  return scope.type === 'repository' ? scope.repository! : `${scope.repository!}/${scope.environment!}`;
}

/** A project's repository scope, or one of its deployments (environments match without case, as in the fan-out). */
function projectId(key: string, environment: string | undefined): string {
  return environment === undefined ? `project:${key}` : `project:${key}/${environment.toLowerCase()}`;
}

/** `ids`, plus the ids of the scopes a project among them reaches in `state` (fanned out). */
function reached(state: DesiredState, ids: Set<string>): Set<string> {
  const out = new Set(ids);
  for (const { scope, project } of state.scopes) {
    if (project === undefined || scope.type === 'workspace') continue;
    if (ids.has(projectId(project, scope.type === 'deployment' ? scope.environment : undefined)))
      out.add(scopeId(scope));
  }
  return out;
}

/** Drops the variables of the given scopes from a manifest (in place): they are not resolved. */
function emptyScopes(manifest: Manifest, ids: Set<string>): void {
  const m = manifest as unknown as Record<string, unknown>;
  if (ids.has('workspace')) {
    if (isWorkspaceScopeForm(m.workspace_variables))
      m.workspace_variables = { ...m.workspace_variables, variables: {} };
    else m.workspace_variables = {};
  }
  const repositories = isRecord(m.repositories) ? m.repositories : {};
  for (const [slug, repo] of Object.entries(repositories)) {
    if (!isRecord(repo)) continue;
    if (ids.has(slug)) repo.variables = {};
    const deployments = isRecord(repo.deployments) ? repo.deployments : {};
    for (const [name, deployment] of Object.entries(deployments))
      if (isRecord(deployment) && ids.has(`${slug}/${name}`)) deployment.variables = {};
  }
  const projects = isRecord(m.projects) ? m.projects : {};
  for (const [key, project] of Object.entries(projects)) {
    if (!isRecord(project)) continue;
    if (ids.has(projectId(key, undefined))) project.variables = {};
    const deployments = isRecord(project.deployments) ? project.deployments : {};
    for (const [name, deployment] of Object.entries(deployments))
      if (isRecord(deployment) && ids.has(projectId(key, name))) deployment.variables = {};
  }
}

interface Repository {
  root: string;
  /** A tracked regular file's content at the ref; undefined when git has none there. */
  show(file: string): Promise<Buffer | undefined>;
}

/** The git repository holding `dir`, with `ref` checked to name a commit. */
async function openRepository(dir: string, ref: string): Promise<Repository> {
  if (ref === '' || ref.startsWith('-'))
    throw new UserError(
      `--changed-since: ${quoted(ref)} is not a git ref. Give a branch, tag or commit (origin/main, HEAD~1).`,
    );
  let root: string;
  try {
    root = (await git(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError('--changed-since needs git, which is not installed here (or not on PATH).');
    throw new UserError(
      `--changed-since: the manifest's directory ${dir} is not in a git repository. ` +
        'Run from a clone, or plan without --changed-since.',
    );
  }
  let commit: string;
  try {
    commit = (await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).toString('utf8').trim();
  } catch {
    throw new UserError(
      `--changed-since ${visible(ref)}: no such commit in ${root}. Check the name, and fetch it first: CI clones are ` +
        `often shallow or single-branch (e.g. git fetch origin "+refs/heads/main:refs/remotes/origin/main"; see docs/ci.md).`,
    );
  }
  return {
    root: await realpath(root),
    async show(file) {
      // Only regular files: a symbolic link's blob is its target's name, not the file.
      const listing = (await git(root, ['ls-tree', '-z', commit, '--', file])).toString('utf8');
      const [meta] = listing.split('\t');
      const [mode, type, object] = (meta ?? '').split(' ');
      if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || object === undefined) return undefined;
      return git(root, ['cat-file', 'blob', object]);
    },
  };
}

const execFileAsync = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<Buffer> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
  return stdout;
}

function toGitPath(file: string): string {
  return file.split(path.sep).join('/');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
