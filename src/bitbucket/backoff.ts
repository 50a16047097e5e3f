/**
 * Retry timing, pure. Bitbucket sends no Retry-After on 429 and counts requests over a rolling
 * hour, so the default is exponential backoff with full jitter, bounded per wait and in total.
 */
import type { RetryOptions } from './types.ts';

export const DEFAULT_RETRY: RetryOptions = {
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetries: 6,
  maxTotalWaitMs: 180_000,
};

/**
 * Delay before retry number `attempt` (1-based): uniform in [0, min(maxDelay, base·2^(attempt-1))).
 * Full jitter spreads the retries of concurrent requests instead of having them collide again.
 */
export function backoffDelay(attempt: number, retry: RetryOptions, random: () => number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After in ms (delta-seconds or HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** What to do after a failed attempt: wait `delayMs` and retry, or give up. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false; why: 'attempts' | 'total-wait' };

/**
 * Decides whether retry number `attempt` may happen, given the time already waited.
 * An explicit Retry-After is honoured exactly or not at all: waiting less would only earn
 * another 429, so one beyond the caps means giving up now.
 */
export function decideRetry(
  attempt: number,
  waitedMs: number,
  retryAfterMs: number | undefined,
  retry: RetryOptions,
  random: () => number,
): RetryDecision {
  if (attempt > retry.maxRetries) return { retry: false, why: 'attempts' };
  const remaining = retry.maxTotalWaitMs - waitedMs;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > retry.maxDelayMs || retryAfterMs > remaining) return { retry: false, why: 'total-wait' };
    return { retry: true, delayMs: retryAfterMs };
  }
  if (remaining <= 0) return { retry: false, why: 'total-wait' };
  return { retry: true, delayMs: Math.min(backoffDelay(attempt, retry, random), remaining) };
}
