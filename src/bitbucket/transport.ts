/**
 * One HTTP exchange with retries: timeout per attempt, bounded concurrency, 429 backoff,
 * 5xx/network retries for calls that are safe (or reconcilable) to repeat, one credential
 * refresh on 401, and the request counters. Plain node:http(s) (see http.ts); no HTTP library.
 */
import { ApiError, UserError } from '../errors.ts';
import { failureCode, send, SendFailure, type HttpAnswer } from './http.ts';
import { decideRetry, parseRetryAfter } from './backoff.ts';
import {
  describeFailure,
  describeNetworkCode,
  describeRateLimitExhausted,
  formatDuration,
  parseErrorBody,
  redact,
  scrubEcho,
  type ResourceRef,
} from './error-messages.ts';
import type { AdaptiveSemaphore } from './semaphore.ts';
import type { ClientStats, Credentials, RetryEvent, RetryOptions } from './types.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One logical request; the transport may send it several times. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  /** Path (and query) shown in messages and retry events. */
  displayPath: string;
  body?: string;
  contentType?: string;
  /** Repeat after a 5xx or a lost response: true for GET/PUT/DELETE and for creates the caller reconciles. */
  retryAmbiguous: boolean;
  /** Returns the Authorization header value for the next attempt. */
  authorization?: () => Promise<string>;
  /** Called on a 401 with the header that was refused; true means "fresh credentials, try once more". */
  refreshOn401?: (refused: string) => boolean;
  semaphore?: AdaptiveSemaphore;
  /** Semaphore priority (see PRIORITY); default normal. */
  priority?: number;
  resource?: ResourceRef;
  /** Strings to keep out of any message (e.g. a secured value being written). */
  secrets?: readonly string[];
}

/** The final answer. `ambiguous`: an earlier attempt may have been applied by the server. */
export interface HttpResponse extends HttpAnswer {
  ambiguous: boolean;
}

export interface TransportOptions {
  timeoutMs: number;
  userAgent: string;
  retry: RetryOptions;
  random: () => number;
  credentials: Credentials['kind'];
  maxRequests?: number;
  onRetry?: (event: RetryEvent) => void;
  /** Secrets of the credential (and live tokens) to redact from every message. */
  secrets: () => readonly string[];
}

