/**
 * One logical request with retries: timeout per attempt, bounded concurrency, 429 backoff,
 * 5xx/network retries for calls that are safe (or reconcilable) to repeat, and the request
 * counters. Plain node:http(s) (see http.ts); no HTTP library. It returns what came of the
 * request — the final answer, or why there is none — and words no error: the client does.
 */
import { failureCode, send, SendFailure, type HttpAnswer } from './http.ts';
import { decideRetry, parseRetryAfter } from './backoff.ts';
import { describeNetworkCode } from './error-messages.ts';
import type { AdaptiveSemaphore } from './semaphore.ts';
import type { ClientStats, RetryEvent, RetryOptions } from './types.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One logical request; the transport may send it several times. */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  /** Path (and query) shown in retry events. */
  displayPath: string;
  body?: string;
  contentType?: string;
  /** Repeat after a 5xx or a lost response: true for GET/PUT/DELETE and for creates the caller reconciles. */
  retryAmbiguous: boolean;
  /** The Authorization header. */
  authorization?: string;
  semaphore?: AdaptiveSemaphore;
  /** Semaphore priority (see PRIORITY); default normal. */
  priority?: number;
  /** Counted as a token request. */
  token?: boolean;
}

/**
 * What came of a request:
 * - `answer`: the final HTTP answer, whatever its status;
 * - `gave-up`: still 429 or 5xx when the retries ran out (`response` is the last answer);
 * - `no-answer`: no HTTP answer. `unreachable`: not worth repeating (refused, unknown host);
 *   `lost`: the request may have been applied and is not safe to repeat; `gave-up`: retries ran out;
 * - `over-budget`: not sent, the request budget (`maxRequests`) is used up.
 */
export type Outcome =
  | { kind: 'answer'; response: HttpAnswer; ambiguous?: boolean }
  | { kind: 'gave-up'; response: HttpAnswer; tries: number; waitedMs: number }
  | {
      kind: 'no-answer';
      why: 'unreachable' | 'lost' | 'gave-up';
      code: string;
      cause: unknown;
      tries: number;
      waitedMs: number;
    }
  | { kind: 'over-budget'; max: number };

export interface TransportOptions {
  timeoutMs: number;
  userAgent: string;
  retry: RetryOptions;
  random: () => number;
  maxRequests?: number;
  onRetry?: (event: RetryEvent) => void;
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

  /** Sends `req`, retrying as its flags allow, and returns what came of it (never throws for an HTTP failure). */
  async execute(req: HttpRequest): Promise<Outcome> {
    const { retry, random, maxRequests } = this.#options;
    let retries = 0;
    let waited = 0;
    // An earlier attempt may have been applied (no answer, or a 5xx): a 409 may then be our own.
    let ambiguous = false;
    for (;;) {
      if (maxRequests !== undefined && this.stats.requests >= maxRequests)
        return { kind: 'over-budget', max: maxRequests };
      let answer: HttpAnswer | SendFailure;
      if (req.semaphore) await req.semaphore.acquire(req.priority);
      try {
        answer = await this.#attempt(req);
      } finally {
        req.semaphore?.release();
      }
      let reason: string;
      let retryAfter: number | undefined;
      if (answer instanceof SendFailure) {
        const { code, cause } = answer;
        const failed = (why: 'unreachable' | 'lost' | 'gave-up'): Outcome => ({
          kind: 'no-answer',
          why,
          code,
          cause,
          tries: retries + 1,
          waitedMs: waited,
        });
        if (!RETRYABLE_NETWORK.has(code)) return failed('unreachable');
        // The request may have been applied; repeating it could do it twice.
        if (!req.retryAmbiguous) return failed('lost');
        reason = describeNetworkCode(code, this.#options.timeoutMs);
        const decision = decideRetry(retries + 1, waited, undefined, retry, random);
        if (!decision.retry) return failed('gave-up');
        ambiguous = true;
        retries++;
        await this.#wait(req, retries, decision.delayMs, reason);
        waited += decision.delayMs;
        continue;
      }
      const { status } = answer;
      if (status === 429) {
        this.stats.rateLimited++;
        req.semaphore?.onRateLimited();
        reason = 'rate limited (429)';
        retryAfter = parseRetryAfter(answer.headers.get('retry-after'), Date.now());
      } else if (status >= 500 && req.retryAmbiguous) {
        reason = `HTTP ${status}`;
        ambiguous = true;
      } else {
        // Access tokens see X-RateLimit-NearLimit before the hourly limit is hit: slow down early.
        if (answer.headers.get('x-ratelimit-nearlimit') === 'true') {
          this.stats.nearLimit++;
          req.semaphore?.onRateLimited();
        } else if (status < 400) req.semaphore?.onSuccess();
        return { kind: 'answer', response: answer, ambiguous };
      }
      const decision = decideRetry(retries + 1, waited, retryAfter, retry, random);
      if (!decision.retry) return { kind: 'gave-up', response: answer, tries: retries + 1, waitedMs: waited };
      retries++;
      await this.#wait(req, retries, decision.delayMs, reason);
      waited += decision.delayMs;
    }
  }

  async #wait(req: HttpRequest, attempt: number, delayMs: number, reason: string): Promise<void> {
    this.stats.retries++;
    this.stats.waitMs += delayMs;
    this.#options.onRetry?.({
      method: req.method,
      path: req.displayPath,
      attempt,
      maxRetries: this.#options.retry.maxRetries,
      delayMs,
      reason,
    });
    if (delayMs > 0) await sleep(delayMs);
  }

  async #attempt(req: HttpRequest): Promise<HttpAnswer | SendFailure> {
    this.stats.requests++;
    if (req.token) this.stats.tokenRequests++;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.#options.userAgent };
    if (req.authorization !== undefined) headers.authorization = req.authorization;
    if (req.contentType !== undefined) headers['content-type'] = req.contentType;
    try {
      return await send(req.url, {
        method: req.method,
        headers,
        timeoutMs: this.#options.timeoutMs,
        ...(req.body === undefined ? {} : { body: req.body }),
      });
    } catch (error) {
      // No HTTP answer: returned, not thrown, so the retry loop decides what happens next.
      return error instanceof SendFailure ? error : new SendFailure(failureCode(error), error);
    }
  }
}
