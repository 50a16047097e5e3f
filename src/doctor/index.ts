/**
 * The doctor use case: will an apply of this manifest work with this credential? It loads the
 * manifest (running Terraform `dir:` sources, as reconcile does), then reads — only reads, and
 * takes no lock — what an apply would read: the workspace, each repository, each deployment
 * environment and each project, and the records bb-vars keeps there. Every finding becomes a
 * check (src/doctor/types.ts); the CLI renders them and picks the exit code.
 */
import { BitbucketClient, clientOptionsFromEnv, readLiveState } from '../bitbucket/index.ts';
import { pagePath, projectPath, projectsPath, repositoriesPath, variablesPath } from '../bitbucket/paths.ts';
import type { EnvironmentLists } from '../bitbucket/read-state.ts';
import type { ClientOptions, CredentialFacts, Credentials } from '../bitbucket/types.ts';
import { loadManifest, type LoadedManifest } from '../config/load.ts';
import { listScopes } from '../config/scopes.ts';
import { isRecord } from '../core/data.ts';
import { homeRepository } from '../core/home.ts';
import { scopeLabel, type EnvironmentType, type LiveScope, type ScopeRef } from '../core/types.ts';
import { ApiError, PermissionError, UserError } from '../errors.ts';
import { decodeBookkeeping, recordKey } from '../plan/bookkeeping.ts';
import { fingerprintKeyId, fingerprintKeysFromEnv, type FingerprintKeys } from '../plan/fingerprint.ts';
import { resolveManifest } from '../sources/resolve.ts';
import { requirements, scopeChecks, scopeOf, type ScopeName } from './scopes.ts';
import type { Check, DoctorReport } from './types.ts';

export type { Check, DoctorReport } from './types.ts';

/** The oldest Node.js major version bb-vars runs on (package.json `engines`). */
export const MIN_NODE_MAJOR = 20;

export interface DoctorRequest {
  cwd: string;
  /** `-c` / the positional manifest; else the manifest is searched from `cwd`. */
  config?: string;
  /** `env` for sources and credentials; `stdin` is read only by a source that asks for it (keep it a getter). */
  io: { env: NodeJS.ProcessEnv; readonly stdin?: NodeJS.ReadableStream };
  /** `process.versions.node`. */
  nodeVersion: string;
}

/** What doctor checks live: the manifest's workspace, scopes and projects. */
interface Target {
  workspace: string;
  manifestId: string;
  scopes: Array<{ ref: ScopeRef; environmentType?: EnvironmentType }>;
  projects: string[];
}

export async function runDoctor(request: DoctorRequest): Promise<DoctorReport> {
  const { env } = request.io;
  const checks: Check[] = [nodeCheck(request.nodeVersion)];
  const target = await readManifest(request, checks);
  let keys: FingerprintKeys | undefined;
  let keyProblem: string | undefined;
  try {
    keys = fingerprintKeysFromEnv(env);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    keyProblem = error.message;
  }
  const live = target ? await checkLive(target, env, checks) : undefined;
  checks.push(keyCheck(env, keys, keyProblem, target, live?.scopes));
  if (live) checks.push(live.rateLimit);
  return { ok: checks.every((c) => c.ok), checks };
}

export function nodeCheck(version: string): Check {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? 0);
  return major >= MIN_NODE_MAJOR
    ? { name: 'node', ok: true, message: `Node.js ${version} (${MIN_NODE_MAJOR} or newer needed)` }
    : {
        name: 'node',
        ok: false,
        message: `Node.js ${version} is too old: bb-vars needs ${MIN_NODE_MAJOR} or newer. Install a current LTS (22 or 24), e.g. image node:22 in bitbucket-pipelines.yml.`,
      };
}

