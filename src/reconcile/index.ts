/**
 * The reconcile use case, in steps that return data (no printing, no exit codes):
 *   loadDesired   manifest → resolved sources → the desired state, limited to the targets
 *   planLive      read live state (client, reads) → the plan
 *   applyLive     apply a plan made by planLive
 * The CLI (src/cli/commands/reconcile.ts) chooses flags, renders and maps results to exit codes.
 */
import { BitbucketClient, clientOptionsFromEnv } from '../bitbucket/index.ts';
import type { RetryEvent } from '../bitbucket/types.ts';
import { loadManifest, type LoadedManifest } from '../config/load.ts';
import { scopeId, type DesiredState, type LiveState } from '../core/types.ts';
import { ApiError, PermissionError, UserError, type Issue } from '../errors.ts';
import { visible } from '../core/escape.ts';
import { closest } from '../core/suggest.ts';
import { acquireLock, lockHolder, type HeldLock } from '../apply/lock.ts';
import { applyPlan, countWrites, type ApplyRenderer, type ApplyResult } from '../apply/run.ts';
import { planBudget } from '../plan/budget.ts';
import { planReconcile } from '../plan/diff.ts';
import { DEFAULT_MANIFEST_ID } from '../plan/bookkeeping.ts';
import { fingerprintKeysFromEnv, type FingerprintKeys } from '../plan/fingerprint.ts';
import { liveDigest } from '../plan/live-digest.ts';
import { sameScopeId } from '../plan/orphans.ts';
import { checkPolicy, type PolicyConfig } from '../plan/policy.ts';
import { filterTargets } from '../plan/targets.ts';
import type { Plan, UncheckedScopes } from '../plan/types.ts';
import { resolveManifest, warningLine } from '../sources/resolve.ts';
import { homeRepository, type Home } from '../core/home.ts';
import { requireHome } from './home.ts';
import { changedSince } from './changed-since.ts';
import { inventoryRequests, settleInventoryAfter, writeInventoryIntent, type InventoryRead } from './inventory.ts';
import { locateChanges, manifestLocations, type ManifestLocations } from './locations.ts';
import { expandProjects, listProjectRepositories, type ProjectListings } from './projects.ts';
import { readLive } from './read.ts';
import { selectShard, shardLabel, type Shard } from './shard.ts';

export interface DesiredRequest {
  cwd: string;
  /** `-c` / `--config`; else the manifest is searched from `cwd`. */
  config?: string;
  /** `env` for sources and credentials; `stdin` is read only by a source that asks for it (keep it a getter). */
  io: { env: NodeJS.ProcessEnv; readonly stdin?: NodeJS.ReadableStream };
  /** `--target`s; empty: every scope of the manifest. */
  targets: readonly string[];
  /** `--shard`: only this share of the repositories (and, for shard 0, the workspace variables). */
  shard?: Shard;
  /** `--changed-since`: only the scopes whose declared state differs from that at this git ref. */
  changedSince?: string;
  /** Find where each change is declared (JSON plans and Code Insights reports show it). */
  locations?: boolean;
}

export interface Desired {
  /** The workspace the manifest names, if it names one. */
  manifestWorkspace: string | undefined;
  /** The manifest's `id` (default `default`): ownership records are kept per id. */
  manifestId: string;
  /** Where the manifest's lock and inventory live (src/reconcile/home.ts); none without any repository. */
  home: Home | undefined;
  /** The manifest file as messages name it. */
  manifestFile: string;
  /** The declared scopes, limited to the targets and the shard. */
  declared: DesiredState;
  /** Every scope the manifest declares, before --target and --shard. */
  whole: DesiredState;
  warnings: Issue[];
  targets: readonly string[];
  /** Set when the run checks only some of the declared scopes. */
  unchecked?: UncheckedScopes;
  /** Declared scopes the run does not read (as `sameScopeId` gives them): never taken for removed ones. */
  notRead: ReadonlySet<string>;
  /** The manifest's `policy:` guard rails, if any. */
  policy?: PolicyConfig;
  /** Where scopes and variables are declared, when asked for. */
  locations?: ManifestLocations;
  /**
   * Set when the manifest has `projects:` (then `declared` is not narrowed yet): narrows the
   * fanned-out state to the targets, shard and changes, once planLive has listed the projects.
   */
  narrow?: (all: DesiredState, context: NarrowContext) => Promise<Selection>;
  /**
   * Set when the manifest has `projects:`: lists them, once per run. A manifest that declares no
   * repository and sets no `home:` gets its home here: the pipeline's repository, when a project lists it.
   */
  listProjects?: (client: BitbucketClient) => Promise<{ listings: ProjectListings; warnings: string[] }>;
}