const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'TIMEOUT', 'EAI_AGAIN', 'ECONNABORTED']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Transport {
  readonly stats: ClientStats = { requests: 0, tokenRequests: 0, retries: 0, rateLimited: 0, nearLimit: 0, waitMs: 0 };
  readonly #options: TransportOptions;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /** Requests left under `maxRequests`, or undefined without a budget. */
  remainingBudget(): number | undefined {
    const max = this.#options.maxRequests;
    return max === undefined ? undefined : Math.max(0, max - this.stats.requests);
  }

  #clean(message: string, req: HttpRequest): string {
    return redact(message, [...this.#options.secrets(), ...(req.secrets ?? [])]);
  }

  /** Sends `req`, retrying as its flags allow. Throws ApiError when retries run out. */
  async execute(req: HttpRequest, kind: 'api' | 'token' = 'api'): Promise<HttpResponse> {
    const { retry, random } = this.#options;
    const call = `${req.method} ${req.displayPath}`;
    let retries = 0;
    let waited = 0;
    let refreshed = false;
    let ambiguous = false;
    for (;;) {
      const auth = req.authorization ? await req.authorization() : undefined;
      let outcome: HttpAnswer | SendFailure;
      if (req.semaphore) await req.semaphore.acquire(req.priority);
      try {
        outcome = await this.#attempt(req, auth, kind);
      } finally {
        req.semaphore?.release();
      }
      let reason: string;
      let retryAfter: number | undefined;
      if (outcome instanceof SendFailure) {
        const host = new URL(req.url).host;
        const what = describeNetworkCode(outcome.code, this.#options.timeoutMs);
        if (!RETRYABLE_NETWORK.has(outcome.code)) {
          throw new ApiError(0, req.method, req.displayPath, this.#clean(`Could not reach ${host} for ${call}: ${what}. Check BITBUCKET_API_URL / BITBUCKET_TOKEN_URL and your network or proxy.`, req), { cause: outcome.cause });
        }
        if (!req.retryAmbiguous) {
          // The request may have been applied; repeating it could do it twice.
          throw new ApiError(0, req.method, req.displayPath, this.#clean(`Lost the answer from ${host} to ${call}: ${what}. It may or may not have been applied; check, then run again.`, req), { cause: outcome.cause });
        }
        ambiguous = true;
        reason = what;
        retries++;
        const decision = decideRetry(retries, waited, undefined, retry, random);
        if (!decision.retry) {
          throw new ApiError(0, req.method, req.displayPath, this.#clean(`No answer from ${host} to ${call}: ${what}, after ${retries} tries over ${formatDuration(waited)}. Check your network, or retry later.`, req), { cause: outcome.cause });
        }
        await this.#wait(req, retries, decision.delayMs, reason);
        waited += decision.delayMs;
        continue;
      }
      const { status } = outcome;
      if (status === 401 && auth !== undefined && req.refreshOn401 && !refreshed && req.refreshOn401(auth)) {
        refreshed = true;
        this.stats.retries++;
        continue;
      }
      if (status === 429) {
        this.stats.rateLimited++;
        req.semaphore?.onRateLimited();
        reason = 'rate limited (429)';
        retryAfter = parseRetryAfter(outcome.headers.get('retry-after'), Date.now());
      } else if (status >= 500 && req.retryAmbiguous) {
        ambiguous = true;
        reason = `HTTP ${status}`;
      } else {
        // Access tokens see X-RateLimit-NearLimit before the hourly limit is hit: slow down early.
        if (outcome.headers.get('x-ratelimit-nearlimit') === 'true') {
          this.stats.nearLimit++;
          req.semaphore?.onRateLimited();
        } else if (status < 400) req.semaphore?.onSuccess();
        return { ...outcome, ambiguous };
      }
      retries++;
      const decision = decideRetry(retries, waited, retryAfter, retry, random);
      if (!decision.retry) {
        const tries = retries;
        const message =
          status === 429
            ? describeRateLimitExhausted(call, tries, waited)
            : `${describeFailure({ status, method: req.method, path: req.displayPath, credentials: this.#options.credentials, resource: req.resource }, parseErrorBody(scrubEcho(outcome.text, [...this.#options.secrets(), ...(req.secrets ?? [])]), outcome.headers.get('content-type')))} Gave up after ${tries} tries over ${formatDuration(waited)}.`;
        throw new ApiError(status, req.method, req.displayPath, this.#clean(message, req));
      }
      await this.#wait(req, retries, decision.delayMs, reason);
      waited += decision.delayMs;
    }
  }

  async #wait(req: HttpRequest, attempt: number, delayMs: number, reason: string): Promise<void> {
    this.stats.retries++;
    this.stats.waitMs += delayMs;
    this.#options.onRetry?.({ method: req.method, path: req.displayPath, attempt, maxRetries: this.#options.retry.maxRetries, delayMs, reason });
    if (delayMs > 0) await sleep(delayMs);
  }

  async #attempt(req: HttpRequest, auth: string | undefined, kind: 'api' | 'token') {
    const max = this.#options.maxRequests;
    if (max !== undefined && this.stats.requests >= max) {
      throw new UserError(
        `Stopped before ${req.method} ${req.displayPath}: the request budget of ${max} (--max-requests) is used up. Raise --max-requests, or narrow the run with --target.`,
      );
    }
    this.stats.requests++;
    if (kind === 'token') this.stats.tokenRequests++;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.#options.userAgent };
    if (auth !== undefined) headers.authorization = auth;
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    try {
      return await send(req.url, { method: req.method, headers, timeoutMs: this.#options.timeoutMs, ...(req.body === undefined ? {} : { body: req.body }) });
    } catch (error) {
      // No HTTP answer: returned, not thrown, so the retry loop decides what happens next.
      return error instanceof SendFailure ? error : new SendFailure(failureCode(error), error);
    }
  }
}