/** Loads the manifest and resolves its sources; the structure is checked even when a source fails. */
async function readManifest(request: DoctorRequest, checks: Check[]): Promise<Target | undefined> {
  let loaded: LoadedManifest;
  try {
    loaded = await loadManifest({
      cwd: request.cwd,
      ...(request.config === undefined ? {} : { config: request.config }),
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    checks.push({ name: 'manifest', ok: false, message: error.message });
    return undefined;
  }
  const decls = listScopes(loaded.manifest);
  const variables = decls.reduce((n, d) => n + d.variables.length, 0);
  try {
    const resolved = await resolveManifest(loaded, request.io);
    const sources =
      resolved.sourcesRead.length === 0 ? 'no sources' : `sources read: ${resolved.sourcesRead.join('; ')}`;
    checks.push({
      name: 'manifest',
      ok: true,
      message: `${loaded.displayFile}: ${decls.length} scopes, ${variables} variables; ${sources}`,
    });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    checks.push({ name: 'manifest', ok: false, message: error.message });
  }
  checks.push(homeCheck(loaded, request.io.env.BITBUCKET_REPO_SLUG));
  const workspace = loaded.manifest.workspace ?? request.io.env.BITBUCKET_WORKSPACE;
  if (workspace === undefined || workspace === '') return undefined;
  const scopes = decls.map((d) => {
    const ref: ScopeRef =
      d.type === 'workspace'
        ? { type: 'workspace', workspace }
        : d.type === 'repository'
          ? { type: 'repository', workspace, repository: d.repository! }
          : { type: 'deployment', workspace, repository: d.repository!, environment: d.environment! };
    return d.environmentType === undefined ? { ref } : { ref, environmentType: d.environmentType };
  });
  const projects: unknown = (loaded.manifest as { projects?: unknown }).projects;
  return { workspace, manifestId: loaded.id, scopes, projects: isRecord(projects) ? Object.keys(projects) : [] };
}

/** Where an apply keeps the lock and the inventory (src/core/home.ts): an apply without one stops. */
function homeCheck(loaded: LoadedManifest, pipelineRepository: string | undefined): Check {
  const { manifest } = loaded;
  const home = homeRepository({
    home: manifest.home,
    declared: Object.keys(manifest.repositories ?? {}),
    pipelineRepository,
  });
  if (home?.from === 'manifest')
    return { name: 'home', ok: true, message: `${home.repository} (home: in the manifest)` };
  if (home?.from === 'pipeline')
    return { name: 'home', ok: true, message: `${home.repository} ($BITBUCKET_REPO_SLUG, a declared repository)` };
  if (home) return { name: 'home', ok: true, message: `${home.repository}: ${home.warning!}` };
  const slug = pipelineRepository?.trim();
  if (slug && isRecord(manifest.projects))
    return {
      name: 'home',
      ok: true,
      message: `${slug} ($BITBUCKET_REPO_SLUG) when one of the manifest's projects lists it, else an apply stops; set \`home:\` to be sure`,
    };
  return {
    name: 'home',
    ok: false,
    message:
      'none: the manifest declares no repository and sets no `home:`, so `reconcile --apply` stops before writing. ' +
      'Add `home: <repository slug>`: a repository where bb-vars may keep BB_VARS_LOCK and BB_VARS_INVENTORY.',
  };
}

interface LiveFindings {
  /** The scopes read, records included. */
  scopes: LiveScope[];
  rateLimit: Check;
}

/** An answer, or the error a request ended with. */
type Attempt<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Reads what an apply would read and adds the credential, scope and reachability checks. */
async function checkLive(target: Target, env: NodeJS.ProcessEnv, checks: Check[]): Promise<LiveFindings | undefined> {
  let options: ClientOptions;
  try {
    options = clientOptionsFromEnv(env);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    checks.push({ name: 'credential', ok: false, message: error.message });
    return undefined;
  }
  const kind = options.credentials.kind;
  const client = new BitbucketClient(options);
  const used = new Set<ScopeName>();
  const refused = new Set<ScopeName>();
  const attempt = async <T>(scope: ScopeName, run: () => Promise<T>): Promise<Attempt<T>> => {
    try {
      const value = await run();
      used.add(scope);
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error instanceof PermissionError)
        for (const name of error.missingScopes ?? []) {
          const missing = scopeOf(kind, name);
          if (missing) refused.add(missing);
        }
      return { ok: false, error };
    }
  };
  const { workspace } = target;
  const read: LiveScope[] = [];

  // The workspace first: its answer tells whether the credential authenticates at all.
  const declared = target.scopes.find((s) => s.ref.type === 'workspace');
  const ws: Attempt<LiveScope | undefined> = await attempt('pipeline', async () => {
    if (declared) return (await readLiveState(client, [declared.ref])).scopes[0];
    const path = pagePath(variablesPath({ kind: 'workspace', workspace }), 1, 1);
    await client.probe(path, { workspace });
    return undefined;
  });
  if (!ws.ok && unauthenticated(ws.error)) {
    checks.push({ name: 'credential', ok: false, message: ws.error.message });
    return undefined;
  }
  // An access token bound to a repository or project may not see the workspace's variables.
  const bound = kind === 'access-token' && !ws.ok && ws.error.status === 403 && !hasMissingScopes(ws.error);
  checks.push({
    name: 'credential',
    ok: true,
    message: `${describeCredential(options.credentials, bound)}: authenticates`,
  });
  const scopeCheckAt = checks.length;

  if (ws.ok) {
    if (ws.value) read.push(ws.value);
    const count = ws.value ? ` (${variables(ws.value)})` : '';
    checks.push({ name: 'workspace', ok: true, message: `${workspace} is reachable${count}` });
  } else if (bound) {
    checks.push(
      declared
        ? {
            name: 'workspace',
            ok: false,
            message:
              `BITBUCKET_ACCESS_TOKEN cannot read the variables of workspace ${workspace}: it is bound to a repository ` +
              `(or project), and a repository access token cannot write workspace variables. The manifest declares ` +
              `workspace_variables: use a workspace access token (Premium) or an OAuth consumer, or move those ` +
              `variables to the repositories.`,
          }
        : {
            name: 'workspace',
            ok: true,
            message: `${workspace}: this access token is bound to a repository or project and cannot read workspace variables; the manifest declares none, so it needs none`,
          },
    );
  } else {
    checks.push({ name: 'workspace', ok: false, message: ws.error.message });
  }

  const environments: EnvironmentLists = new Map();
  const repositories = target.scopes.filter((s) => s.ref.type === 'repository');
  const perRepository = await Promise.all(
    repositories.map(async ({ ref }) => {
      const repo = ref as Extract<ScopeRef, { type: 'repository' }>;
      const found: Check[] = [];
      const own = await attempt('pipeline', async () => (await readLiveState(client, [repo])).scopes[0]!);
      if (!own.ok) {
        const other = bound && own.error.status === 403 && !hasMissingScopes(own.error);
        const message = other
          ? `BITBUCKET_ACCESS_TOKEN cannot read ${repo.repository}: a repository access token reaches only its own ` +
            `repository. Use a project or workspace access token, or an OAuth consumer, for a manifest that spans repositories.`
          : own.error.message;
        found.push({ name: `repository ${repo.repository}`, ok: false, message });
        return found;
      }
      read.push(own.value);
      found.push({
        name: `repository ${repo.repository}`,
        ok: true,
        message: `${repo.repository} is reachable (${variables(own.value)})`,
      });
      const deployments = target.scopes.filter(
        (s) => s.ref.type === 'deployment' && s.ref.repository === repo.repository,
      );
      for (const { ref: dep, environmentType } of deployments) {
        const name = `deployment ${repo.repository}/${(dep as { environment: string }).environment}`;
        const one = await attempt(
          'pipeline',
          async () => (await readLiveState(client, [dep], environments)).scopes[0]!,
        );
        if (!one.ok) found.push({ name, ok: false, message: one.error.message });
        else if (!one.value.exists)
          found.push({
            name,
            ok: true,
            message: `will be created${environmentType ? ` (type ${environmentType})` : ''}`,
          });
        else {
          read.push(one.value);
          found.push({ name, ok: true, message: `is reachable (${variables(one.value)})` });
        }
      }
      return found;
    }),
  );
  checks.push(...perRepository.flat());

  for (const key of target.projects) {
    const project = await attempt('project', () => client.probe(projectPath(workspace, key), { workspace }));
    if (!project.ok) {
      checks.push({ name: `project ${key}`, ok: false, message: project.error.message });
      continue;
    }
    const q = encodeURIComponent(`project.key="${key}"`);
    const listing = await attempt('repository', () =>
      client.probe(`${repositoriesPath(workspace)}?q=${q}&pagelen=1`, { workspace }),
    );
    checks.push(
      listing.ok
        ? { name: `project ${key}`, ok: true, message: `${key} is reachable and its repositories can be listed` }
        : { name: `project ${key}`, ok: false, message: listing.error.message },
    );
  }

  // Without a list of scopes from Bitbucket, a cheap read that needs another scope may show one:
  // a 403 for a missing scope lists every scope the credential has.
  if (client.facts.scopes === undefined) {
    await attempt('repository', () => client.probe(pagePath(repositoriesPath(workspace), 1, 1), { workspace }));
    if (client.facts.scopes === undefined)
      await attempt('project', () => client.probe(pagePath(projectsPath(workspace), 1, 1), { workspace }));
  }
  const { scopes: granted } = client.facts;
  const evidence = { ...(granted === undefined ? {} : { granted }), used, refused };
  checks.splice(
    scopeCheckAt,
    0,
    ...scopeChecks(kind, evidence, requirements({ projects: target.projects.length > 0 })),
  );

  return { scopes: read, rateLimit: rateLimitCheck(client.facts.rateLimit, client.stats.requests) };
}

function variables(scope: LiveScope): string {
  const n = scope.variables.length;
  return `${n} variable${n === 1 ? '' : 's'}`;
}

/** The credential itself was refused (401), the OAuth token request failed, or Bitbucket could not be reached. */
function unauthenticated(error: ApiError): boolean {
  return error.status === 401 || error.status === 0 || error.method === 'POST';
}

function hasMissingScopes(error: ApiError): boolean {
  return error instanceof PermissionError && (error.missingScopes?.length ?? 0) > 0;
}

function describeCredential(credentials: Credentials, bound: boolean): string {
  switch (credentials.kind) {
    case 'oauth':
      return `OAuth consumer ${credentials.clientId} (BITBUCKET_CLIENT_ID, BITBUCKET_CLIENT_SECRET)`;
    case 'access-token':
      return bound
        ? 'access token (BITBUCKET_ACCESS_TOKEN) bound to a repository or project'
        : 'access token (BITBUCKET_ACCESS_TOKEN)';
    case 'api-token':
      return `API token of ${credentials.username} (BITBUCKET_USERNAME, BITBUCKET_API_TOKEN)`;
  }
}

/** Headroom as the X-RateLimit-* headers tell it (access tokens only), and what a run of this manifest costs. */
export function rateLimitCheck(rateLimit: CredentialFacts['rateLimit'], requests: number): Check {
  const spent = `this check took ${requests} requests, and a plan of this manifest takes about as many`;
  if (!rateLimit) {
    return {
      name: 'rate limit',
      ok: true,
      message:
        `Bitbucket sent no X-RateLimit-* headers (it sends them to access tokens only); OAuth consumers and ` +
        `API tokens get about 1,000 requests per hour; ${spent}`,
    };
  }
  const limit = rateLimit.limit === undefined ? 'its hourly limit' : `${rateLimit.limit} requests per hour`;
  const resource = rateLimit.resource === undefined ? '' : ` (resource ${rateLimit.resource})`;
  if (rateLimit.nearLimit) {
    return {
      name: 'rate limit',
      ok: false,
      message:
        `near the limit: Bitbucket says X-RateLimit-NearLimit: true for ${limit}${resource}. An apply now may ` +
        `meet 429s and wait; run it later (the window is a rolling hour), or spread the work with --target or --max-requests.`,
    };
  }
  return { name: 'rate limit', ok: true, message: `${limit}${resource}, not near it (X-RateLimit-*); ${spent}` };
}

/** The fingerprint key: set, strong, and the key the records were written with. */
function keyCheck(
  env: NodeJS.ProcessEnv,
  keys: FingerprintKeys | undefined,
  problem: string | undefined,
  target: Target | undefined,
  scopes: readonly LiveScope[] | undefined,
): Check {
  const name = 'fingerprint key';
  if (!keys) return { name, ok: false, message: problem ?? 'BB_VARS_FINGERPRINT_KEY is not set.' };
  const strong = `BB_VARS_FINGERPRINT_KEY is set and strong (${env.BB_VARS_FINGERPRINT_KEY?.length ?? 0} characters)`;
  if (!target || !scopes) return { name, ok: true, message: `${strong}; records not checked` };
  const key = recordKey(target.manifestId);
  const current = fingerprintKeyId(keys.current);
  const otherKey: string[] = [];
  const untrusted: string[] = [];
  let matching = 0;
  let previous = 0;
  for (const scope of scopes) {
    const record = scope.variables.find((v) => v.key === key);
    if (!record) continue;
    let decoded;
    try {
      decoded = decodeBookkeeping(record.value, {
        keys,
        binding: { scope: scope.scope, manifestId: target.manifestId },
        name: key,
      });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return { name, ok: false, message: `${scopeLabel(scope.scope)}: ${error.message}` };
    }
    if (decoded.warning !== undefined) {
      if (decoded.why === 'key-changed') otherKey.push(scopeLabel(scope.scope));
      else untrusted.push(scopeLabel(scope.scope));
    } else if (decoded.ok !== null) {
      if (decoded.ok.keyId === current) matching++;
      else previous++;
    }
  }
  if (otherKey.length > 0) {
    return {
      name,
      ok: false,
      message:
        `BB_VARS_FINGERPRINT_KEY does not match the key id of the ${key} records in ${otherKey.join(', ')}: they were ` +
        `written with another key, so their ownership would not be trusted. Set the key the earlier runs used (one ` +
        `secured variable for plans and applies), or, to rotate on purpose, set the old key as ` +
        `BB_VARS_FINGERPRINT_KEY_PREVIOUS for the next apply.`,
    };
  }
  const parts = [strong];
  if (matching + previous + untrusted.length === 0) parts.push(`no ${key} records yet: the first apply writes them`);
  if (matching > 0) parts.push(`matches the key id of ${matching} ${key} record${matching === 1 ? '' : 's'}`);
  if (previous > 0)
    parts.push(
      `${previous} record${previous === 1 ? '' : 's'} under BB_VARS_FINGERPRINT_KEY_PREVIOUS: the next apply rewrites them`,
    );
  if (untrusted.length > 0)
    parts.push(
      `the ${key} records in ${untrusted.join(', ')} are not trusted (edited, copied or unreadable): plans warn and the next apply rewrites them`,
    );
  return { name, ok: true, ...(untrusted.length > 0 ? { warning: true } : {}), message: parts.join('; ') };
}
