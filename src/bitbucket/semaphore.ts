/**
 * A counting semaphore whose limit adapts to rate limiting: a 429 halves the effective limit
 * (AIMD, as TCP does), and each run of successes as long as the current limit grows it by one,
 * back up to the configured maximum.
 */
/** Scheduling priorities: how many dependent requests still wait on this one. */
export const PRIORITY = { last: 0, normal: 1, high: 2 } as const;

export class AdaptiveSemaphore {
  #max: number;
  /** False keeps the limit fixed at `max` (for comparison in tests and benchmarks). */
  readonly adaptive: boolean;
  #limit: number;
  #inFlight = 0;
  #successes = 0;
  #peak = 0;
  /** Waiters by priority (index = priority, highest served first), FIFO within one priority. */
  readonly #waiters: Array<Array<() => void>> = [[], [], [], []];
  #waiting = 0;

  constructor(max: number, adaptive = true) {
    this.#max = Math.max(1, Math.floor(max));
    this.adaptive = adaptive;
    this.#limit = this.#max;
  }

  /** Configured maximum. */
  get max(): number {
    return this.#max;
  }

  /**
   * Changes the maximum (e.g. wider for a small plan's reads, back to the default for writes).
   * A limit lowered by rate limiting stays lowered, capped by the new maximum.
   */
  resize(max: number): void {
    const next = Math.max(1, Math.floor(max));
    this.#limit = this.#limit >= this.#max ? next : Math.min(this.#limit, next);
    this.#max = next;
    this.#successes = 0;
    this.#drain();
  }

  /** Current effective limit. */
  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Highest number of holders seen at once. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Waits for a slot. Higher `priority` (0–3) is served first: callers pass the length of the
   * chain of requests that still depends on this one (critical-path scheduling), so a list that
   * others wait on starts before lists nothing waits on.
   */
  async acquire(priority: number = PRIORITY.normal): Promise<void> {
    if (this.#inFlight < this.#limit && this.#waiting === 0) {
      this.#take();
      return;
    }
    const level = Math.min(this.#waiters.length - 1, Math.max(0, Math.floor(priority)));
    this.#waiting++;
    await new Promise<void>((resolve) => this.#waiters[level]!.push(resolve));
  }

  release(): void {
    this.#inFlight--;
    this.#drain();
  }

  /** A request was rate limited: halve the limit (never below one). */
  onRateLimited(): void {
    if (!this.adaptive) return;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
    this.#successes = 0;
  }

  /** A request succeeded: after `limit` successes in a row, allow one more in flight. */
  onSuccess(): void {
    if (this.#limit >= this.#max) return;
    this.#successes++;
    if (this.#successes >= this.#limit) {
      this.#limit++;
      this.#successes = 0;
      this.#drain();
    }
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  #take(): void {
    this.#inFlight++;
    if (this.#inFlight > this.#peak) this.#peak = this.#inFlight;
  }

  #drain(): void {
    while (this.#inFlight < this.#limit && this.#waiting > 0) {
      const queue = this.#waiters.findLast((q) => q.length > 0)!;
      this.#waiting--;
      this.#take();
      queue.shift()!();
    }
  }
}