/** What narrowing needs to know once the projects are listed: the listings, and the home they may settle. */
interface NarrowContext {
  listings?: ProjectListings;
  home: string | undefined;
}

/** The scopes a run checks, what it leaves out, and why. */
interface Selection {
  declared: DesiredState;
  unchecked?: UncheckedScopes;
  warnings: Issue[];
  notRead: ReadonlySet<string>;
}

/** Loads and resolves the manifest; no network. */
export async function loadDesired(request: DesiredRequest): Promise<Desired> {
  const loaded = await loadManifest({
    cwd: request.cwd,
    ...(request.config === undefined ? {} : { config: request.config }),
  });
  // The per-step size budget is checked at plan time, on the live state (planBudget).
  const { io } = request;
  const resolved = await resolveManifest(loaded, {
    env: io.env,
    budget: false,
    get stdin() {
      return io.stdin;
    },
  });
  // From the whole manifest, not the targeted scopes: --target (or --shard) never moves the home.
  const home = homeRepository({
    home: loaded.manifest.home,
    declared: Object.keys(loaded.manifest.repositories ?? {}),
    pipelineRepository: request.io.env.BITBUCKET_REPO_SLUG,
  });
  const narrow = async (all: DesiredState, context: NarrowContext): Promise<Selection> => {
    const selected = await selectScopes(loaded, all, request, context.home, context.listings);
    const notRead = all.scopes.filter((s) => !selected.declared.scopes.includes(s)).map((s) => sameScopeId(s.scope));
    return { ...selected, notRead: new Set(notRead) };
  };
  // A manifest with `projects:` is narrowed once its projects are fanned out (planLive).
  const fanOutFirst = resolved.desired.projects !== undefined;
  const { declared, unchecked, warnings, notRead } = fanOutFirst
    ? { declared: resolved.desired, unchecked: undefined, warnings: [], notRead: new Set<string>() }
    : await narrow(resolved.desired, { home: home?.repository });
  const desired: Desired = {
    manifestWorkspace: loaded.manifest.workspace,
    // `id:` is validated by the schema (MANIFEST_ID_PATTERN) where the schema declares it.
    manifestId: (loaded.manifest as { id?: string }).id ?? DEFAULT_MANIFEST_ID,
    home,
    manifestFile: loaded.displayFile,
    declared,
    whole: resolved.desired,
    warnings: [...resolved.warnings, ...warnings],
    targets: request.targets,
    notRead,
    ...(unchecked ? { unchecked } : {}),
    ...(loaded.manifest.policy ? { policy: loaded.manifest.policy } : {}),
    ...(request.locations ? { locations: manifestLocations(loaded) } : {}),
    ...(fanOutFirst ? { narrow } : {}),
  };
  if (fanOutFirst) {
    let listing: ReturnType<NonNullable<Desired['listProjects']>> | undefined;
    desired.listProjects = (client) =>
      (listing ??= listProjectRepositories(client, resolved.desired).then((listed) => {
        desired.home ??= homeRepository({
          declared: [],
          listed: [...listed.listings.values()].flat(),
          pipelineRepository: request.io.env.BITBUCKET_REPO_SLUG,
        });
        return listed;
      }));
  }
  return desired;
}

/**
 * The declared scopes this run checks: those matching `--target`, in `--shard`, and changed since
 * `--changed-since` (in that order; each narrows the one before), and a sentence on what was left out.
 */
