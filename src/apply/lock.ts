/**
 * The apply lock: one apply of a manifest at a time. Bitbucket has no compare-and-swap, but
 * creating a variable whose key exists answers 409, so creating the repository variable
 * `BB_VARS_LOCK` (`BB_VARS_LOCK_<ID>` for other manifest ids) in the manifest's home repository
 * is a mutex. Its value says who holds it, since when, and for how long (the lease): a lock whose
 * lease ran out (its run was killed) is taken over. Deleting by UUID never removes a lock another
 * run created since. See docs/ownership.md, "The lock".
 */
import { hostname, userInfo } from 'node:os';
import { backoffDelay } from '../bitbucket/backoff.ts';
import type { BbVariable, VariableInput, VariableScope } from '../bitbucket/types.ts';
import { isRecord } from '../core/data.ts';
import { visible } from '../core/escape.ts';
import { ApiError, UserError } from '../errors.ts';
import { BB_VARS_LOCK, recordKey } from '../plan/bookkeeping.ts';

/** How long a lock holds without being renewed; a running apply renews it every half lease. */
export const LEASE_SECONDS = 600;
/** `--lock-timeout` when not given. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5 * 60_000;
/** The longest pause between two looks at a held lock. */
const MAX_POLL_MS = 15_000;

/** The lock variable's value (JSON). `renewed`: when a long apply last extended the lease. */
export interface LockValue {
  holder: string;
  since: string;
  lease_seconds: number;
  renewed?: string;
}

/** The requests the lock makes; the Bitbucket client implements them. */
export interface LockTarget {
  /** Creates the variable, or answers undefined when its key exists (409): nothing else is done. */
  createVariableIfAbsent(scope: VariableScope, input: VariableInput): Promise<BbVariable | undefined>;
  listVariables(scope: VariableScope): Promise<BbVariable[]>;
  updateVariable(scope: VariableScope, uuid: string, input: VariableInput): Promise<BbVariable>;
  deleteVariable(scope: VariableScope, uuid: string): Promise<void>;
}

export interface LockRequest {
  workspace: string;
  /** The home repository (src/reconcile/home.ts). */
  repository: string;
  manifestId: string;
  /** Who takes it, for the messages of the runs that wait (`lockHolder`). */
  holder: string;
  /** How long to wait for a held lock before giving up (0: do not wait). */
  timeoutMs: number;
  /** The first pause between looks; later ones double up to 15 s (jittered). */
  pollMs: number;
  /** Told once when the lock is held by another run, and on each takeover of an expired lock. */
  notice(message: string): void;
  /** Aborted (Ctrl-C): stop waiting. */
  signal?: AbortSignal;
  leaseSeconds?: number;
  now?: () => number;
  random?: () => number;
}

export interface HeldLock {
  /** `BB_VARS_LOCK` or `BB_VARS_LOCK_<ID>`. */
  key: string;
  value: LockValue;
  /** Extends the lease; false when the lock is gone (another run took it over). */
  renew(): Promise<boolean>;
  /** Deletes the lock (only this run's: by its UUID). */
  release(): Promise<void>;
}

/** Thrown when waiting was interrupted: nothing was changed. */
export class LockWaitInterrupted extends Error {
  constructor() {
    super('Interrupted while waiting for the lock: nothing was changed.');
    this.name = 'LockWaitInterrupted';
  }
}

/** `pipeline build 42 in infra (BITBUCKET_BUILD_NUMBER)` in a pipeline, else `user@host pid 123`. */
export function lockHolder(env: NodeJS.ProcessEnv, pid = process.pid): string {
  const build = env.BITBUCKET_BUILD_NUMBER?.trim();
  if (build) {
    const repository = env.BITBUCKET_REPO_SLUG?.trim();
    return `pipeline build ${build}${repository ? ` in ${repository}` : ''} (BITBUCKET_BUILD_NUMBER)`;
  }
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): the host and pid still tell runs apart.
  }
  return `${user}@${hostname()} pid ${pid}`;
}

/** A lock variable's value, or undefined when it is not one bb-vars wrote (or is secured). */
export function parseLockValue(text: string | undefined): LockValue | undefined {
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(raw)) return undefined;
  const { holder, since, lease_seconds, renewed } = raw;
  if (typeof holder !== 'string' || typeof since !== 'string' || Number.isNaN(Date.parse(since))) return undefined;
  if (typeof lease_seconds !== 'number' || !Number.isFinite(lease_seconds) || lease_seconds <= 0) return undefined;
  if (renewed !== undefined && (typeof renewed !== 'string' || Number.isNaN(Date.parse(renewed)))) return undefined;
  return { holder, since, lease_seconds, ...(renewed === undefined ? {} : { renewed }) };
}

/** When the lease runs out (ms since the epoch). */
export function lockExpiry(lock: LockValue): number {
  return Date.parse(lock.renewed ?? lock.since) + lock.lease_seconds * 1000;
}

/** `30s`, `5m`, `1h`, `0` → milliseconds; undefined when `text` is no such duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,6})(s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] === 'h' ? 3_600_000 : match[2] === 'm' ? 60_000 : 1000;
  return Number(match[1]) * unit;
}

/** A duration as `--lock-timeout` takes it: `5m`, `30s`, `1h`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s > 0 && s % 3600 === 0) return `${s / 3600}h`;
  if (s > 0 && s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/**
 * Takes the lock, waiting up to `timeoutMs` while another run holds it. Throws a UserError naming
 * the holder when the wait times out, LockWaitInterrupted when `signal` aborts the wait.
 */