async function selectScopes(
  loaded: LoadedManifest,
  all: DesiredState,
  request: DesiredRequest,
  home: string | undefined,
  listings: ProjectListings | undefined,
): Promise<{ declared: DesiredState; unchecked?: UncheckedScopes; warnings: Issue[] }> {
  let declared = filterTargets(all, request.targets);
  const notes: string[] = [];
  const warnings: Issue[] = [];
  if (request.targets.length > 0) notes.push(`--target: ${declared.scopes.length} of ${all.scopes.length} scopes`);
  if (request.shard) {
    const share = selectShard(declared, request.shard);
    declared = share.desired;
    notes.push(share.note);
  }
  const ref = request.changedSince;
  if (ref !== undefined) {
    // With `projects:`, the state at the ref is fanned out with the same listings.
    const found = await changedSince(loaded, all, ref, request.io.env, listings);
    const selected = declared.scopes.filter(
      (s) =>
        found.changed.has(scopeId(s.scope)) ||
        (s.scope.type === 'repository' &&
          (found.prunedDeployments.has(s.scope.repository) ||
            // The inventory that names removed repositories lives in the home repository.
            (found.removedFromInventory && s.scope.repository === home))),
    );
    const unchanged = declared.scopes.length - selected.length;
    declared = { ...declared, scopes: selected };
    notes.push(`${plural(unchanged, 'scope')} unchanged since ${ref}`);
    for (const message of found.warnings) warnings.push({ file: loaded.displayFile, severity: 'warning', message });
  }
  if (notes.length === 0) return { declared, warnings };
  const left = all.scopes.length - declared.scopes.length;
  // `312 scopes unchanged since origin/main, not checked for drift` when that is all there is to say.
  const reason =
    notes.length === 1 && ref !== undefined
      ? `${notes[0]!}, not checked for drift`
      : `${notes.join('; ')}; ${plural(left, 'scope')} not checked for drift`;
  const unchecked: UncheckedScopes = {
    scopes: left,
    reason,
    ...(request.shard ? { shard: request.shard } : {}),
    ...(ref === undefined ? {} : { changedSince: ref }),
  };
  return { declared, unchecked, warnings };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface PlanRequest {
  env: NodeJS.ProcessEnv;
  forceSecured: boolean;
  /** `--concurrency`: fixed for reads and writes; otherwise chosen per phase. */
  concurrency?: number;
  /** `--max-requests`. */
  maxRequests?: number;
  onRetry?: (event: RetryEvent) => void;
}

export interface LivePlan {
  client: BitbucketClient;
  /** Steps whose variables would exceed Bitbucket's 120,000 characters after the apply: the plan fails, apply refuses. */
  overBudget: string[];
  /** The declared scopes plus removed deployments bb-vars still manages (they are pruned). */
  desired: DesiredState;
  live: LiveState;
  plan: Plan;
  targets: readonly string[];
  fingerprintKey: Buffer;
  /** Requests the reads took (token included). */
  readRequests: number;
  /** The manifest's `policy:`, which `plan.violations` was checked against. */
  policy?: PolicyConfig;
  /** The home repository, its inventory as read (absent when a targeted plan left it out), and listed repositories found deleted. */
  home?: string;
  inventory?: InventoryRead;
  gone: string[];
  keys: FingerprintKeys;
  manifestId: string;
}

/** The client a run uses for everything (the lock, the reads, the writes): one request budget. */
export function openClient(request: PlanRequest): BitbucketClient {
  const options = clientOptionsFromEnv(request.env);
  if (request.concurrency !== undefined) options.concurrency = request.concurrency;
  if (request.maxRequests !== undefined) options.maxRequests = request.maxRequests;
  if (request.onRetry) options.onRetry = request.onRetry;
  return new BitbucketClient(options);
}

/**
 * Reads live state for the desired scopes and plans against it, with `client` (from openClient)
 * or a new one.
 */
export async function planLive(
  desired: Desired,
  request: PlanRequest,
  client = openClient(request),
): Promise<LivePlan> {
  const options = clientOptionsFromEnv(request.env);
  const keys: FingerprintKeys = fingerprintKeysFromEnv(request.env);
  const fingerprintKey = keys.current;
  const selected = await fanOut(client, desired).catch(async (error: unknown) => {
    throw await explainNotFound(client, desired.declared.workspace, error, request.env);
  });
  const read = await readLive(client, selected.declared, {
    fixedConcurrency: request.concurrency !== undefined,
    overhead: options.credentials.kind === 'oauth' ? 1 : 0,
    keys,
    manifestId: desired.manifestId,
    alsoDeclared: selected.notRead,
    whole: selected.whole,
    ...(selected.unchecked?.shard
      ? { what: `reading the live variables of shard ${shardLabel(selected.unchecked.shard)}` }
      : {}),
    ...(desired.home === undefined ? {} : { home: desired.home.repository }),
    ...(desired.targets.length > 0
      ? { limited: 'targets' as const }
      : selected.unchecked
        ? { limited: 'subset' as const }
        : {}),
  }).catch(async (error: unknown) => {
    throw await explainNotFound(client, desired.declared.workspace, error, request.env);
  });
  const plan = planReconcile(read.desired, read.live, {
    fingerprintKey,
    ...(keys.previous ? { previousFingerprintKey: keys.previous } : {}),
    manifestId: desired.manifestId,
    forceSecured: request.forceSecured,
  });
  // Warnings about values belong in the plan, so a reviewer sees them in the pull request.
  plan.warnings.unshift(...desired.warnings.map(warningLine), ...selected.warnings);
  // A home that is only a guess moves when another repository is declared: say so before an apply relies on it.
  if (desired.home?.warning) plan.warnings.push(desired.home.warning);
  const budget = planBudget(read.desired, read.live, plan, fingerprintKey);
  plan.warnings.push(...budget.map((b) => b.message));
  const overBudget = budget.filter((b) => b.severity === 'error').map((b) => b.message);
  if (selected.unchecked) plan.unchecked = selected.unchecked;
  if (read.inventory?.warning) plan.warnings.push(read.inventory.warning);
  if (desired.locations) locateChanges(plan, desired.locations);
  plan.violations = checkPolicy(plan, desired.policy);
  return {
    client,
    ...read,
    plan,
    targets: desired.targets,
    fingerprintKey,
    keys,
    manifestId: desired.manifestId,
    ...(desired.home === undefined ? {} : { home: desired.home.repository }),
    readRequests: client.stats.requests,
    ...(desired.policy ? { policy: desired.policy } : {}),
    overBudget,
  };
}

/**
 * The scopes the plan reads: with `projects:`, each project's repositories are listed, the
 * projects fanned out, and the result narrowed to the targets, shard and changes.
 */
async function fanOut(
  client: BitbucketClient,
  desired: Desired,
): Promise<Omit<Selection, 'warnings'> & { whole: DesiredState; warnings: string[] }> {
  const { declared, unchecked, notRead, whole } = desired;
  if (!desired.narrow || !desired.listProjects)
    return { declared, ...(unchecked ? { unchecked } : {}), notRead, whole, warnings: [] };
  const listed = await desired.listProjects(client);
  const expanded = expandProjects(declared, listed.listings);
  // A manifest of projects alone may have settled its home while listing them.
  const selected = await desired.narrow(expanded.desired, {
    listings: listed.listings,
    home: desired.home?.repository,
  });
  return {
    ...selected,
    whole: expanded.desired,
    warnings: [...listed.warnings, ...expanded.warnings, ...selected.warnings.map(warningLine)],
  };
}

/**
 * A 404 while reading: when the workspace itself is unknown (a typo such as `acmee`), every
 * repository in it is "not found" too. One request tells which, so the message names the cause.
 */
async function explainNotFound(
  client: BitbucketClient,
  workspace: string,
  error: unknown,
  env: NodeJS.ProcessEnv,
): Promise<unknown> {
  if (!(error instanceof ApiError) || error.status !== 404) return error;
  try {
    await client.listVariables({ kind: 'workspace', workspace });
    return error;
  } catch (probe) {
    if (!(probe instanceof ApiError) || probe.status !== 404) return error;
  }
  const guess = env.BITBUCKET_WORKSPACE ? closest(workspace, [env.BITBUCKET_WORKSPACE]) : undefined;
  return new UserError(
    `Workspace '${workspace}' not found, or these credentials cannot see it.${guess ? ` Did you mean '${guess}' (BITBUCKET_WORKSPACE)?` : ''} ` +
      'Check `workspace:` in the manifest (or BITBUCKET_WORKSPACE when the manifest names none): it is the ID after bitbucket.org/ in the URLs of its repositories.',
  );
}

/** The keyed digest of the live state a plan was made against (saved plans record it). */
export function liveDigestOf(planned: LivePlan): string {
  return liveDigest(planned.live, planned.fingerprintKey);
}

export interface ApplyRequest {
  renderer: ApplyRenderer;
  /** Where progress goes. */
  output: NodeJS.WritableStream;
  /** Aborted: start no more work. */
  signal?: AbortSignal;
  /** The lock this apply holds (lockForApply). */
  lock?: ApplyLock;
}

export interface Applied extends ApplyResult {
  /** Requests the apply took, and the whole run. */
  requests: { apply: number; total: number };
}

/** Applies the plan; refuses before any write when the request budget cannot cover it. */
export async function applyLive(planned: LivePlan, request: ApplyRequest): Promise<Applied> {
  const { client, plan } = planned;
  const before = client.stats.requests;
  if (planned.overBudget.length > 0)
    throw new UserError(
      `Not applying: after this apply, pipeline steps would see more than Bitbucket's 120,000 characters of ` +
        `variables, and those steps would fail. Nothing was written.\n${planned.overBudget.map((m) => `  - ${m}`).join('\n')}`,
    );
  // The inventory: read (when the plan left it out), written before, and after.
  const writes = countWrites(plan) + inventoryRequests(plan, planned.home, planned.inventory, planned.desired.scopes);
  const refused = request.lock?.refused;
  if (refused && writes > 0) {
    throw new UserError(
      `Stopped at the first permission refusal: nothing was changed. bb-vars takes its apply lock in ` +
        `repository ${visible(refused.repository)} (the manifest's home) before it writes, and Bitbucket refused it:\n` +
        `  ${visible(refused.message)}`,
    );
  }
  // A held lock needs one more request to be released.
  client.assertBudget(writes + (request.lock && !refused ? 1 : 0), `the apply (${writes} writes)`);
  const seal = { fingerprintKey: planned.fingerprintKey, keys: planned.keys, manifestId: planned.manifestId };
  // Stopped before it started (Ctrl-C): nothing is written, the inventory included.
  const inventory = request.signal?.aborted
    ? undefined
    : await writeInventoryIntent(client, plan, planned.home, planned.inventory, seal);
  const result = await applyPlan(plan, planned.desired, client, {
    fingerprintKey: planned.fingerprintKey,
    concurrency: client.concurrency.max,
    renderer: request.renderer,
    output: request.output,
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (inventory && result.stopped?.reason !== 'permission') {
    const settled = await settleInventoryAfter(
      client,
      inventory,
      plan,
      planned.desired.scopes,
      result.scopes,
      planned.gone,
      seal,
    );
    if (settled.error !== undefined) {
      const home = inventory.read.home;
      const failed = { scope: home, recordKey: inventory.read.key, outcome: 'failed' as const, written: false };
      result.scopes.push({ scope: home, changes: [], bookkeeping: { ...failed, error: settled.error } });
      result.counts.failed++;
    }
  }
  return { ...result, requests: { apply: client.stats.requests - before, total: client.stats.requests } };
}

export interface LockOptions {
  env: NodeJS.ProcessEnv;
  /** `--lock-timeout`. */
  timeoutMs: number;
  /** Where waiting, takeover and lease messages go. */
  notice(message: string): void;
  /** Aborted (Ctrl-C): stop waiting. */
  signal?: AbortSignal;
  /** The lease ran out while this run held the lock, and another run took it over. */
  onLost(): void;
}

export interface ApplyLock {
  /**
   * Bitbucket refused to create the lock (403): this credential may not write in the home
   * repository. An apply with nothing to write goes on (the lock needs no permission beyond the
   * apply's); one with writes stops before the first (applyLive).
   */
  refused?: { repository: string; message: string };
  /** Stops renewing and deletes the lock; never throws (a failure is told through `notice`). */
  release(): Promise<void>;
}

/**
 * Takes the manifest's apply lock in its home repository (src/apply/lock.ts), before anything is
 * read for the apply, and renews its lease every half lease while the run holds it.
 */
export async function lockForApply(
  desired: Desired,
  client: BitbucketClient,
  options: LockOptions,
): Promise<ApplyLock> {
  // A manifest of projects alone finds its home among the projects' repositories.
  if (desired.home === undefined) await desired.listProjects?.(client);
  // A home that is only a guess is a warning of the plan (planLive).
  const home = requireHome(desired.home, desired.manifestFile, 'Applying');
  let held: HeldLock;
  try {
    held = await acquireLock(client, {
      workspace: desired.declared.workspace,
      repository: home.repository,
      manifestId: desired.manifestId,
      holder: lockHolder(options.env),
      timeoutMs: options.timeoutMs,
      pollMs: clientOptionsFromEnv(options.env).retry?.baseDelayMs ?? 1000,
      notice: (message) => options.notice(message),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof PermissionError) || error.status !== 403) throw error;
    return { refused: { repository: home.repository, message: error.message }, release: async () => {} };
  }
  const renewing = setInterval(
    () => {
      held.renew().then(
        (ours) => {
          if (ours) return;
          clearInterval(renewing);
          options.notice(
            `The lock's lease (${held.value.lease_seconds} s) ran out and another run took the lock over: starting no more changes.`,
          );
          options.onLost();
        },
        (error: unknown) =>
          options.notice(
            `Warning: could not renew the lock's lease: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    },
    (held.value.lease_seconds * 1000) / 2,
  );
  renewing.unref();
  return {
    async release() {
      clearInterval(renewing);
      try {
        await held.release();
      } catch (error) {
        options.notice(
          `Warning: could not release the lock (${held.key} in repository ${home.repository}): ` +
            `${error instanceof Error ? error.message : String(error)}. It expires after its lease, or delete it by hand.`,
        );
      }
    },
  };
}