export async function acquireLock(target: LockTarget, request: LockRequest): Promise<HeldLock> {
  const now = request.now ?? Date.now;
  const random = request.random ?? Math.random;
  const lease = request.leaseSeconds ?? LEASE_SECONDS;
  const scope: VariableScope = { kind: 'repository', workspace: request.workspace, repository: request.repository };
  const key = recordKey(request.manifestId, BB_VARS_LOCK);
  const where = `${key} in repository ${request.repository}`;
  const deadline = now() + request.timeoutMs;
  let waited = 0;
  let told = false;
  let vanished = false;
  for (;;) {
    if (request.signal?.aborted) throw new LockWaitInterrupted();
    const value: LockValue = { holder: request.holder, since: new Date(now()).toISOString(), lease_seconds: lease };
    const text = JSON.stringify(value);
    const created = await target
      .createVariableIfAbsent(scope, { key, value: text, secured: false })
      .catch(async (error: unknown) => {
        // No answer: the lock may exist all the same. Delete it if it is this run's, so it does
        // not block the next apply for a whole lease; the failure itself stands.
        const mine = await target
          .listVariables(scope)
          .then((vs) => vs.find((v) => v.key === key && v.value === text))
          .catch(() => undefined);
        if (mine) await target.deleteVariable(scope, mine.uuid).catch(() => undefined);
        throw error;
      });
    if (created) return held(target, scope, key, created.uuid, value, now);
    const current = (await target.listVariables(scope)).find((v) => v.key === key);
    if (!current) {
      // Released between the two requests: try again at once, but only once in a row.
      if (vanished)
        throw new UserError(
          `Bitbucket answered 409 (exists) to creating ${where}, but does not list such a variable. ` +
            'Run the apply again; if this repeats, check the repository variables in Bitbucket.',
        );
      vanished = true;
      continue;
    }
    vanished = false;
    // A retried create whose first answer was lost: the lock is ours.
    if (current.value === text) return held(target, scope, key, current.uuid, value, now);
    const lock = parseLockValue(current.value);
    if (lock && lockExpiry(lock) <= now()) {
      request.notice(
        visible(
          `Taking over the lock held by ${lock.holder} since ${lock.since}: ` +
            `its lease of ${lock.lease_seconds} s ran out at ${new Date(lockExpiry(lock)).toISOString()}.`,
        ),
      );
      // By UUID: when another run took it over first, this deletes nothing and the create 409s.
      await target.deleteVariable(scope, current.uuid);
      continue;
    }
    // Raw here: the CLI shows an error's lines `visible`, and the notice below is made so.
    const holder = lock
      ? `${lock.holder} since ${lock.since}`
      : 'an unknown holder (its value is not a lock bb-vars wrote)';
    const remaining = deadline - now();
    if (remaining <= 0) {
      const expiry = lock ? new Date(lockExpiry(lock)).toISOString() : undefined;
      throw new UserError(
        `Another apply holds the lock: ${where}, held by ${holder}` +
          `${lock ? ` (lease ${lock.lease_seconds} s, until ${expiry})` : ''}. ` +
          `Gave up after waiting ${formatDuration(request.timeoutMs)} (--lock-timeout); nothing was changed.\n` +
          `  hint: when that run is still going, try again after it ends (or raise --lock-timeout). ` +
          (lock
            ? `When it was killed, the next apply after ${expiry} takes the lock over; to clear it sooner, `
            : 'To clear it, ') +
          `delete the repository variable ${key} in repository ${request.repository} ` +
          '(Repository settings → Repository variables), only when no apply is running.',
      );
    }
    if (!told) {
      told = true;
      request.notice(
        visible(
          `Waiting for the lock held by ${holder} (${where}; up to ${formatDuration(request.timeoutMs)}, --lock-timeout) …`,
        ),
      );
    }
    waited++;
    const pause = Math.max(
      1,
      backoffDelay(
        waited,
        { baseDelayMs: request.pollMs, maxDelayMs: MAX_POLL_MS, maxRetries: 0, maxTotalWaitMs: 0 },
        random,
      ),
    );
    await sleep(Math.min(pause, remaining), request.signal);
  }
}

function held(
  target: LockTarget,
  scope: VariableScope,
  key: string,
  uuid: string,
  value: LockValue,
  now: () => number,
): HeldLock {
  let current = value;
  return {
    key,
    get value() {
      return current;
    },
    async renew() {
      const next: LockValue = { ...current, renewed: new Date(now()).toISOString() };
      try {
        await target.updateVariable(scope, uuid, { key, value: JSON.stringify(next), secured: false });
      } catch (error) {
        // Gone: the lease ran out and another run took the lock over.
        if (error instanceof ApiError && error.status === 404) return false;
        throw error;
      }
      current = next;
      return true;
    },
    // Once more when the first attempt got no answer: a lock left behind blocks applies for a lease.
    release: () => target.deleteVariable(scope, uuid).catch(() => target.deleteVariable(scope, uuid)),
  };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
